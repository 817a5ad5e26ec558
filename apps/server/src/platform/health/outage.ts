import { StorageServiceError } from '../storage/file-storage.ts';

/**
 * Tells an error that means "a service Préau depends on is out of reach"
 * (PostgreSQL restarting, Redis down, a network cut) from a bug. The first
 * is the operator's to fix and the user's to retry later: it answers 503
 * SERVICE_UNAVAILABLE with Retry-After; the second stays a logged 500.
 */

/** Socket-level failures: the service is down, restarting or unreachable. */
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * PostgreSQL SQLSTATEs of a server going away or refusing connections
 * (class 08: connection exception; 57P01-03: shutdown, crash, starting up;
 * 53300: too many connections).
 */
const postgresCodes = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300']);

/** Messages of node-postgres, ioredis and Kysely that carry no code. */
const messages = [
  /^Connection terminated/, // pg: the server closed the connection mid-query, or a connection timeout
  /timeout exceeded when trying to connect/, // pg pool: no connection within connectionTimeoutMillis
  /Client has encountered a connection error and is not queryable/, // pg
  /^Connection is closed\.?$/, // ioredis
  /Stream isn't writeable/, // ioredis, offline queue off
  /Reached the max retries per request limit/, // ioredis MaxRetriesPerRequestError
  /driver has already been destroyed/, // Kysely, after the pool closed in a shutdown
];

export function isServiceUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; name?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && (networkCodes.has(e.code) || postgresCodes.has(e.code))) return true;
  if (e.name === 'MaxRetriesPerRequestError') return true;
  if (typeof e.message === 'string' && messages.some((m) => m.test(e.message as string))) return true;
  // Node's happy-eyeballs connect reports one AggregateError for the IPv4 and IPv6 attempts.
  if (Array.isArray(e.errors) && e.errors.some((inner) => isServiceUnavailable(inner, depth + 1))) return true;
  return isServiceUnavailable(e.cause, depth + 1);
}

/** Seconds a client waits before retrying: a PostgreSQL restart or a Redis failover takes a few. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * A file that could not be stored: the disk is full (STORAGE_FULL) or the
 * storage is out of order (STORAGE_UNAVAILABLE: a disk error, or the S3
 * service answering an error, which platform/storage/s3-storage.ts turns into
 * a StorageServiceError).
 */
export function storageFailureCode(error: unknown): 'STORAGE_FULL' | 'STORAGE_UNAVAILABLE' | undefined {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  if (e?.code === 'ENOSPC' || e?.code === 'EDQUOT') return 'STORAGE_FULL';
  if (e?.code === 'EROFS' || e?.code === 'EIO') return 'STORAGE_UNAVAILABLE';
  if (error instanceof StorageServiceError) return 'STORAGE_UNAVAILABLE';
  return undefined;
}
