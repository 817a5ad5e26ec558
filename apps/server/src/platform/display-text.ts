/**
 * Text a user typed that others will see as a name or a title (a message
 * subject, a folder name, a file name). Direction controls (U+202A–202E,
 * U+2066–2069, U+200E/200F, U+061C) reorder what is shown: "corrige‮fdp.exe"
 * reads "corrigeexe.pdf"; other invisible format characters (zero-width
 * spaces, soft hyphens, tag characters, U+FEFF) hide or fake a difference
 * between two names. All go, with control characters and line breaks.
 *
 * Zero-width joiner and non-joiner (U+200D, U+200C) stay: emoji sequences and
 * Persian or Indic words need them, and they move nothing.
 */
export function cleanDisplayText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/(?![\u200c\u200d])\p{Cf}/gu, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

