import { passwordProblems, type PasswordContext } from '@preau/contracts';

/** Which i18n message a new password and its confirmation deserve, if any. */
export interface NewPasswordCheck {
  password?: 'validation.required' | 'validation.passwordRule' | undefined;
  confirm?: 'validation.required' | 'validation.passwordMismatch' | undefined;
}

/** Checks a chosen password against the shared rule (with what the page knows of the account) and its confirmation. */
export function checkNewPassword(password: string, confirm: string, context: PasswordContext = {}): NewPasswordCheck {
  const check: NewPasswordCheck = {};
  if (!password) check.password = 'validation.required';
  else if (passwordProblems(password, context).length > 0) check.password = 'validation.passwordRule';
  if (!confirm) check.confirm = 'validation.required';
  else if (confirm !== password) check.confirm = 'validation.passwordMismatch';
  return check;
}
