import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';

/**
 * Prometheus metrics on /metrics: request counts and durations by route, plus
 * process metrics. Not public (they tell the traffic and the versions): a
 * scraper shows METRICS_TOKEN as a bearer token, or calls directly from an
 * address of METRICS_ALLOW (loopback by default).
 */
export function registerMetrics(app: FastifyInstance, config: Pick<Config, 'metrics'>): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'preau_' });
  const requests = new Counter({
    name: 'preau_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'preau_http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL: ids and search terms stay out of labels.
    const route = request.routeOptions.url ?? 'not_found';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    durations.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    if (!mayReadMetrics(request, config.metrics)) throw new AppError('FORBIDDEN');
    return reply.type(registry.contentType).send(await registry.metrics());
  });
  return registry;
}

function mayReadMetrics(request: FastifyRequest, metrics: Config['metrics']): boolean {
  const auth = request.headers.authorization;
  if (metrics.token && auth?.startsWith('Bearer ')) return sameSecret(auth.slice(7), metrics.token);
  // A request relayed by a proxy on this machine comes from loopback too: only
  // a direct one counts, so the connection's own address, and no forwarding header.
  const relayed = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  const address = (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  return !relayed && metrics.allow.includes(address);
}

/** Compares digests, so neither the length nor the content leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
