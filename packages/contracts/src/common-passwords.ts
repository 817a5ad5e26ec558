import { COMMON_PASSWORDS } from './common-passwords.data.ts';

let words: Set<string> | undefined;

/**
 * Whether a (normalised: lower-case, no accents) word is one of the common
 * passwords the rule refuses. A separate entry point of the package
 * (`@preau/contracts/common-passwords`), so the web app loads its 80 kB only
 * on the pages where a password is chosen.
 */
export function isCommonPassword(word: string): boolean {
  words ??= new Set(COMMON_PASSWORDS.split(' '));
  return words.has(word);
}
