import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Platform } from '../platform.ts';
import { FileNotFoundError } from '../storage/file-storage.ts';

/** A dependency check answers within this time or counts as down: a probe must never hang. */
const CHECK_TIMEOUT_MS = 2_000;

export interface Readiness {
  ready: boolean;
  /** One word per dependency, never a message (probes are public: no host, no user, no error text). */
  checks: { database: 'up' | 'down'; redis: 'up' | 'down' | 'absent'; storage: 'up' | 'down' };
}

/** Checks the database, Redis and the file storage, each with its own time limit. */
export async function checkReadiness(platform: Platform): Promise<Readiness> {
  const [database, redis, storage] = await Promise.all([
    withTimeout(async () => {
      await sql`SELECT 1`.execute(platform.database.db);
    }),
    platform.redis ? withTimeout(async () => void (await platform.redis?.ping())) : Promise.resolve(undefined),
    // A key nobody writes: "not found" proves the store answers, without writing on every probe.
    withTimeout(async () => {
      try {
        (await platform.storage.get('health/readiness-probe')).destroy();
      } catch (error) {
        if (!(error instanceof FileNotFoundError)) throw error;
      }
    }),
  ]);
  const checks: Readiness['checks'] = {
    database: database ? 'up' : 'down',
    redis: redis === undefined ? 'absent' : redis ? 'up' : 'down',
    storage: storage ? 'up' : 'down',
  };
  return { ready: checks.database === 'up' && checks.redis !== 'down' && checks.storage === 'up', checks };
}

async function withTimeout(check: () => Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const draining = new WeakSet<FastifyInstance>();
/** Requests whose handler has not answered yet, per app (a client that went away does not end its handler). */
const inFlight = new WeakMap<FastifyInstance, Set<object>>();

/**
 * `/healthz`: the process answers (liveness: restart it when this fails).
 * `/readyz`: the database, Redis and storage answer and the process is not
 * shutting down (readiness: send it traffic only when this succeeds).
 * Both public, and they say nothing about who uses the ENT.
 */
export function registerHealthRoutes(app: FastifyInstance, platform: Platform): void {
  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    if (draining.has(app)) return reply.status(503).header('retry-after', '5').send({ status: 'draining' });
    const { ready, checks } = await checkReadiness(platform);
    if (!ready) void reply.header('retry-after', '5');
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks });
  });
  // During a shutdown, every answer closes its connection: a keep-alive client (nginx, a browser) opens
  // its next request elsewhere instead of sending it to a process about to go.
  app.addHook('onSend', async (_request, reply) => {
    if (draining.has(app)) void reply.header('connection', 'close');
  });
  // Handlers in flight: counted from onRequest until their answer is sent (onSend), which also happens when the
  // client has gone meanwhile — its connection closed at once, but the handler still runs and still queries.
  const pending = new Set<object>();
  inFlight.set(app, pending);
  app.addHook('onRequest', async (request) => {
    pending.add(request);
  });
  app.addHook('onSend', async (request) => {
    pending.delete(request);
  });
  app.addHook('onResponse', async (request) => {
    pending.delete(request);
  });
}

/**
 * Resolves once no handler is running, or after `ms`: the shutdown closes the database pool only then, so a
 * request whose client hung up during the drain does not end in "driver has already been destroyed".
 */
export async function handlersSettled(app: FastifyInstance, ms: number): Promise<void> {
  const pending = inFlight.get(app);
  const deadline = Date.now() + ms;
  while (pending && pending.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Marks the app as shutting down: `/readyz` answers 503 and answers close their connections. */
export function startDraining(app: FastifyInstance): void {
  draining.add(app);
}
