import { sanitizeBody } from '../messaging/sanitize.ts';

/**
 * The cahier de textes uses the messagerie's HTML allow-list (text
 * formatting, lists, quotes, http/https/mailto links; no script, style,
 * image or frame), so both modules keep one sanitizer.
 */
export function sanitizeRichText(html: string): string {
  return sanitizeBody(html);
}
