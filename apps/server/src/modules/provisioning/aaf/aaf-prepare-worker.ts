import { parentPort, workerData } from 'node:worker_threads';
import { AafFileError, readAafRecords } from './aaf-reader.ts';
import { type Item, RecordPreparer } from './aaf-prepare.ts';
import type { FromWorker, ToWorker } from './aaf-prepare-thread.ts';
import type { AafImportSettings } from './aaf-settings.ts';

/**
 * The import's worker thread: decodes and parses the bytes of one file at a
 * time, prepares each record (aaf-prepare.ts) and posts them back by batches.
 * The main thread sends the bytes; it never sends more than a few megabytes
 * ahead of what this thread has read, so memory stays bounded.
 */

const port = parentPort!;
const preparer = new RecordPreparer((workerData as { settings: AafImportSettings }).settings);

interface FileInput {
  seq: number;
  chunks: Uint8Array[];
  ended: boolean;
  wake: (() => void) | undefined;
}
let current: FileInput | undefined;

type Body = FromWorker extends infer M ? (M extends unknown ? Omit<M, 'seq'> : never) : never;
const post = (input: FileInput, message: Body) => port.postMessage({ ...message, seq: input.seq });

async function* bytesOf(input: FileInput): AsyncGenerator<Buffer> {
  for (;;) {
    const chunk = input.chunks.shift();
    if (chunk) {
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      post(input, { type: 'consumed', bytes: chunk.byteLength });
      continue;
    }
    if (input.ended) return;
    await new Promise<void>((resolve) => {
      input.wake = resolve;
    });
    input.wake = undefined;
  }
}

async function prepareFile(message: Extract<ToWorker, { type: 'file' }>, input: FileInput): Promise<void> {
  let items: Item[] = [];
  const flush = () => {
    if (items.length > 0) post(input, { type: 'batch', items });
    items = [];
  };
  try {
    for await (const rec of readAafRecords(bytesOf(input))) {
      items.push(preparer.prepare(message.name, message.fileType, rec));
      if (items.length >= message.batchSize) flush();
    }
    flush();
    post(input, { type: 'done' });
  } catch (error) {
    // The records read before the error still go to the main thread, as the reader yields them.
    flush();
    if (error instanceof AafFileError) post(input, { type: 'error', message: error.message, line: error.line });
    else post(input, { type: 'fatal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'file') {
    current = { seq: message.seq, chunks: [], ended: false, wake: undefined };
    void prepareFile(message, current);
    return;
  }
  if (!current) return;
  if (message.type === 'chunk') current.chunks.push(message.bytes);
  else current.ended = true;
  current.wake?.();
});
