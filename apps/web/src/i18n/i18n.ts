import { errorCodes, errorMessages, type Locale } from '@preau/contracts';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { langCookie, pickInitialLanguage, readLangCookie } from './language-cookie.ts';
import { translations } from './resources.ts';

/** The API's error messages, per language, from the shared contracts (one source of truth). */
function apiErrors(locale: Locale): Record<string, string> {
  return Object.fromEntries(errorCodes.map((code) => [code, errorMessages[code][locale]]));
}

/** Starts i18next in the language of the cookie or the browser. */
export function initI18n(): typeof i18n {
  const lng = pickInitialLanguage(document.cookie, navigator.languages ?? [navigator.language]);
  void i18n.use(initReactI18next).init({
    resources: {
      fr: { translation: { ...translations.fr, apiErrors: apiErrors('fr') } },
      en: { translation: { ...translations.en, apiErrors: apiErrors('en') } },
    },
    lng,
    fallbackLng: 'fr',
    supportedLngs: ['fr', 'en'],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
  return i18n;
}

/** The language in use. */
export function currentLanguage(): Locale {
  return i18n.language === 'en' ? 'en' : 'fr';
}

/** The language explicitly chosen in this browser, if any. */
export function storedLanguage(): Locale | undefined {
  return readLangCookie(document.cookie);
}

/** Switches the interface and the server's answers (through the cookie) to `lang`. */
export function applyLanguage(lang: Locale): void {
  document.cookie = langCookie(lang, window.location.protocol === 'https:');
  document.documentElement.lang = lang;
  if (i18n.language !== lang) void i18n.changeLanguage(lang);
}
