import { buildApp } from './app.ts';
import type { Config } from './platform/config.ts';
import { createPlatform } from './platform/platform.ts';
import { purgeTrash } from './modules/messaging/purge-trash.ts';
import { dispatchPush, ensureVapidKeys, sendDigests } from './modules/timeline/notifications.service.ts';
import { sweepImportUploads } from './modules/provisioning/aaf-upload.service.ts';
import { startJobWorker } from './platform/jobs/jobs.ts';

/** Starts Préau: platform, demo seed on an empty database outside production, HTTP, and graceful shutdown. */
export async function serve(config: Config): Promise<void> {
  const platform = await createPlatform(config);
  if (!config.isProduction) {
    const { seedDemo } = await import('./modules/demo/seed-demo.ts');
    await seedDemo(platform, { onlyIfEmpty: true });
    const { loadSampleCatalogueIfEmpty } = await import('./modules/orientation/sample-catalogue.ts');
    await loadSampleCatalogueIfEmpty(platform.database.db);
  }
  const app = await buildApp(platform);
  await ensureVapidKeys(platform);
  const housekeeping = setInterval(() => {
    platform.purgeExpired().catch((error: unknown) => app.log.warn({ err: error }, 'housekeeping failed'));
  }, 10 * 60_000);
  housekeeping.unref();
  // Messaging and notification jobs: trash older than 30 days, Web Push of new events, the daily digest.
  const notifications = setInterval(() => {
    dispatchPush(platform).catch((error: unknown) => app.log.warn({ err: error }, 'web push failed'));
    sendDigests(platform).catch((error: unknown) => app.log.warn({ err: error }, 'digest failed'));
  }, 30_000);
  notifications.unref();
  const trash = setInterval(() => {
    purgeTrash(platform).catch((error: unknown) => app.log.warn({ err: error }, 'trash purge failed'));
  }, 3_600_000);
  trash.unref();
  // Background jobs (AAF imports): queued ones, and those a dead process left; then upload folders no job needs.
  const stopJobs = startJobWorker(platform);
  sweepImportUploads(platform).catch((error: unknown) => app.log.warn({ err: error }, 'import uploads sweep failed'));

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    clearInterval(housekeeping);
    clearInterval(notifications);
    clearInterval(trash);
    // Stops accepting connections and waits for in-flight requests.
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await app.close();
    // The job in hand ends first (its steps are committed one by one; a cut one is resumed at the next start).
    await stopJobs();
    await platform.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  app.log.info({ database: platform.database.kind, redis: Boolean(platform.redis) }, 'Préau is listening');
}
