import type { Platform } from '../../platform/platform.ts';
import { deleteStoredBytes } from '../../platform/storage/uploads.ts';
import { deleteExpiredTrash, dropOrphans } from './messages.repository.ts';

/** How long a message stays in the trash before it is deleted for good. */
export const TRASH_RETENTION_MS = 30 * 24 * 3_600_000;

/**
 * Empties every trash of what has been there more than 30 days, in batches
 * of short transactions (a crash mid-way leaves the rest for the next run);
 * messages nobody keeps any more go, and so do files nothing names.
 * Returns the number of copies deleted.
 */
export async function purgeTrash(platform: Platform, batch = 1000): Promise<number> {
  const before = new Date(platform.now() - TRASH_RETENTION_MS);
  let total = 0;
  for (;;) {
    let deleted = 0;
    const keys = await platform.database.db.transaction().execute(async (trx) => {
      const ids = await deleteExpiredTrash(trx, before, batch);
      deleted = ids.length;
      return dropOrphans(trx, ids);
    });
    await deleteStoredBytes(platform, keys);
    total += deleted;
    if (deleted === 0) return total;
  }
}
