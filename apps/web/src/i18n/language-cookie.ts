import type { Locale } from '@preau/contracts';

/** The cookie the server reads to answer in the user's language. */
export const LANG_COOKIE = 'preau_lang';
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

/** True for the two languages of the interface. */
export function isLocale(value: unknown): value is Locale {
  return value === 'fr' || value === 'en';
}

/** The language stored in a `document.cookie` string, if any. */
export function readLangCookie(cookies: string): Locale | undefined {
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === LANG_COOKIE) {
      const value = decodeURIComponent(rest.join('='));
      return isLocale(value) ? value : undefined;
    }
  }
  return undefined;
}

/** The `document.cookie` assignment that stores `lang` for the whole site. */
export function langCookie(lang: Locale, secure: boolean): string {
  return `${LANG_COOKIE}=${lang}; path=/; max-age=${ONE_YEAR_SECONDS}; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** The language to start in: the cookie, else the browser's preferences, else French. */
export function pickInitialLanguage(cookies: string, browserLanguages: readonly string[]): Locale {
  const fromCookie = readLangCookie(cookies);
  if (fromCookie) return fromCookie;
  for (const tag of browserLanguages) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'fr';
}
