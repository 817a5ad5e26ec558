import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ImportProgress } from '@preau/contracts';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { countPendingJobs, runningJobsHere } from '../jobs/jobs.ts';
import { AppError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The registry /metrics serves: a module adds its own gauges to it (the live sockets: timeline/live.ts). */
    metricsRegistry: Registry;
  }
}

/**
 * Prometheus metrics on /metrics: request counts and durations by route, the
 * database pool, the job queue, the progress of running imports, plus process
 * metrics (docs/OPERATIONS.md shows the dashboards' queries). Not public (they tell the traffic and the versions): a
 * scraper shows METRICS_TOKEN as a bearer token, or calls directly from an
 * address of METRICS_ALLOW (loopback by default).
 */
export function registerMetrics(app: FastifyInstance, config: Pick<Config, 'metrics'>, database: DatabaseHandle): Registry {
  const registry = new Registry();
  app.decorate('metricsRegistry', registry);
  collectDefaultMetrics({ register: registry, prefix: 'preau_' });
  registerPlatformGauges(registry, database);
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

/** Gauges read at each scrape: nothing is counted between scrapes. */
function registerPlatformGauges(registry: Registry, database: DatabaseHandle): void {
  const { poolUsage } = database;
  if (poolUsage) {
    new Gauge({
      name: 'preau_db_pool_connections',
      help: 'PostgreSQL connections of this process by state (total, idle, waiting requests, max)',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const usage = poolUsage();
        for (const state of ['total', 'idle', 'waiting', 'max'] as const) this.set({ state }, usage[state]);
      },
    });
  }
  new Gauge({
    name: 'preau_jobs',
    help: 'Background jobs queued or running in the whole instance, by kind and status',
    labelNames: ['kind', 'status'] as const,
    registers: [registry],
    async collect() {
      // Reset first: a kind whose last job finished must drop to nothing, not keep its last count.
      this.reset();
      for (const { kind, status, count } of await countPendingJobs(database.db)) this.set({ kind, status }, count);
    },
  });
  new Gauge({
    name: 'preau_job_records_read',
    help: 'Records read so far by each import running in this process',
    labelNames: ['kind', 'job'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { id, kind, progress } of runningJobsHere()) {
        const records = recordsRead(progress);
        if (records !== undefined) this.set({ kind, job: id }, records);
      }
    },
  });
}

/** Records an import reported: AAF and CSV imports per file, the Onisep catalogue as one count. */
function recordsRead(progress: unknown): number | undefined {
  const parsed = ImportProgress.safeParse(progress);
  if (parsed.success) return parsed.data.files.reduce((sum, file) => sum + file.records, 0);
  if (typeof progress === 'object' && progress !== null && 'rows' in progress && typeof progress.rows === 'number') return progress.rows;
  return undefined;
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
