import { chmod, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { Platform } from '../../platform/platform.ts';
import { type BackupManifest, createBackup } from './backup.service.ts';

/**
 * PGlite serves one process: `preau backup` cannot open a data folder the
 * server holds, so it asks the server, over a Unix socket in the data folder
 * that only the folder's owner may open (mode 0600): nothing on the network.
 */
export function controlSocketPath(dataDir: string): string {
  return join(dataDir, 'preau.sock');
}

type Reply = { ok: true; manifest: BackupManifest } | { ok: false; error: string };

/** Listens for `{ command: 'backup', target }` lines; resolves with a function that stops listening. */
export async function listenControlSocket(platform: Platform): Promise<() => Promise<void>> {
  const path = controlSocketPath(platform.config.dataDir);
  await rm(path, { force: true }); // left by a process that died; the data folder lock already said none runs
  const filesRoot = platform.storage.kind === 'local' ? join(platform.config.dataDir, 'files') : undefined;
  const server = createServer((socket) => {
    let input = '';
    let answered = false;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      input += chunk;
      // One request per connection: bytes after the first line must not start a second backup.
      if (answered || !input.includes('\n')) return;
      answered = true;
      const reply = (answer: Reply) => socket.end(`${JSON.stringify(answer)}\n`);
      void (async () => {
        let target: string | undefined;
        try {
          const request = JSON.parse(input.slice(0, input.indexOf('\n'))) as { command?: string; target?: string };
          if (request.command !== 'backup' || typeof request.target !== 'string') throw new Error('Unknown command.');
          target = resolve(request.target);
          reply({ ok: true, manifest: await createBackup(platform.database, filesRoot, target) });
        } catch (error) {
          reply({ ok: false, error: error instanceof Error ? error.message : String(error) });
        }
      })();
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(path, () => done());
  });
  await chmod(path, 0o600);
  return async () => {
    await new Promise<void>((done) => server.close(() => done()));
    await rm(path, { force: true });
  };
}

/** Asks the server holding `dataDir` for a backup; undefined when no server listens there. */
export async function askServerForBackup(dataDir: string, target: string): Promise<BackupManifest | undefined> {
  const reply = await new Promise<Reply | undefined>((done, fail) => {
    const socket = createConnection(controlSocketPath(dataDir));
    let output = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify({ command: 'backup', target: resolve(target) })}\n`));
    socket.on('data', (chunk: string) => (output += chunk));
    socket.on('end', () => {
      try {
        done(JSON.parse(output) as Reply);
      } catch (error) {
        fail(error);
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') done(undefined);
      else fail(error);
    });
  });
  if (!reply) return undefined;
  if (!reply.ok) throw new Error(reply.error);
  return reply.manifest;
}

