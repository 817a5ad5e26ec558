/**
 * The password rule, shared by the server (which enforces it) and the web app
 * (which states it on screen and checks as the user types).
 * Follows the CNIL 2022 recommendation: 12 characters mixing four kinds, or a
 * passphrase of 16 characters or more.
 */
export type PasswordProblem = 'TOO_SHORT' | 'NEEDS_LOWER' | 'NEEDS_UPPER' | 'NEEDS_DIGIT' | 'NEEDS_SYMBOL' | 'TOO_LONG';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSPHRASE_MIN_LENGTH = 16;
export const PASSWORD_MAX_LENGTH = 128;

/** The unmet parts of the rule; an empty list means the password is strong enough. */
export function passwordProblems(password: string): PasswordProblem[] {
  const length = [...password].length;
  if (length > PASSWORD_MAX_LENGTH) return ['TOO_LONG'];
  if (length >= PASSPHRASE_MIN_LENGTH) return [];
  const problems: PasswordProblem[] = [];
  if (length < PASSWORD_MIN_LENGTH) problems.push('TOO_SHORT');
  if (!/\p{Ll}/u.test(password)) problems.push('NEEDS_LOWER');
  if (!/\p{Lu}/u.test(password)) problems.push('NEEDS_UPPER');
  if (!/\p{Nd}/u.test(password)) problems.push('NEEDS_DIGIT');
  if (!/[^\p{L}\p{Nd}]/u.test(password)) problems.push('NEEDS_SYMBOL');
  return problems;
}
