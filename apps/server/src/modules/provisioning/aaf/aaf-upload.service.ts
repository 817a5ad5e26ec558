import { createReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import type { Actor } from '../../../platform/authorization.ts';
import { AppError } from '../../../platform/errors.ts';
import type { Platform } from '../../../platform/platform.ts';
import { aafImportJob, startAafImport } from './aaf-import.service.ts';
import { type ArchiveLimits, AafSourceError, openAafSources, tarGzCounter, typeOfName } from './aaf-sources.ts';
import { cleanFileName, createUploadDir, type IncomingUpload, removeWhenFinished, saveUpload } from '../import-upload.ts';

/**
 * The admin area's side of AAF imports: an uploaded archive is streamed to
 * `<data>/imports/<random>/<name>` (never held in memory), checked, then
 * imported by the same job as `preau import aaf`; the folder is removed when
 * the job ends, or at once when the upload is refused. The job views
 * (history, job page, rejections, report) are imports.service.ts.
 */

type UploadKind = 'zip' | 'tar.gz' | 'xml';

function kindOf(name: string): UploadKind | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.zip')) return 'zip';
  if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) return 'tar.gz';
  if (lower.endsWith('.xml')) return 'xml';
  return undefined;
}

async function firstBytes(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Whether a tar.gz holds an AAF file: reads the headers until the first one
 * (usually the first entry), within the archive limits (AAF_ARCHIVE_TOO_LARGE past them).
 */
async function tarHoldsAaf(path: string, limits: ArchiveLimits): Promise<boolean> {
  const input = createReadStream(path);
  const gunzip = createGunzip();
  const extract = tar.extract();
  const counter = tarGzCounter(path, limits);
  let found = false;
  let refusal: AppError | undefined;
  extract.on('entry', (header, stream, next) => {
    // An entry's stream fails with the parser: that error is the pipeline's.
    stream.on('error', () => undefined);
    refusal = counter.entry();
    if (refusal) {
      extract.destroy();
      return;
    }
    if (header.type === 'file' && typeOfName(header.name)) {
      found = true;
      input.destroy();
      gunzip.destroy();
      extract.destroy();
      return;
    }
    stream.on('end', next);
    stream.resume();
  });
  try {
    await pipeline(input, gunzip, counter.bytes, extract);
  } catch (error) {
    // Destroyed on purpose once found, or not a tar.gz at all; or past a limit.
    if (error instanceof AppError) throw error;
  }
  if (refusal) throw refusal;
  return found;
}

/** Refuses (AAF_UPLOAD_NOT_AAF) a file that cannot be an AAF import, before any job exists. */
async function checkAafContent(path: string, name: string, kind: UploadKind, limits: ArchiveLimits): Promise<void> {
  const head = await firstBytes(path, 4096);
  let ok = false;
  if (kind === 'zip') {
    if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
      try {
        const set = await openAafSources([path], limits);
        ok = set.sources.length > 0;
        await set.close();
      } catch (error) {
        if (!(error instanceof AafSourceError)) throw error;
      }
    }
  } else if (kind === 'tar.gz') {
    ok = head[0] === 0x1f && head[1] === 0x8b && (await tarHoldsAaf(path, limits));
  } else {
    const text = head.toString('latin1').replace(/^\xef\xbb\xbf/, '').trimStart();
    ok = typeOfName(name) !== undefined && text.startsWith('<') && text.includes('ficAlimMENESR');
  }
  if (!ok) throw new AppError('AAF_UPLOAD_NOT_AAF');
}

/**
 * Receives an upload: streams it to disk (the multipart parser stops it at
 * the configured size), checks it, starts the import job and returns its id.
 * Any refusal leaves nothing behind.
 */
export async function uploadAafImport(
  platform: Platform,
  actor: Actor,
  upload: IncomingUpload,
  options: { dryRun: boolean; collectiviteId: string; academy?: string | undefined },
): Promise<string> {
  const name = cleanFileName(upload.filename);
  const kind = kindOf(name);
  if (!kind) {
    upload.file.resume();
    throw new AppError('AAF_UPLOAD_TYPE');
  }
  const dir = await createUploadDir(platform);
  const path = join(dir, name);
  let started = false;
  try {
    await saveUpload(platform, upload, path);
    await checkAafContent(path, name, kind, platform.config.provisioning.archive);
    const id = await startAafImport(platform, {
      paths: [path],
      dryRun: options.dryRun,
      actorId: actor.accountId,
      collectiviteId: options.collectiviteId,
      ...(options.academy ? { academy: options.academy } : {}),
    });
    started = true;
    removeWhenFinished(platform, aafImportJob, id, dir);
    return id;
  } finally {
    if (!started) await rm(dir, { recursive: true, force: true });
  }
}
