import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileStorage, FileNotFoundError } from './file-storage.ts';
import { LocalDiskStorage } from './local-disk-storage.ts';
import { S3Storage, signV4 } from './s3-storage.ts';

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

  it('refuses keys that climb out of its folder', async () => {
    await expect(storage.put('../etc/passwd', Buffer.from('x'), { contentType: 'text/plain' })).rejects.toThrow('Unsafe storage key');
    await expect(storage.get('a/../../b')).rejects.toThrow('Unsafe storage key');
  });

  it('is what the configuration gives without S3', () => {
    expect(createFileStorage({ dataDir: root, s3: undefined }).kind).toBe('local');
  });
});

describe('S3 storage', () => {
  it('signs requests as AWS documents (Signature Version 4 example)', () => {
    const url = new URL('https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08');
    const authorization = signV4(
      {
        method: 'GET',
        url,
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
          Host: 'iam.amazonaws.com',
          'X-Amz-Date': '20150830T123600Z',
        },
        payloadHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      },
      { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 'iam' },
      new Date('2015-08-30T12:36:00Z'),
    );
    expect(authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, ' +
        'Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    );
  });

  it('puts, gets and deletes objects on an S3-compatible endpoint with signed path-style requests', async () => {
    const objects = new Map<string, Buffer>();
    const seen: Array<{ method: string; url: string; authorized: boolean }> = [];
    const options = { bucket: 'preau-test', region: 'fr-par', accessKeyId: 'KEY', secretAccessKey: 'SECRET', forcePathStyle: true };
    const server: Server = createServer(async (req: IncomingMessage, res) => {
      const body = Buffer.concat(await req.toArray());
      const url = new URL(req.url!, `http://${req.headers.host}`);
      const headers: Record<string, string> = {
        host: req.headers.host!,
        'x-amz-content-sha256': String(req.headers['x-amz-content-sha256']),
        'x-amz-date': String(req.headers['x-amz-date']),
      };
      if (req.headers['content-type']) headers['content-type'] = String(req.headers['content-type']);
      const d = String(req.headers['x-amz-date']);
      const date = new Date(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`);
      const expected = signV4({ method: req.method!, url, headers, payloadHash: headers['x-amz-content-sha256']! }, { ...options, service: 's3' }, date);
      const authorized = req.headers.authorization === expected;
      seen.push({ method: req.method!, url: url.pathname, authorized });
      if (!authorized) return res.writeHead(403).end();
      if (req.method === 'PUT') objects.set(url.pathname, body);
      if (req.method === 'DELETE') objects.delete(url.pathname);
      if (req.method === 'GET') {
        const object = objects.get(url.pathname);
        return object ? res.writeHead(200).end(object) : res.writeHead(404).end();
      }
      res.writeHead(200).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    try {
      const storage = new S3Storage({ ...options, endpoint: `http://127.0.0.1:${port}` });
      expect(await storage.put('messaging/ef/file-1', Readable.from([Buffer.from('pièce jointe')]), { contentType: 'application/pdf' })).toBe(
        Buffer.byteLength('pièce jointe'),
      );
      expect(await text(await storage.get('messaging/ef/file-1'))).toBe('pièce jointe');
      await storage.delete('messaging/ef/file-1');
      await expect(storage.get('messaging/ef/file-1')).rejects.toBeInstanceOf(FileNotFoundError);
      expect(seen.map((s) => [s.method, s.url, s.authorized])).toEqual([
        ['PUT', '/preau-test/messaging/ef/file-1', true],
        ['GET', '/preau-test/messaging/ef/file-1', true],
        ['DELETE', '/preau-test/messaging/ef/file-1', true],
        ['GET', '/preau-test/messaging/ef/file-1', true],
      ]);
      expect(new S3Storage({ ...options, forcePathStyle: false, endpoint: 'https://s3.fr-par.example' }).urlOf('a/b').href).toBe(
        'https://preau-test.s3.fr-par.example/a/b',
      );
    } finally {
      server.close();
    }
  });
});
