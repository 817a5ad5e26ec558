import sanitizeHtml from 'sanitize-html';
import { normalizeForSearch } from '../../platform/search-key.ts';

/**
 * The allow-list of a message body: text formatting, lists, quotes and
 * links (http, https, mailto only). Everything else goes: scripts, styles,
 * event handlers, iframes, SVG, images (no tracking pixels), data: and
 * javascript: URLs.
 */
const bodyOptions: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'div', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'a', 'h2', 'h3', 'pre', 'code', 'hr'],
  // transformTags below rewrites every link's attributes, so rel and target are ours, never the sender's.
  allowedAttributes: { a: ['href', 'rel', 'target'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'svg', 'math', 'iframe', 'object', 'template'],
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: (attribs.href ? { href: attribs.href, rel: 'noopener noreferrer nofollow', target: '_blank' } : {}) as sanitizeHtml.Attributes,
    }),
  },
};

/** The body as it is stored and shown: allowed tags and attributes only. */
export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, bodyOptions).trim();
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

/** The text of a (sanitized) body, for previews, search and e-mails. */
export function plainText(html: string): string {
  // A block starts a line as well as ends one: the browser's editor writes "first line<div>second line</div>".
  const withBreaks = html.replace(/<(br|\/p|\/div|\/li|\/h[23]|\/blockquote)\s*\/?>/gi, '\n').replace(/<(p|div|li|h[23]|blockquote)(\s[^>]*)?>/gi, '\n');
  const text = sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} });
  return text
    .replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_m, name: string) => entities[name] ?? '')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}

/** A short preview of a body: its first 140 characters, line breaks kept (the list shows them, not lines glued together). */
export function previewOf(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
  return lines.length > 140 ? `${lines.slice(0, 139)}…` : lines;
}

/** What the French text search indexes: accent-free, lower-case subject and body. */
export function searchableText(subject: string, text: string): string {
  return normalizeForSearch(`${subject} ${text}`).slice(0, 100_000);
}
