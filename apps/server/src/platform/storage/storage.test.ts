import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageFailureCode } from '../health/outage.ts';
import { createFileStorage, FileNotFoundError, StorageServiceError } from './file-storage.ts';
import { LocalDiskStorage } from './local-disk-storage.ts';
import { S3Storage } from './s3-storage.ts';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

async function text(stream: Readable): Promise<string> {
  return Buffer.concat(await stream.toArray()).toString('utf8');
}

describe('local disk storage', () => {
  const root = mkdtempSync(join(tmpdir(), 'preau-files-'));
  folders.push(root);
  const storage = new LocalDiskStorage(root);

  it('writes, reads and deletes a file, and counts its bytes', async () => {
    const size = await storage.put('messaging/ab/abc-1', Readable.from([Buffer.from('Bonjour '), Buffer.from('à tous')]), { contentType: 'text/plain' });
    expect(size).toBe(Buffer.byteLength('Bonjour à tous'));
    expect(await text(await storage.get('messaging/ab/abc-1'))).toBe('Bonjour à tous');
    await storage.delete('messaging/ab/abc-1');
    await expect(storage.get('messaging/ab/abc-1')).rejects.toBeInstanceOf(FileNotFoundError);
    await storage.delete('messaging/ab/abc-1');
  });

  it('leaves nothing under the key when the upload stream fails', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('début'));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(storage.put('messaging/cd/broken', failing, { contentType: 'text/plain' })).rejects.toThrow('client went away');
    await expect(storage.get('messaging/cd/broken')).rejects.toBeInstanceOf(FileNotFoundError);
    expect(readdirSync(join(root, 'messaging/cd'))).toEqual([]);
  });

  it('leaves no partial file when the stream fails before the file has even opened (a quota reached at once)', async () => {
    for (let i = 0; i < 20; i += 1) {
      const cutAtOnce = new Readable({
        read() {
          this.destroy(new Error('cut at once'));
        },
      });
      await expect(storage.put(`messaging/ef/cut-${i}`, cutAtOnce, { contentType: 'text/plain' })).rejects.toThrow('cut at once');
    }
    expect(readdirSync(join(root, 'messaging/ef'))).toEqual([]);
  });

  it('refuses keys that climb out of its folder', async () => {
    await expect(storage.put('../etc/passwd', Buffer.from('x'), { contentType: 'text/plain' })).rejects.toThrow('Unsafe storage key');
    await expect(storage.get('a/../../b')).rejects.toThrow('Unsafe storage key');
  });

  it('is what the configuration gives without S3', () => {
    expect(createFileStorage({ dataDir: root, s3: undefined }).kind).toBe('local');
  });
});

/** `size` bytes of a repeatable pattern, produced 64 KiB at a time so the test holds none of it. */
function generated(size: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const chunk = Buffer.alloc(Math.min(65_536, size - sent), sent % 251);
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

async function sha256Of(stream: Readable): Promise<{ hash: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { hash: hash.digest('hex'), size };
}

/**
 * The S3 storage (AWS's SDK) against s3rver, an S3 server implementation
 * from npm run on a local port with its own folder: the requests are the
 * SDK's, signed and parsed by code nobody here wrote.
 */
describe('S3 storage against s3rver', () => {
  const directory = mkdtempSync(join(tmpdir(), 'preau-s3rver-'));
  folders.push(directory);
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: 'preau-test' }] });
  const options = { bucket: 'preau-test', region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true };
  let storage: S3Storage;
  let endpoint: string;

  beforeAll(async () => {
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    storage = new S3Storage({ ...options, endpoint });
  });
  afterAll(async () => {
    storage.destroy();
    await server.close();
  });

  it('puts, gets and deletes a small file, and counts its bytes', async () => {
    expect(await storage.put('messaging/ef/file-1', Readable.from([Buffer.from('pièce '), Buffer.from('jointe')]), { contentType: 'application/pdf' })).toBe(
      Buffer.byteLength('pièce jointe'),
    );
    expect(await text(await storage.get('messaging/ef/file-1'))).toBe('pièce jointe');
    await storage.delete('messaging/ef/file-1');
    await expect(storage.get('messaging/ef/file-1')).rejects.toBeInstanceOf(FileNotFoundError);
    await storage.delete('messaging/ef/file-1');
  });

  it('streams a file of several parts up (multipart) and down, byte for byte', async () => {
    const size = 17 * 1024 * 1024 + 123; // four parts of 5 MiB, the last one short
    const expected = await sha256Of(generated(size));
    expect(await storage.put('workspace/ab/large-1', generated(size), { contentType: 'application/octet-stream' })).toBe(size);
    expect(await sha256Of(await storage.get('workspace/ab/large-1'))).toEqual(expected);
    await storage.delete('workspace/ab/large-1');
  });

  it('keeps nothing under the key when the upload stream fails midway', async () => {
    let sent = 0;
    const failing = new Readable({
      read() {
        if (sent > 6 * 1024 * 1024) return void this.destroy(new Error('client went away'));
        sent += 65_536;
        this.push(Buffer.alloc(65_536, 7));
      },
    });
    await expect(storage.put('workspace/cd/broken', failing, { contentType: 'text/plain' })).rejects.toThrow('client went away');
    await expect(storage.get('workspace/cd/broken')).rejects.toBeInstanceOf(FileNotFoundError);
  });

  it('maps an unknown access key and a missing bucket to STORAGE_UNAVAILABLE, a refused connection to a network error', async () => {
    const unknownKey = new S3Storage({ ...options, endpoint, accessKeyId: 'NOBODY' }, { maxAttempts: 1 });
    const noBucket = new S3Storage({ ...options, endpoint, bucket: 'absent-bucket' }, { maxAttempts: 1 });
    const refusing: Server = createServer();
    await new Promise<void>((done) => refusing.listen(0, '127.0.0.1', done));
    const closedPort = (refusing.address() as { port: number }).port;
    await new Promise((done) => refusing.close(done));
    const unreachable = new S3Storage({ ...options, endpoint: `http://127.0.0.1:${closedPort}` }, { maxAttempts: 1 });
    try {
      for (const failing of [unknownKey, noBucket]) {
        const error = await failing.put('x/y', Buffer.from('z'), { contentType: 'text/plain' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StorageServiceError);
        expect(storageFailureCode(error)).toBe('STORAGE_UNAVAILABLE');
      }
      expect(await noBucket.get('x/y').catch((e: unknown) => e)).toBeInstanceOf(StorageServiceError);
      const refused = await unreachable.get('x/y').catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      for (const s of [unknownKey, noBucket, unreachable]) s.destroy();
    }
  });
});
