import { describe, expect, it } from 'vitest';
import { cleanDisplayText } from './display-text.ts';

describe('cleanDisplayText', () => {
  it.each([
    ['right-to-left override hiding an .exe', 'corrige\u202efdp.exe', 'corrigefdp.exe'],
    ['isolates and marks', '\u2067abc\u2069 \u200fdef\u200e \u061c', 'abc def'],
    ['zero-width space, soft hyphen, BOM, word joiner', 'de\u200bvoir\u00ad\ufeff\u2060', 'devoir'],
    ['tag characters', 'flag\u{e0067}\u{e0062}', 'flag'],
    ['control characters and line breaks become one space', 'Sujet\r\n\tdu\u0000jour\u2028ici', 'Sujet du jour ici'],
    ['decomposed accents are composed', 'E\u0301le\u0300ve', 'Élève'],
  ])('removes %s', (_what, input, expected) => {
    expect(cleanDisplayText(input)).toBe(expected);
  });

  it('keeps what a real name needs: accents, emoji sequences, joiners of other scripts', () => {
    for (const text of ['Réunion « parents–profs »', '👩‍🏫 Classe', 'می‌خواهم', 'مرحبا بكم', '日本語']) expect(cleanDisplayText(text)).toBe(text);
  });
});
