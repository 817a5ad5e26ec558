import { passwordProblems } from '@preau/contracts';
import { AppError } from '../../platform/errors.ts';

/** Enforces the shared password rule, and refuses a password that contains the login. */
export function assertStrongPassword(password: string, login: string): void {
  const problems = passwordProblems(password);
  if (problems.length > 0) throw new AppError('PASSWORD_TOO_WEAK', { fields: { password: problems.join(',') } });
  const loginWord = login.toLowerCase().split('.')[0] ?? login;
  if (password.toLowerCase().includes(login.toLowerCase()) || (loginWord.length >= 4 && password.toLowerCase().includes(loginWord))) {
    throw new AppError('PASSWORD_SAME_AS_LOGIN', { fields: { password: 'CONTAINS_LOGIN' } });
  }
}
