import { publishDueNews } from './modules/news/news.service.ts';
import type { Server } from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';
import { type App, buildApp } from './app.ts';
import type { Config } from './platform/config.ts';
import { handlersSettled, startDraining } from './platform/health/health.ts';
import { assertRedisPersistence } from './platform/health/redis-persistence.ts';
import { createPlatform, type Platform, type PlatformOverrides } from './platform/platform.ts';
import { listenControlSocket } from './modules/backup/control-socket.ts';
import { purgeTrash } from './modules/messaging/purge-trash.ts';
import { dispatchPush, ensureVapidKeys, sendDigests } from './modules/timeline/notifications.service.ts';
import { sweepImportUploads } from './modules/provisioning/import-upload.ts';
import { rescanPendingFiles } from './modules/workspace/scanning.ts';
import { purgeExpiredTrash } from './modules/workspace/workspace.service.ts';
import { jobRegistry } from './job-registry.ts';
import { startJobWorker } from './platform/jobs/jobs.ts';
import { closeStaleResolvedTickets } from './modules/support/support.service.ts';
import { queueNightlyGarExport } from './modules/gar/gar-export-job.service.ts';
import { rescanPendingPhotos } from './modules/support/support-photos.service.ts';

/** A listening Préau process. */
export interface RunningServer {
  app: App;
  platform: Platform;
  /** http://host:port actually bound (the port may have been 0). */
  url: string;
  /**
   * Stops in order: no new connections, in-flight requests and background
   * work finish, then the job worker, then the pool closes. Idempotent.
   */
  close(): Promise<void>;
}

export interface StartOptions {
  platform?: PlatformOverrides;
  /** Called on the app before it listens (tests add routes there). */
  beforeListen?: (app: App) => void | Promise<void>;
}

