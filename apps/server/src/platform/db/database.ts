import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export type DB = Kysely<Database>;

export interface DatabaseHandle {
  db: DB;
  kind: 'postgres' | 'pglite';
  /** True when the database answers a trivial query. */
  isReady(): Promise<boolean>;
  /** The embedded engine, for what only it can do (a snapshot of its data folder: modules/backup). */
  pglite?: PGlite;
  /** PostgreSQL's connection pool right now (for /metrics): open, idle, requests waiting for one, and its size. */
  poolUsage?(): { total: number; idle: number; waiting: number; max: number };
  close(): Promise<void>;
}

// DATE columns as plain strings: a birth date has no time zone.
pg.types.setTypeParser(1082, (value: string) => value);
// COUNT(*) and other bigints: numbers are safe for every count the ENT makes.
pg.types.setTypeParser(20, (value: string) => Number(value));

/** Connects to PostgreSQL. */
export function openPostgres(url: string, poolSize = 10): DatabaseHandle {
  // A bounded wait for a connection: when PostgreSQL is unreachable a request fails in seconds with a 503
  // (platform/health/outage.ts) instead of hanging; the pool reconnects by itself once the server is back.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000, keepAlive: true });
  // An idle connection the server closes (restart, failover, DROP DATABASE … FORCE) emits 'error' on the
  // pool; without a listener Node would crash the process. The pool drops that client and opens another.
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL idle connection lost: ${error.message}`);
  });
  // A client checked out of the pool has no 'error' listener of the pool's: a server restart while a
  // request holds it between two queries (a transaction awaiting a file write) would crash the process.
  // The next query on it fails instead (a 503), and the pool drops it when it is released.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    isReady: () => ping(db),
    poolUsage: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: poolSize }),
    close: () => db.destroy(),
  };
}

/** bigint as number, dates as text, and the extensions the migrations create (PGlite loads them on demand). */
const pgliteOptions = { parsers: { 20: (v: string) => Number(v), 1082: (v: string) => v }, extensions: { pg_trgm } };

/**
 * Opens the embedded PGlite database, under `dataDir/pglite`, or in memory when
 * `dataDir` is undefined. Refuses a data folder another live process holds.
 */
export async function openPGlite(dataDir?: string, options: { loadDataDir?: Blob } = {}): Promise<DatabaseHandle> {
  let unlock = () => {};
  let pglite: PGlite;
  if (dataDir) {
    const folder = join(dataDir, 'pglite');
    mkdirSync(folder, { recursive: true });
    unlock = lockDataFolder(dataDir);
    pglite = new PGlite(folder, { ...pgliteOptions, ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) });
  } else {
    pglite = new PGlite(pgliteOptions);
  }
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    isReady: () => ping(db),
    pglite,
    close: async () => {
      await db.destroy();
      unlock();
    },
  };
}

export class DataFolderLockedError extends Error {
  constructor(readonly pid: number, folder: string) {
    super(`The data folder ${folder} is in use by process ${pid}. Stop it first: PGlite serves one process only.`);
    this.name = 'DataFolderLockedError';
  }
}

function lockDataFolder(dataDir: string): () => void {
  const lockFile = join(dataDir, 'preau.lock');
  try {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) throw new DataFolderLockedError(pid, dataDir);
  } catch (error) {
    if (error instanceof DataFolderLockedError) throw error;
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ping(db: DB): Promise<boolean> {
  try {
    await sql`SELECT 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
