import type { MessagingSettings, MessagingSettingsInput } from '@preau/contracts';
import type { Actor } from '../../platform/authorization.ts';
import type { Platform } from '../../platform/platform.ts';
import * as repo from './settings.repository.ts';

/*
 * The messagerie's settings are the actor's own: there is no id to pass, so
 * nobody can read or change another account's (the route also requires the
 * messagerie app, like every messaging route).
 */

/** The actor's messagerie settings. */
export async function getSettings(platform: Platform, actor: Actor): Promise<MessagingSettings> {
  return { signature: await repo.getSignature(platform.database.db, actor.accountId) };
}

/** Saves the actor's signature: trailing spaces and blank lines dropped, '' removes it. */
export async function updateSettings(platform: Platform, actor: Actor, input: MessagingSettingsInput): Promise<MessagingSettings> {
  const signature = input.signature
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
  await repo.setSignature(platform.database.db, actor.accountId, signature, new Date(platform.now()));
  return { signature };
}