/** Starts Préau: platform, demo seed on an empty database outside production, HTTP, periodic work. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const platform = await createPlatform(config, options.platform);
  let app: App;
  // A start that fails before anything runs (Redis without persistence, a seed or a key that cannot be
  // written) closes what it opened, so a caller that goes on (a test, a supervisor) inherits no open pool.
  try {
    if (config.isProduction && platform.redis) await assertRedisPersistence(platform.redis);
    if (!config.isProduction) {
      const { seedDemo } = await import('./modules/demo/seed-demo.ts');
      await seedDemo(platform, { onlyIfEmpty: true });
      const { loadSampleCatalogueIfEmpty } = await import('./modules/orientation/sample-catalogue.ts');
      await loadSampleCatalogueIfEmpty(platform.database.db);
    }
    app = await buildApp(platform);
    await ensureVapidKeys(platform);
  } catch (error) {
    await platform.close();
    throw error;
  }

  // Periodic work runs through `track`, so a shutdown waits for the run in hand instead of closing the
  // pool under it ("driver has already been destroyed").
  const running = new Set<Promise<unknown>>();
  const track = (name: string, work: () => Promise<unknown>) => {
    const run = work()
      .catch((error: unknown) => app.log.warn({ err: error }, `${name} failed`))
      .finally(() => running.delete(run));
    running.add(run);
  };
  const timers = [
    setInterval(() => track('housekeeping', () => platform.purgeExpired()), 10 * 60_000),
    // Messaging and notification jobs: Web Push of new events, the daily digest, trash older than 30 days.
    setInterval(() => {
      track('web push', () => dispatchPush(platform));
      track('digest', () => sendDigests(platform));
    }, 30_000),
    setInterval(() => track('trash purge', () => purgeTrash(platform)), 3_600_000),
    // Espace documentaire: trash older than 30 days, and the files clamd could not scan when they came.
    setInterval(() => track('documents trash purge', () => purgeExpiredTrash(platform)), 3_600_000),
    setInterval(() => track('documents rescan', () => rescanPendingFiles(platform)), 5 * 60_000),
    // Actualités published for a later date: their audience is told when the date comes.
    setInterval(() => track('news publication', () => publishDueNews(platform)), 60_000),
    // Support tickets resolved a week ago that their requester left: they close themselves.
    setInterval(() => track('support auto-close', () => closeStaleResolvedTickets(platform)), 3_600_000),
    // The nightly GAR export (GAR_ID_ENT and GAR_EXPORT_DIR set): queued once a day from 02:00 UTC, run by the job worker.
    setInterval(() => track('GAR export', () => queueNightlyGarExport(platform)), 10 * 60_000),
    // Support photos clamd could not scan when they came.
    setInterval(() => track('support photos rescan', () => rescanPendingPhotos(platform)), 5 * 60_000),
  ];
  for (const timer of timers) timer.unref();
  // Background jobs (AAF imports): queued ones, and those a dead process left; then upload folders no job needs.
  const stopJobs = startJobWorker(platform, jobRegistry);
  track('import uploads sweep', () => sweepImportUploads(platform));

  // `preau backup` asks the process holding the embedded database for its snapshot (modules/backup).
  let stopControl = async () => {};
  if (platform.database.kind === 'pglite') {
    try {
      stopControl = await listenControlSocket(platform);
    } catch (error) {
      app.log.warn({ err: error }, 'no control socket: preau backup will need the server stopped');
    }
  }

  await options.beforeListen?.(app);
  const connections = trackHttpConnections(app.server);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  app.log.info({ database: platform.database.kind, redis: Boolean(platform.redis) }, 'Préau is listening');

  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      for (const timer of timers) clearInterval(timer);
      startDraining(app);
      // New connections are refused at once: nginx then sends the request to another process (a refused
      // connect carries nothing, so even a POST is retried). Closing the listener later, while every answer
      // says `Connection: close` and nginx opens a connection per request, would reset connections the kernel
      // had accepted and nginx had already written a POST on. net.Server's own close: http.Server's would also
      // cut the idle kept-alive connections now (Node ≥ 19).
      net.Server.prototype.close.call(app.server);
      // Then the lame duck: /readyz says 503 and every answer carries `Connection: close`, so each kept-alive
      // connection ends after its next answer. Cutting an idle one instead races the request its client may
      // be writing at that instant (a 502 for a POST): the clients close them (nginx's upstream
      // keepalive_timeout, shorter than this wait: deploy/nginx/preau.conf); past the wait they are cut.
      await connections.drained(config.shutdownDrainSeconds * 1000);
      // A client that hung up closed its connection, not its handler: let those finish before the pool goes.
      await handlersSettled(app, config.shutdownDrainSeconds * 1000);
      // Fastify's close: its hooks, then the server's (already not listening; it tolerates that).
      const httpClosed = app.close();
      app.server.closeIdleConnections();
      await httpClosed;
      await stopControl();
      // The job in hand ends first (its steps are committed one by one; a cut one is resumed at the next start).
      await stopJobs();
      await Promise.allSettled([...running]);
      await platform.close();
    })());
  return { app, platform, url: `http://${host}:${address.port}`, close };
}

/**
 * The HTTP connections open on the server, WebSockets excluded (the live hub closes those): `drained(ms)`
 * resolves once none is left, or after `ms`.
 */
function trackHttpConnections(server: Server): { drained(ms: number): Promise<void> } {
  const open = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  server.on('upgrade', (_request, socket: Socket) => open.delete(socket));
  return {
    async drained(ms) {
      const deadline = Date.now() + ms;
      while (open.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    },
  };
}

/** `preau serve`: starts, and shuts down gracefully on SIGTERM / SIGINT (Kubernetes, systemd, Ctrl-C). */
export async function serve(config: Config): Promise<void> {
  const server = await startServer(config);
  const shutdown = (signal: string) => {
    server.app.log.info({ signal }, 'shutting down');
    // Beyond this, something hangs: exit rather than linger past the orchestrator's grace period.
    const force = setTimeout(() => {
      server.app.log.error('shutdown took more than 15 s; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
