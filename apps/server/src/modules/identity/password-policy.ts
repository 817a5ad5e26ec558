import { passwordProblems } from '@preau/contracts';
import { isCommonPassword } from '@preau/contracts/common-passwords';
import { AppError } from '../../platform/errors.ts';

/**
 * Enforces the shared password rule (packages/contracts password-rule.ts)
 * with the common-password list and the account's own login and names.
 */
export function assertStrongPassword(password: string, account: { login: string; first_name: string; last_name: string }): void {
  const problems = passwordProblems(password, {
    isCommon: isCommonPassword,
    personal: [account.login, account.first_name, account.last_name],
  });
  if (problems.length === 0) return;
  // Kept apart so the form can say which personal word is the trouble.
  if (problems.length === 1 && problems[0] === 'PERSONAL') {
    throw new AppError('PASSWORD_SAME_AS_LOGIN', { fields: { password: 'PERSONAL' } });
  }
  throw new AppError('PASSWORD_TOO_WEAK', { fields: { password: problems.join(',') } });
}
