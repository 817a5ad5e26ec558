import type { Readable } from 'node:stream';
import { audit } from '../../platform/audit.ts';
import type { Config } from '../../platform/config.ts';
import type { Platform } from '../../platform/platform.ts';
import { releaseStoredFiles } from '../../platform/storage/storage-quota.repository.ts';
import { deleteStoredBytes } from '../../platform/storage/uploads.ts';
import { makeThumbnail } from './thumbnails.ts';
import { clamdScanner, ScannerUnavailableError, type VirusScanner } from './clamd.ts';
import { discardVersion, findPendingVersions, markClean } from './workspace.repository.ts';

/**
 * Antivirus of the espace documentaire: every stored version is scanned by
 * clamd after it is kept. Clean: served. Infected: its row, its quota and its
 * bytes go. clamd unreachable: it stays "pending", never served, and the
 * periodic work scans it again. Without clamd configured (embedded default,
 * demo) files are marked "disabled" and served (production refuses to start
 * so unless ANTIVIRUS_DISABLED says it on purpose, config.ts).
 */

const scanners = new WeakMap<Config, VirusScanner | null>();

/** The scanner the configuration names, or null when there is no antivirus. */
export function scannerOf(platform: Platform): VirusScanner | null {
  let scanner = scanners.get(platform.config);
  if (scanner === undefined) {
    scanner = platform.config.clamd ? clamdScanner(platform.config.clamd, platform.config.clamdTimeoutMs) : null;
    scanners.set(platform.config, scanner);
  }
  return scanner;
}

export type ScanOutcome = 'clean' | 'infected' | 'pending' | 'disabled';

/** clamd's verdict on stored bytes, without acting on it (support photos share it): disabled, pending (clamd out of reach), clean or infected. */
export async function scanStoredBytes(platform: Platform, storageKey: string): Promise<{ outcome: 'disabled' } | { outcome: 'pending' } | { outcome: 'clean' } | { outcome: 'infected'; signature: string }> {
  const scanner = scannerOf(platform);
  if (!scanner) return { outcome: 'disabled' };
  try {
    const body: Readable = await platform.storage.get(storageKey);
    const verdict = await scanner.scan(body);
    return verdict.infected ? { outcome: 'infected', signature: verdict.signature } : { outcome: 'clean' };
  } catch (error) {
    if (error instanceof ScannerUnavailableError) return { outcome: 'pending' };
    throw error;
  }
}

/** Scans one stored version and acts on the verdict. */
export async function scanStoredVersion(platform: Platform, storageKey: string, actorId: string | null): Promise<ScanOutcome> {
  const verdict = await scanStoredBytes(platform, storageKey);
  if (verdict.outcome === 'disabled' || verdict.outcome === 'pending') return verdict.outcome;
  const db = platform.database.db;
  if (verdict.outcome === 'clean') {
    await markClean(db, storageKey);
    await makeThumbnail(platform, storageKey);
    return 'clean';
  }
  await db.transaction().execute(async (trx) => {
    await discardVersion(trx, storageKey);
    await releaseStoredFiles(trx, [storageKey]);
    await audit(trx, { actorId, action: 'workspace.file.infected', targetType: 'workspace_version', details: { signature: verdict.signature } });
  });
  await deleteStoredBytes(platform, [storageKey]);
  return 'infected';
}

/** Scans the versions clamd missed (periodic work); stops at the first one it still cannot scan. */
export async function rescanPendingFiles(platform: Platform, batch = 50): Promise<{ scanned: number; infected: number }> {
  if (!scannerOf(platform)) return { scanned: 0, infected: 0 };
  let scanned = 0;
  let infected = 0;
  for (const version of await findPendingVersions(platform.database.db, batch)) {
    const outcome = await scanStoredVersion(platform, version.storage_key, null);
    if (outcome === 'pending') break;
    scanned += 1;
    if (outcome === 'infected') infected += 1;
  }
  return { scanned, infected };
}
