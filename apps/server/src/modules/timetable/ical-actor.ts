import type { Actor } from '../../platform/authorization.ts';
import type { Platform } from '../../platform/platform.ts';
import { loadActor } from '../identity/identity.repository.ts';

/** The actor a feed token stands for: an active, not deleted account (a blocked one's feed goes dark). */
export async function loadActorOf(platform: Platform, accountId: string): Promise<Actor | undefined> {
  const db = platform.database.db;
  const account = await db
    .selectFrom('accounts')
    .select(['id', 'profile', 'staff_function', 'status'])
    .where('id', '=', accountId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!account || account.status === 'BLOCKED') return undefined;
  return loadActor(db, account, platform.schoolYear());
}
