import type { ChangePasswordBody, Locale, ResetPasswordBody } from '@preau/contracts';
import { AppError } from '../../platform/errors.ts';
import { hashPassword, verifyPassword } from '../../platform/passwords.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Session } from '../../platform/sessions/session-store.ts';
import { hashToken, newToken } from '../../platform/tokens.ts';
import { consumeAuthToken, findAccountByLogin, getAccount, insertAuthToken, updateAccount } from './identity.repository.ts';
import { assertStrongPassword } from './password-policy.ts';

const RESET_LINK_MS = 30 * 60_000;
const RESET_MAILS_PER_HOUR = 3;

const resetMail = {
  fr: (name: string, link: string) => ({
    subject: 'Préau : réinitialisation de votre mot de passe',
    text:
      `Bonjour ${name},\n\nUne réinitialisation du mot de passe de votre compte Préau a été demandée.\n` +
      `Pour choisir un nouveau mot de passe, ouvrez ce lien dans les 30 minutes (il ne sert qu’une fois) :\n\n${link}\n\n` +
      `Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.\n`,
  }),
  en: (name: string, link: string) => ({
    subject: 'Préau: reset your password',
    text:
      `Hello ${name},\n\nA password reset was requested for your Préau account.\n` +
      `To choose a new password, open this link within 30 minutes (it works once):\n\n${link}\n\n` +
      `If you did not ask for this, ignore this message: your password stays the same.\n`,
  }),
} satisfies Record<Locale, (name: string, link: string) => { subject: string; text: string }>;

/**
 * Sends a single-use reset link when the account is active and has an e-mail.
 * Says nothing either way: the caller answers the same message in every case.
 */
export async function requestPasswordReset(platform: Platform, loginInput: string): Promise<void> {
  const loginName = loginInput.trim().toLowerCase();
  const account = await findAccountByLogin(platform.database.db, loginName);
  if (!account || account.status !== 'ACTIVE' || !account.email) return;
  const sent = await platform.counters.increment(`reset-mail:${account.id}`, 3_600_000, platform.now());
  if (sent.count > RESET_MAILS_PER_HOUR) return;

  const token = newToken();
  await insertAuthToken(platform.database.db, {
    tokenHash: hashToken(token),
    accountId: account.id,
    purpose: 'PASSWORD_RESET',
    expiresAt: new Date(platform.now() + RESET_LINK_MS),
  });
  const link = `${platform.config.publicUrl}/mot-de-passe/reinitialiser?token=${encodeURIComponent(token)}`;
  const mail = resetMail[account.locale](account.first_name, link);
  await platform.mailer.send({ to: account.email, ...mail });
}

/** Sets a new password from a reset link, and ends every session of the account. */
export async function resetPassword(platform: Platform, body: ResetPasswordBody): Promise<void> {
  const db = platform.database.db;
  const tokenHash = hashToken(body.token);
  const now = new Date(platform.now());
  const row = await db
    .selectFrom('auth_tokens')
    .innerJoin('accounts', 'accounts.id', 'auth_tokens.account_id')
    .select(['accounts.id', 'accounts.login', 'accounts.status'])
    .where('auth_tokens.token_hash', '=', tokenHash)
    .where('auth_tokens.purpose', '=', 'PASSWORD_RESET')
    .where('auth_tokens.used_at', 'is', null)
    .where('auth_tokens.expires_at', '>', now)
    .executeTakeFirst();
  if (!row || row.status !== 'ACTIVE') throw new AppError('RESET_TOKEN_INVALID');
  assertStrongPassword(body.password, row.login);
  const passwordHash = await hashPassword(body.password);
  const done = await db.transaction().execute(async (trx) => {
    const accountId = await consumeAuthToken(trx, tokenHash, 'PASSWORD_RESET', now);
    if (accountId !== row.id) return false;
    await updateAccount(trx, row.id, { password_hash: passwordHash });
    return true;
  });
  if (!done) throw new AppError('RESET_TOKEN_INVALID');
  await platform.sessions.deleteAllFor(row.id);
}

/**
 * Changes one's own password after checking the current one. Other sessions
 * end; the current one stays open.
 */
export async function changePassword(
  platform: Platform,
  session: { idHash: string; data: Session },
  body: ChangePasswordBody,
): Promise<void> {
  const account = await getAccount(platform.database.db, session.data.accountId);
  if (!account?.password_hash) throw new AppError('UNAUTHENTICATED');
  if (!(await verifyPassword(account.password_hash, body.currentPassword))) {
    throw new AppError('WRONG_PASSWORD', { fields: { currentPassword: 'WRONG_PASSWORD' } });
  }
  assertStrongPassword(body.newPassword, account.login);
  await updateAccount(platform.database.db, account.id, { password_hash: await hashPassword(body.newPassword) });
  await platform.sessions.deleteAllFor(account.id);
  await platform.sessions.create(session.idHash, session.data);
}
