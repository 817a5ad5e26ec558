/**
 * The password rule, shared by the server (which enforces it) and the web app
 * (which states it on screen and checks it as the user types). It follows
 * NIST SP 800-63B and the ANSSI: a minimum length, a generous maximum, no
 * composition rule (a mix of character kinds is not asked for: it only leads
 * to `Motdepasse1!`), and a refusal of what attackers try first — common
 * passwords, repetitions and sequences, the account's own login and names.
 */
export type PasswordProblem = 'TOO_SHORT' | 'TOO_LONG' | 'PATTERN' | 'COMMON' | 'PERSONAL';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** The parts of the rule, in the order a checklist states them. */
export const passwordChecks = ['TOO_SHORT', 'PATTERN', 'COMMON', 'PERSONAL'] as const satisfies readonly PasswordProblem[];

export interface PasswordContext {
  /** The login, first and last names of the account: the password must not contain them. */
  personal?: ReadonlyArray<string | null | undefined>;
  /** Looks a normalised word up in the common-password list (`@preau/contracts/common-passwords`). */
  isCommon?: ((word: string) => boolean) | undefined;
}

/** Lower case, accents off: `Élève` and `eleve` are the same word to a guesser. */
export function normalizePasswordText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '€': 'e' };
const unleet = (text: string) => text.replace(/[013457@$€]/g, (c) => LEET[c] ?? c);

// Rows of the keyboards French pupils type on, both ways round.
const ROWS = ['azertyuiop', 'qsdfghjklm', 'wxcvbn', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890', 'abcdefghijklmnopqrstuvwxyz'];
const NEXT = new Set<string>();
for (const row of ROWS) {
  for (let i = 0; i + 1 < row.length; i++) {
    NEXT.add(row[i]! + row[i + 1]!);
    NEXT.add(row[i + 1]! + row[i]!);
  }
}

/** Repetitions (`aaaa`, `abcabc`), sequences (`1234`, `abcd`, `azerty`) or too few different characters. */
function isPredictable(normalized: string): boolean {
  const chars = [...normalized.replace(/[^\p{L}\p{N}]/gu, '')];
  if (new Set([...normalized]).size < 5) return true;
  if (chars.length < 2) return false;
  if (/^(.+)\1+$/u.test(chars.join(''))) return true;
  let predictable = 0;
  for (let i = 1; i < chars.length; i++) {
    const pair = chars[i - 1]! + chars[i]!;
    if (chars[i] === chars[i - 1] || NEXT.has(pair)) predictable++;
  }
  return predictable / (chars.length - 1) >= 0.6;
}

/** A common password, possibly dressed up: `P@ssw0rd2024!`, `Motdepasse-123`, `mot de passe 2026`. */
function isCommonVariant(normalized: string, isCommon: (word: string) => boolean): boolean {
  const core = normalized.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  const letters = core.replace(/[^\p{L}]/gu, '');
  const candidates = [normalized, core, unleet(normalized), unleet(core), letters, unleet(core).replace(/[^\p{L}]/gu, '')];
  return candidates.some((word) => word.length > 0 && isCommon(word));
}

function containsPersonal(normalized: string, personal: PasswordContext['personal']): boolean {
  const squeezed = normalized.replace(/[^\p{L}\p{N}]/gu, '');
  for (const item of personal ?? []) {
    if (!item) continue;
    const whole = normalizePasswordText(item);
    const parts = whole.split(/[\s._\-']+/).filter((part) => part.length >= 4);
    for (const word of [whole, whole.replace(/[^\p{L}\p{N}]/gu, ''), ...parts]) {
      // Four letters at least: a pupil called Léa must still be able to choose a password with "please" in it.
      if (word.length >= 4 && (normalized.includes(word) || squeezed.includes(word))) return true;
    }
  }
  return false;
}

/** The unmet parts of the rule; an empty list means the password may be used. */
export function passwordProblems(password: string, context: PasswordContext = {}): PasswordProblem[] {
  const length = [...password].length;
  if (length > PASSWORD_MAX_LENGTH) return ['TOO_LONG'];
  const normalized = normalizePasswordText(password);
  const problems: PasswordProblem[] = [];
  if (length < PASSWORD_MIN_LENGTH) problems.push('TOO_SHORT');
  if (isPredictable(normalized)) problems.push('PATTERN');
  if (context.isCommon && isCommonVariant(normalized, context.isCommon)) problems.push('COMMON');
  if (containsPersonal(normalized, context.personal)) problems.push('PERSONAL');
  return problems;
}
