const CHECK_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** The check letter of a UAI: the 7-digit number modulo 23 in an alphabet without I, O, Q. */
export function uaiCheckLetter(digits: string): string {
  return CHECK_LETTERS[Number(digits) % 23]!;
}

/** True for a UAI of 7 digits followed by its correct check letter (e.g. 0750655E). */
export function isValidUai(value: string): boolean {
  return /^\d{7}[A-Z]$/.test(value) && uaiCheckLetter(value.slice(0, 7)) === value[7];
}
