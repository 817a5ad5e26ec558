import { Worker } from 'node:worker_threads';
import type { Item } from './aaf-prepare.ts';
import { AafFileError } from './aaf-reader.ts';
import type { AafImportSettings } from './aaf-settings.ts';
import type { AafSource } from './aaf-sources.ts';

/**
 * The main thread's side of the import's worker (aaf-prepare-worker.ts).
 * Parsing the XML and preparing the records is most of the import's own
 * CPU; in the worker it runs on the second core while this thread and the
 * database apply the batch before. A re-import, which writes nothing, is
 * mostly that work.
 */

export type ToWorker =
  | { type: 'file'; seq: number; name: string; fileType: AafSource['type']; batchSize: number }
  | { type: 'chunk'; bytes: Uint8Array }
  | { type: 'end' };

/** `seq` names the file a message is about: one abandoned half-way (the import failed) may still speak. */
export type FromWorker = { seq: number } & (
  | { type: 'batch'; items: Item[] }
  | { type: 'consumed'; bytes: number }
  | { type: 'done' }
  | { type: 'error'; message: string; line: number }
  | { type: 'fatal'; message: string }
);

/** Bytes sent to the worker and not yet read by it: enough for the next batches to be ready in time. */
const AHEAD_BYTES = 8 * 1024 * 1024;

export class PrepareThread {
  private readonly worker: Worker;
  private readonly inbox: FromWorker[] = [];
  private wake: (() => void) | undefined;
  private failure: Error | undefined;
  private seq = 0;

  constructor(settings: AafImportSettings) {
    this.worker = new Worker(new URL('./aaf-prepare-boot.mjs', import.meta.url), {
      workerData: { module: new URL('./aaf-prepare-worker.ts', import.meta.url).href, settings },
    });
    this.worker.on('message', (message: FromWorker) => this.deliver(message));
    // A message this thread cannot read would otherwise be dropped, and the import would wait for it forever.
    this.worker.on('messageerror', (error) => {
      this.failure = error;
      this.wake?.();
    });
    this.worker.on('error', (error) => {
      this.failure = error;
      this.wake?.();
    });
    this.worker.on('exit', (code) => {
      this.failure ??= new Error(`the import's worker thread stopped (exit code ${code})`);
      this.wake?.();
    });
  }

  private deliver(message: FromWorker) {
    if (message.seq !== this.seq) return;
    this.inbox.push(message);
    this.wake?.();
  }

  private async receive(): Promise<FromWorker> {
    for (;;) {
      const message = this.inbox.shift();
      if (message) return message;
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
  }

  /**
   * The prepared records of a source, by batches, in file order. Throws
   * AafFileError after the batches of the records read before the error.
   */
  async *batches(source: AafSource, batchSize: number): AsyncGenerator<Item[]> {
    this.inbox.length = 0;
    this.seq++;
    this.worker.postMessage({ type: 'file', seq: this.seq, name: source.name, fileType: source.type, batchSize } satisfies ToWorker);
    const stream = await source.open();
    const chunks = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
    let ahead = 0;
    let ended = false;
    try {
      for (;;) {
        while (!ended && ahead < AHEAD_BYTES) {
          const next = await chunks.next();
          if (next.done) {
            this.worker.postMessage({ type: 'end' } satisfies ToWorker);
            ended = true;
            break;
          }
          // A copy the worker owns: stream chunks may share a pooled buffer.
          const bytes = new Uint8Array(typeof next.value === 'string' ? Buffer.from(next.value) : next.value);
          this.worker.postMessage({ type: 'chunk', bytes } satisfies ToWorker, [bytes.buffer]);
          ahead += bytes.byteLength;
        }
        const message = await this.receive();
        if (message.type === 'consumed') ahead -= message.bytes;
        else if (message.type === 'batch') yield message.items;
        else if (message.type === 'done') return;
        else if (message.type === 'error') throw new AafFileError(message.message, message.line);
        else throw new Error(`import worker: ${message.message}`);
      }
    } finally {
      await chunks.return?.();
    }
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
