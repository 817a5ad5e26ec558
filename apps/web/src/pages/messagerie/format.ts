/** A message date in a list: the time today, the day with its weekday otherwise ("lun. 7 déc."). */
export function formatDate(iso: string, locale: string, today = new Date()): string {
  const date = new Date(iso);
  const lang = locale === 'en' ? 'en-GB' : 'fr-FR';
  if (date.toDateString() === today.toDateString()) {
    return date.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
  }
  return date.toLocaleDateString(lang, { weekday: 'short', day: 'numeric', month: 'short', year: date.getFullYear() === today.getFullYear() ? undefined : 'numeric' });
}

/** A full message date: weekday, day and time ("lundi 7 décembre 2026 à 14:05"). */
export function formatFullDate(iso: string, locale: string): string {
  return new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'full', timeStyle: 'short' });
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

/** Text made safe to put inside HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * What the editor opens a new message, a reply or a forward with: an empty
 * line to write on, then the user's signature (its lines kept, escaped: it is
 * plain text), then the quoted message if any.
 */
export function openingBody(signature: string, quote = ''): string {
  const lines = signature.trim() ? signature.trim().split('\n').map(escapeHtml) : [];
  return `<p></p>${lines.length > 0 ? `<p>${lines.join('<br>')}</p>` : ''}${quote}`;
}
