import { describe, expect, it } from 'vitest';
import { hashToken, newActivationCode, newToken } from './tokens.ts';
import { normalizeForSearch, personSearchKey, searchTerms } from './search-key.ts';

describe('tokens', () => {
  it('makes activation codes easy to read: 8 characters, no 0/O/1/I/L', () => {
    const codes = new Set(Array.from({ length: 500 }, () => newActivationCode()));
    expect(codes.size).toBe(500);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
  });

  it('hashes tokens deterministically and makes 256-bit tokens', () => {
    const token = newToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toBe(token);
  });
});

describe('search keys', () => {
  it('drops accents, case and punctuation', () => {
    expect(normalizeForSearch('  Éloïse  D’Alembert-Çelik ')).toBe('eloise d alembert celik');
    expect(personSearchKey('Léa', 'MARTIN')).toBe('martin lea');
  });

  it('turns a query into at most five words, with LIKE wildcards gone', () => {
    expect(searchTerms('Mart%_ lé')).toEqual(['mart', 'le']);
    expect(searchTerms('a b c d e f g')).toHaveLength(5);
  });
});
