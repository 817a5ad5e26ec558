import type { Readable } from 'node:stream';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import { LocalDiskStorage } from './local-disk-storage.ts';
import { S3Storage } from './s3-storage.ts';

/**
 * Where files (attachments, documents) live. Keys are opaque strings made by
 * the caller from random ids (`messaging/ab/abcdef…`); the storage never
 * sees a user's file name. Local disk by default, S3-compatible when
 * configured, so any node of a cluster reads what another wrote.
 */
export interface FileStorage {
  readonly kind: 'local' | 's3';
  /** Writes the whole stream under `key`; resolves with the number of bytes written. */
  put(key: string, body: Readable | Buffer, options: { contentType: string; size?: number }): Promise<number>;
  /** The content of `key`; throws FileNotFoundError when there is none. */
  get(key: string): Promise<Readable>;
  /** Removes `key`; no error when it is already gone. */
  delete(key: string): Promise<void>;
}

export class FileNotFoundError extends Error {
  constructor(key: string) {
    super(`No file under ${key}`);
    this.name = 'FileNotFoundError';
  }
}

/**
 * The storage service answered with an error (an S3 outage, refused
 * credentials, a missing bucket): 503 STORAGE_UNAVAILABLE for the user, the
 * service's own error kept as `cause` for the log.
 */
export class StorageServiceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageServiceError';
  }
}

/** Refuses keys that could leave the storage root or surprise a shell. */
export function assertSafeKey(key: string): void {
  if (!/^[a-z0-9][a-z0-9/_-]{0,200}$/.test(key) || key.includes('//') || key.endsWith('/')) {
    throw new Error(`Unsafe storage key: ${key}`);
  }
}

/** The storage the configuration asks for. */
export function createFileStorage(config: Pick<Config, 'dataDir' | 's3'>): FileStorage {
  if (config.s3) return new S3Storage(config.s3);
  return new LocalDiskStorage(join(config.dataDir, 'files'));
}
