import { describe, expect, it } from 'vitest';
import { isValidUai, uaiCheckLetter } from './uai.ts';
import { passwordProblems } from './password-rule.ts';

describe('UAI', () => {
  it.each(['0870003F', '0370884K', '0790031E', '0049951V', '0690026D', '0750655E'])('accepts the real UAI %s', (uai) => {
    expect(isValidUai(uai)).toBe(true);
  });
  it.each(['0750655F', '075065E', '0750655e', 'A750655E', '07506551'])('refuses %s', (uai) => {
    expect(isValidUai(uai)).toBe(false);
  });
  it('computes the check letter', () => {
    expect(uaiCheckLetter('0750655')).toBe('E');
  });
});

describe('password rule', () => {
  it('accepts a 12-character password mixing four kinds, or a 16-character passphrase', () => {
    expect(passwordProblems('Preau-Demo-2026!')).toEqual([]);
    expect(passwordProblems('Abcdefgh12;x')).toEqual([]);
    expect(passwordProblems('correct horse battery')).toEqual([]);
  });
  it('lists what is missing', () => {
    expect(passwordProblems('abc')).toEqual(['TOO_SHORT', 'NEEDS_UPPER', 'NEEDS_DIGIT', 'NEEDS_SYMBOL']);
    expect(passwordProblems('abcdefghijkl')).toEqual(['NEEDS_UPPER', 'NEEDS_DIGIT', 'NEEDS_SYMBOL']);
    expect(passwordProblems('x'.repeat(129))).toEqual(['TOO_LONG']);
  });
});
