import { hash as oneShotHash } from 'node:crypto';
import type { ImportEntityType, RejectionReason } from '@preau/contracts';
import { type AafRecord, readAafRecords } from './aaf-reader.ts';
import {
  type Attrs,
  attrsOf,
  categoryFits,
  entityOfFile,
  jointureOf,
  keyOf,
  parseMef,
  parseParent,
  parseStaff,
  parseStructure,
  parseStudent,
  parseSubject,
  Rejection,
} from './aaf-records.ts';
import { type AafImportSettings, settingsFingerprint } from './aaf-settings.ts';
import type { AafFileType, AafSource } from './aaf-sources.ts';

/**
 * What a record gives without the database: its key, and for an addRequest
 * its attributes as stored, their hash and the entity they describe (or why
 * it is rejected). Pure, so it runs in the import's worker thread
 * (aaf-prepare-worker.ts) while the main thread applies the batch before.
 * Everything here crosses a thread boundary: plain data, no class instances.
 */

/** A rejection as data (a Rejection does not survive being posted to another thread). */
export interface RejectionData {
  reason: RejectionReason;
  detail: string | null;
}

/** A state's attributes as stored (JSON, names sorted) and the content hash of that JSON. */
export interface Digest {
  json: string;
  hash: string;
}

export interface Item {
  rec: AafRecord;
  file: string;
  /** Academy-prefixed key and jointure, or why the record has none. */
  key?: string;
  jointure?: string;
  keyRejection?: RejectionData;
  /** For an addRequest: its digest and entity, or the entity's rejection. */
  pre?: Digest & { entity?: unknown; rejection?: RejectionData };
}

export function rejectionOf(data: RejectionData): Rejection {
  return new Rejection(data.reason, data.detail);
}

function asData(error: unknown): RejectionData {
  // Anything but a Rejection is a bug: it stops the import rather than being reported as a bad record.
  if (!(error instanceof Rejection)) throw error;
  return { reason: error.reason, detail: error.detail };
}

const noAttributes: Map<string, string[]> = new Map();

export class RecordPreparer {
  private readonly fingerprint: string;

  constructor(private readonly settings: AafImportSettings) {
    this.fingerprint = settingsFingerprint(settings);
  }

  digestOf(kind: ImportEntityType, attrs: Attrs): Digest {
    const json = JSON.stringify(attrs);
    // One-shot hash of the same bytes as update(kind).update(fingerprint).update(json): same digest, no Hash object per record.
    return { json, hash: oneShotHash('sha256', kind + this.fingerprint + json, 'base64url').slice(0, 27) };
  }

  parseEntity(kind: ImportEntityType, jointure: string, attrs: Attrs): unknown {
    switch (kind) {
      case 'STRUCTURE':
        return parseStructure(attrs);
      case 'SUBJECT':
        return parseSubject(jointure, attrs);
      case 'MEF':
        return parseMef(jointure, attrs);
      case 'STUDENT':
        return parseStudent(attrs);
      case 'PARENT':
        return parseParent(attrs);
      default:
        return parseStaff(attrs, this.settings);
    }
  }

  prepare(file: string, type: AafFileType, rec: AafRecord): Item {
    const item: Item = { rec, file };
    const kind = entityOfFile[type];
    try {
      if (!categoryFits(type, rec.category)) throw new Rejection('WRONG_CATEGORY', rec.category);
      item.jointure = jointureOf(type, rec.id, rec.attributes);
      item.key = keyOf(this.settings.academy, item.jointure);
    } catch (error) {
      item.keyRejection = asData(error);
      return item;
    }
    if (rec.op === 'add') {
      const attrs = attrsOf(rec.attributes);
      const digest = this.digestOf(kind, attrs);
      try {
        item.pre = { ...digest, entity: this.parseEntity(kind, item.jointure, attrs) };
      } catch (error) {
        item.pre = { ...digest, rejection: asData(error) };
      }
      // Posted to the main thread as JSON only (half the bytes to copy); only a modifyRequest's own map is read later.
      item.rec = { ...rec, attributes: noAttributes };
    }
    return item;
  }
}

/** The same batches as the worker thread's (PrepareThread.batches), prepared on this thread. */
export async function* preparedBatches(preparer: RecordPreparer, source: AafSource, batchSize: number): AsyncGenerator<Item[]> {
  let items: Item[] = [];
  try {
    for await (const rec of readAafRecords(await source.open())) {
      items.push(preparer.prepare(source.name, source.type, rec));
      if (items.length >= batchSize) {
        yield items;
        items = [];
      }
    }
  } catch (error) {
    // The records read before a malformed part are yielded before its error, as the reader does.
    if (items.length > 0) yield items;
    throw error;
  }
  if (items.length > 0) yield items;
}
