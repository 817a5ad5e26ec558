import { describe, expect, it } from 'vitest';
import { initials } from './labels.ts';

describe('initials', () => {
  it('takes the first letters of the first and last words', () => {
    expect(initials('Marie Curie')).toBe('MC');
    expect(initials('Jean-Pierre de la Fontaine')).toBe('JF');
    expect(initials('élodie')).toBe('É');
    expect(initials('')).toBe('');
  });
});
