import type { IcalFeed } from '@preau/contracts';
import type { Actor } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { hashToken, newToken } from '../../platform/tokens.ts';
import { loadActorOf } from './ical-actor.ts';
import { addDays, parisNow } from './dates.ts';
import { renderCalendar } from './ical.ts';
import { calendarOf } from './timetable-context.ts';
import { ownOccurrences } from './timetable.service.ts';
import { deleteFeed, findFeedByHash, getFeedOf, saveFeed } from './timetable.repository.ts';

/**
 * Personal iCalendar feeds: a secret URL per account, shown once when made;
 * only its hash is stored, and making a new one or deleting it revokes the old.
 */

function feedUrl(platform: Platform, token: string): string {
  return `${platform.config.publicUrl}/ical/${token}.ics`;
}

export async function getFeed(platform: Platform, actor: Actor): Promise<IcalFeed> {
  const row = await getFeedOf(platform.database.db, actor.accountId);
  return { url: null, createdAt: row ? row.created_at.toISOString() : null };
}

/** Creates (or replaces) the actor's feed and returns its URL, the only time it is shown. */
export async function createFeed(platform: Platform, actor: Actor): Promise<IcalFeed> {
  const token = newToken();
  const now = new Date(platform.now());
  await saveFeed(platform.database.db, actor.accountId, hashToken(token), now);
  return { url: feedUrl(platform, token), createdAt: now.toISOString() };
}

export async function revokeFeed(platform: Platform, actor: Actor): Promise<void> {
  await deleteFeed(platform.database.db, actor.accountId);
}

/** The .ics of a token: the owner's sessions from 30 days ago to the end of the school year (at most 200 days). */
export async function renderFeed(platform: Platform, token: string): Promise<string> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new AppError('NOT_FOUND');
  const db = platform.database.db;
  const row = await findFeedByHash(db, hashToken(token));
  if (!row) throw new AppError('NOT_FOUND');
  const actor = await loadActorOf(platform, row.account_id);
  if (!actor) throw new AppError('NOT_FOUND');
  const today = parisNow(platform.now()).date;
  const year = platform.schoolYear();
  const structureId = actor.structureIds[0];
  const lastDay = structureId ? (await calendarOf(platform, db, structureId, year)).lastDay : addDays(today, 200);
  const from = addDays(today, -30);
  const limit = addDays(today, 200);
  const to = lastDay < limit ? lastDay : limit;
  const items = to >= from ? await ownOccurrences(platform, actor, { from, to }) : [];
  return renderCalendar({ name: 'Emploi du temps – Préau', host: new URL(platform.config.publicUrl).host, now: new Date(platform.now()), items });
}
