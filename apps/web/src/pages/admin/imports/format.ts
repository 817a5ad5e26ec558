import { currentLanguage } from '../../../i18n/i18n.ts';

/** A date and time in the interface's language (Europe/Paris is the browser's usual zone here). */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(currentLanguage() === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

/** A date alone. */
export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(currentLanguage() === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long' }).format(new Date(iso));
}

/** A count with the language's digit grouping. */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat(currentLanguage() === 'en' ? 'en-GB' : 'fr-FR').format(value);
}
