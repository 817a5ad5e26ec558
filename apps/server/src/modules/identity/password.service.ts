import type { ChangePasswordBody, Locale, ResetPasswordBody } from '@preau/contracts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Session } from '../../platform/sessions/session-store.ts';
import { hashToken, newToken } from '../../platform/tokens.ts';
import { consumeAuthToken, findAccountByLogin, getAccount, insertAuthToken, peekAuthToken, spendAuthTokens, updateAccount } from './identity.repository.ts';
import { LoginThrottle } from './login-throttle.ts';
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

/**
 * Sets a new password from a reset link. Every other reset link of the
 * account dies with it, and every session ends.
 */
export async function resetPassword(platform: Platform, body: ResetPasswordBody): Promise<void> {
  const db = platform.database.db;
  const tokenHash = hashToken(body.token);
  const now = new Date(platform.now());
  const ticket = await peekAuthToken(db, tokenHash, 'PASSWORD_RESET', now);
  const account = ticket ? await getAccount(db, ticket.account_id) : undefined;
  if (!account || account.status !== 'ACTIVE') throw new AppError('RESET_TOKEN_INVALID');
  assertStrongPassword(body.password, account);
  const passwordHash = await platform.passwords.hash(body.password);
  const done = await db.transaction().execute(async (trx) => {
    const accountId = await consumeAuthToken(trx, tokenHash, 'PASSWORD_RESET', now);
    if (accountId !== account.id) return false;
    await spendAuthTokens(trx, account.id, 'PASSWORD_RESET', now);
    await updateAccount(trx, account.id, { password_hash: passwordHash });
    return true;
  });
  if (!done) throw new AppError('RESET_TOKEN_INVALID');
  await platform.sessions.deleteAllFor(account.id);
}

/**
 * Throws WRONG_PASSWORD (on `field`) unless `password` is the account's
 * current one. Guesses made from an open session meet the login throttle too.
 */
export async function assertCurrentPassword(
  platform: Platform,
  account: { login: string; password_hash: string | null },
  password: string | undefined,
  context: { ip: string; field: string },
): Promise<void> {
  if (!password) throw new AppError('WRONG_PASSWORD', { fields: { [context.field]: 'REQUIRED' } });
  const throttle = new LoginThrottle(platform);
  await throttle.admit(context.ip, account.login);
  const right = account.password_hash ? await platform.passwords.verify(account.password_hash, password) : false;
  if (!right) throw new AppError('WRONG_PASSWORD', { fields: { [context.field]: 'WRONG_PASSWORD' } });
  await throttle.recordSuccess(context.ip, account.login);
}

/**
 * Changes one's own password after checking the current one. Outstanding
 * reset links die and other sessions end; the current one stays open.
 */
export async function changePassword(
  platform: Platform,
  session: { idHash: string; data: Session },
  body: ChangePasswordBody,
  ip: string,
): Promise<void> {
  const db = platform.database.db;
  const account = await getAccount(db, session.data.accountId);
  if (!account?.password_hash) throw new AppError('UNAUTHENTICATED');
  await assertCurrentPassword(platform, account, body.currentPassword, { ip, field: 'currentPassword' });
  assertStrongPassword(body.newPassword, account);
  const passwordHash = await platform.passwords.hash(body.newPassword);
  const now = new Date(platform.now());
  await db.transaction().execute(async (trx) => {
    await spendAuthTokens(trx, account.id, 'PASSWORD_RESET', now);
    await updateAccount(trx, account.id, { password_hash: passwordHash });
  });
  await platform.sessions.deleteAllFor(account.id);
  await platform.sessions.create(session.idHash, session.data);
}
