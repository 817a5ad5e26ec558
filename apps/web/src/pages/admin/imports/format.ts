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

/** A size in bytes, in the unit that reads best (octets in French). */
export function formatBytes(bytes: number): string {
  const french = currentLanguage() !== 'en';
  const units = french ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(french ? 'fr-FR' : 'en-GB', { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}
