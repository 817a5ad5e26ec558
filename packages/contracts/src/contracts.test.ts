import { describe, expect, it } from 'vitest';
import { isValidUai, uaiCheckLetter } from './uai.ts';

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
