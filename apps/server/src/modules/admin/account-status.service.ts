import type { AccountWithCode, AdminAccount } from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import type { Actor } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { newActivationCode } from '../../platform/tokens.ts';
import { type AccountInScope, loadAccountFor } from './account-access.ts';
import { presentAccount } from './admin.presenters.ts';
import { getAdminAccount, updateAccount } from './accounts.repository.ts';
import { deleteAuthTokensOf } from '../identity/identity.repository.ts';

/** Block, unblock, new activation code: the life cycle of an account in an admin's hands. */

async function viewOf(platform: Platform, id: string, schoolYear: number): Promise<AdminAccount> {
  const row = await getAdminAccount(platform.database.db, id, schoolYear);
  if (!row) throw new AppError('NOT_FOUND');
  return presentAccount(row);
}

function auditEntry(actor: Actor, action: string, scope: AccountInScope) {
  return {
    actorId: actor.accountId,
    action,
    targetType: 'account',
    targetId: scope.account.id,
    structureId: scope.memberships[0]?.structureId ?? null,
  };
}

/** Blocks an account: it can no longer log in, and every session it has ends now. */
export async function blockAccount(platform: Platform, actor: Actor, id: string): Promise<AdminAccount> {
  const scope = await loadAccountFor(platform, actor, id, 'account.block');
  if (scope.account.status !== 'BLOCKED') {
    await platform.database.db.transaction().execute(async (trx) => {
      await updateAccount(trx, id, { status: 'BLOCKED', blocked_at: new Date(platform.now()) });
      await audit(trx, auditEntry(actor, 'account.block', scope));
    });
  }
  // After the commit: sessions may live in Redis, and on PGlite the
  // transaction holds the only connection. Done even when already blocked,
  // so a retry after a failure here still logs the account out.
  await platform.sessions.deleteAllFor(id);
  return viewOf(platform, id, scope.schoolYear);
}

/** Unblocks an account: active again if it has a password, else back to awaiting activation. */
export async function unblockAccount(platform: Platform, actor: Actor, id: string): Promise<AdminAccount> {
  const scope = await loadAccountFor(platform, actor, id, 'account.block');
  if (scope.account.status === 'BLOCKED') {
    await platform.database.db.transaction().execute(async (trx) => {
      await updateAccount(trx, id, { status: scope.account.password_hash ? 'ACTIVE' : 'PROVISIONED', blocked_at: null });
      await audit(trx, auditEntry(actor, 'account.unblock', scope));
    });
  }
  return viewOf(platform, id, scope.schoolYear);
}

/**
 * Gives an account a new activation code (a forgotten password without
 * e-mail): its password is removed, it awaits activation again, its sessions end.
 */
export async function regenerateActivationCode(platform: Platform, actor: Actor, id: string): Promise<AccountWithCode> {
  const scope = await loadAccountFor(platform, actor, id, 'account.resetActivation');
  const activationCode = newActivationCode();
  await platform.database.db.transaction().execute(async (trx) => {
    await updateAccount(trx, id, {
      activation_code: activationCode,
      password_hash: null,
      status: 'PROVISIONED',
      blocked_at: null,
      activated_at: null,
    });
    // A reset link mailed before would otherwise still set a password on the re-keyed account.
    await deleteAuthTokensOf(trx, id);
    await audit(trx, auditEntry(actor, 'account.resetActivation', scope));
  });
  await platform.sessions.deleteAllFor(id);
  return { account: await viewOf(platform, id, scope.schoolYear), activationCode };
}
