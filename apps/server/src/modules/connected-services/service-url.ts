/**
 * Service URL patterns (issue 14): where a ticket or a redirect may go. A pattern is an absolute http(s)
 * URL; a final `*` allows every path below it. The origin (scheme, host, port) must match exactly, and
 * paths are compared after the URL parser has resolved `..` and percent-encoded dots, the way the
 * browser that follows the redirect will read them.
 */
export function matchesPattern(serviceUrl: string, pattern: string): boolean {
  const wildcard = pattern.endsWith('*');
  let service: URL;
  let allowed: URL;
  try {
    service = new URL(serviceUrl);
    allowed = new URL(wildcard ? pattern.slice(0, -1) : pattern);
  } catch {
    return false;
  }
  if (service.protocol !== 'https:' && service.protocol !== 'http:') return false;
  if (service.username || service.password) return false;
  if (service.origin !== allowed.origin) return false;
  return wildcard ? service.pathname.startsWith(allowed.pathname) : service.pathname === allowed.pathname;
}

/** Adds the ticket to a service URL without re-encoding what the service sent (its client compares it). */
export function withTicket(serviceUrl: string, ticket: string): string {
  const hashAt = serviceUrl.indexOf('#');
  const base = hashAt === -1 ? serviceUrl : serviceUrl.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : serviceUrl.slice(hashAt);
  return `${base}${base.includes('?') ? '&' : '?'}ticket=${ticket}${fragment}`;
}
