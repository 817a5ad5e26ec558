import type { Actor } from '../../platform/authorization.ts';
import type { Platform } from '../../platform/platform.ts';
import { loadActor } from '../../platform/sessions/actor-loader.ts';

/** The actor a feed token stands for: an active, not deleted account (a blocked one's feed goes dark). */
export async function loadActorOf(platform: Platform, accountId: string): Promise<Actor | undefined> {
  return loadActor(platform.database.db, accountId, platform.schoolYear());
}
