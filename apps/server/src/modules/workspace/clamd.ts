import { connect, type Socket } from 'node:net';
import type { Readable } from 'node:stream';

/**
 * A client of ClamAV's clamd speaking its INSTREAM command (clamd(8),
 * "zINSTREAM"): the file is sent as length-prefixed chunks, a zero length
 * ends it, and clamd answers "stream: OK" or "stream: <signature> FOUND".
 * Written here rather than taken from npm: the protocol is these few lines,
 * and the packages around it scan paths or spawn clamscan
 * (docs/decisions/antivirus.md). Proven against Debian's clamd in
 * clamd.test.ts.
 */

export type ScanVerdict = { infected: false } | { infected: true; signature: string };

/** clamd could not be reached or did not answer: the file stays "en cours d'analyse". */
export class ScannerUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`clamd unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ScannerUnavailableError';
  }
}

export interface VirusScanner {
  scan(body: Readable): Promise<ScanVerdict>;
}

export type ClamdAddress = { socket: string } | { host: string; port: number };

/** clamd's chunks are limited by its StreamMaxLength only; 64 KiB keeps memory flat. */
const CHUNK = 64 * 1024;

export function clamdScanner(address: ClamdAddress, timeoutMs: number): VirusScanner {
  return {
    async scan(body) {
      let socket: Socket;
      try {
        socket = await open(address, timeoutMs);
      } catch (error) {
        body.destroy();
        throw new ScannerUnavailableError(error);
      }
      const reply = readReply(socket);
      try {
        await write(socket, Buffer.from('zINSTREAM\0'));
        for await (const chunk of body) {
          const data = chunk as Buffer;
          for (let at = 0; at < data.length; at += CHUNK) {
            const part = data.subarray(at, at + CHUNK);
            const size = Buffer.alloc(4);
            size.writeUInt32BE(part.length);
            await write(socket, Buffer.concat([size, part]));
          }
        }
        await write(socket, Buffer.alloc(4));
      } catch (error) {
        // clamd closes the connection early when the stream passes its limit; its reply says why.
        const answer = await reply.catch(() => undefined);
        if (answer === undefined) throw new ScannerUnavailableError(error);
        return verdictOf(answer);
      }
      let answer: string;
      try {
        answer = await reply;
      } catch (error) {
        throw new ScannerUnavailableError(error);
      }
      return verdictOf(answer);
    },
  };
}

/** "stream: OK", "stream: Eicar-Signature FOUND"; anything else (size limit, error) is not a verdict. */
export function verdictOf(answer: string): ScanVerdict {
  const text = answer.replace(/\0+$/, '').trim();
  if (/^stream: OK$/.test(text)) return { infected: false };
  const found = /^stream: (.+) FOUND$/.exec(text);
  if (found) return { infected: true, signature: found[1]! };
  throw new ScannerUnavailableError(new Error(text || 'empty answer'));
}

function open(address: ClamdAddress, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = 'socket' in address ? connect(address.socket) : connect(address.port, address.host);
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('clamd timed out')));
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function write(socket: Socket, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed) return reject(new Error('clamd closed the connection'));
    socket.write(data, (error) => (error ? reject(error) : resolve()));
  });
}

function readReply(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    socket.on('data', (data: Buffer) => {
      parts.push(data);
      if (data.includes(0)) {
        socket.end();
        resolve(Buffer.concat(parts).toString('utf8'));
      }
    });
    socket.once('error', reject);
    socket.once('close', () => (parts.length > 0 ? resolve(Buffer.concat(parts).toString('utf8')) : reject(new Error('clamd closed without answering'))));
  });
}
