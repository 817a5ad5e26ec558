/** A message date: the time today, the day otherwise. */
export function formatDate(iso: string, locale: string): string {
  const date = new Date(iso);
  const lang = locale === 'en' ? 'en-GB' : 'fr-FR';
  const today = new Date();
  if (date.toDateString() === today.toDateString()) {
    return date.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
  }
  return date.toLocaleDateString(lang, { day: 'numeric', month: 'short', year: date.getFullYear() === today.getFullYear() ? undefined : 'numeric' });
}

/** A file size for people. */
export function formatSize(bytes: number, locale: string): string {
  const lang = locale === 'en' ? 'en-GB' : 'fr-FR';
  if (bytes < 1024) return `${bytes} ${locale === 'en' ? 'B' : 'o'}`;
  const units = locale === 'en' ? ['KB', 'MB', 'GB'] : ['Ko', 'Mo', 'Go'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString(lang, { maximumFractionDigits: 1 })} ${units[unit]}`;
}
