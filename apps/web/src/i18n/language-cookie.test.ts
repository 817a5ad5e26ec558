import { describe, expect, it } from 'vitest';
import { langCookie, pickInitialLanguage, readLangCookie } from './language-cookie.ts';

describe('language cookie', () => {
  it('reads preau_lang among other cookies', () => {
    expect(readLangCookie('a=1; preau_lang=en; b=2')).toBe('en');
    expect(readLangCookie('preau_lang=fr')).toBe('fr');
  });

  it('ignores a missing or unknown language', () => {
    expect(readLangCookie('')).toBeUndefined();
    expect(readLangCookie('preau_lang=de')).toBeUndefined();
    expect(readLangCookie('other_preau_lang=en')).toBeUndefined();
  });

  it('writes a site-wide Lax cookie, Secure over HTTPS', () => {
    expect(langCookie('en', false)).toMatch(/^preau_lang=en; path=\/; max-age=\d+; SameSite=Lax$/);
    expect(langCookie('fr', true)).toMatch(/; Secure$/);
  });

  it('prefers the cookie, then the browser, then French', () => {
    expect(pickInitialLanguage('preau_lang=fr', ['en-GB'])).toBe('fr');
    expect(pickInitialLanguage('', ['de-DE', 'en-US'])).toBe('en');
    expect(pickInitialLanguage('', ['de-DE'])).toBe('fr');
    expect(pickInitialLanguage('', [])).toBe('fr');
  });
});
