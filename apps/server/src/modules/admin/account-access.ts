import { type Action, type Actor, authorize } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { AccountRow } from '../../platform/db/schema.ts';
import type { Platform } from '../../platform/platform.ts';
import { accountResource, requireAdminArea } from './admin-access.ts';
import { findMemberships, getAccount } from './accounts.repository.ts';

/** An account loaded for an admin action, with what `can` was asked about. */
export interface AccountInScope {
  account: AccountRow;
  memberships: { structureId: string; collectiviteId: string }[];
  schoolYear: number;
}

/**
 * Loads an account for `action`: NOT_FOUND when it does not exist or is out
 * of the actor's sight, FORBIDDEN when in sight but not to be acted on (an
 * admin's own account, or a COLLECTIVITE account for an ADML).
 */
export async function loadAccountFor(platform: Platform, actor: Actor, id: string, action: Action): Promise<AccountInScope> {
  requireAdminArea(actor);
  const db = platform.database.db;
  const schoolYear = platform.schoolYear();
  const account = await getAccount(db, id);
  if (!account) throw new AppError('NOT_FOUND');
  const memberships = await findMemberships(db, id, schoolYear);
  authorize(actor, action, accountResource(account, memberships));
  return { account, memberships, schoolYear };
}
