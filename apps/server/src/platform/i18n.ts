import { type ErrorCode, type Locale, errorMessages } from '@preau/contracts';
import type { FastifyRequest } from 'fastify';

/**
 * The language of a request: the `preau_lang` cookie set by the web app, else
 * the first of Accept-Language that Préau speaks, else French.
 */
export function requestLocale(request: FastifyRequest): Locale {
  const cookie = request.cookies?.preau_lang;
  if (cookie === 'fr' || cookie === 'en') return cookie;
  const header = request.headers['accept-language'];
  if (typeof header === 'string') {
    const ranked = header
      .split(',')
      .map((part) => {
        const [tag = '', ...params] = part.trim().split(';');
        const q = params.find((p) => p.trim().startsWith('q='));
        return { lang: tag.toLowerCase().slice(0, 2), q: q ? Number(q.split('=')[1]) : 1 };
      })
      .filter((entry) => entry.q > 0)
      .sort((a, b) => b.q - a.q);
    for (const { lang } of ranked) if (lang === 'fr' || lang === 'en') return lang;
  }
  return 'fr';
}

export function errorMessage(code: ErrorCode, locale: Locale): string {
  return errorMessages[code][locale];
}
