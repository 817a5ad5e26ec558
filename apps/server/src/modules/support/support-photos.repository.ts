import type { DB } from '../../platform/db/database.ts';

/** SQL of the photos of support tickets (table support_photos). */

export async function insertPhoto(
  db: DB,
  values: { ticketId: string; authorId: string; storageKey: string; contentType: string; size: number; scanStatus: 'pending' | 'disabled'; at: Date },
): Promise<string> {
  const row = await db
    .insertInto('support_photos')
    .values({
      ticket_id: values.ticketId,
      author_id: values.authorId,
      storage_key: values.storageKey,
      content_type: values.contentType,
      size: values.size,
      scan_status: values.scanStatus,
      created_at: values.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** How many photos the ticket has, counted in the transaction that holds the ticket's row lock. */
export async function countTicketPhotos(db: DB, ticketId: string): Promise<number> {
  const row = await db.selectFrom('support_photos').select((eb) => eb.fn.countAll<string>().as('n')).where('ticket_id', '=', ticketId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The ticket's photos, oldest first, with their author's name. */
export async function findTicketPhotos(db: DB, ticketId: string) {
  return db
    .selectFrom('support_photos as p')
    .leftJoin('accounts as a', 'a.id', 'p.author_id')
    .select(['p.id', 'p.scan_status', 'p.thumbnail_key', 'p.created_at', 'a.first_name', 'a.last_name'])
    .where('p.ticket_id', '=', ticketId)
    .orderBy('p.seq')
    .execute();
}

export async function getPhoto(db: DB, id: string) {
  return db
    .selectFrom('support_photos')
    .select(['id', 'ticket_id', 'storage_key', 'thumbnail_key', 'content_type', 'size', 'scan_status'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Marks a photo clean; false when it is gone meanwhile. */
export async function markPhotoClean(db: DB, storageKey: string): Promise<boolean> {
  const result = await db.updateTable('support_photos').set({ scan_status: 'clean' }).where('storage_key', '=', storageKey).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records a photo's thumbnail; false when the photo is gone meanwhile. */
export async function setPhotoThumbnail(db: DB, storageKey: string, thumbnailKey: string): Promise<boolean> {
  const result = await db.updateTable('support_photos').set({ thumbnail_key: thumbnailKey }).where('storage_key', '=', storageKey).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes a photo's row (found infected); returns its thumbnail's key when it had one. */
export async function deletePhoto(db: DB, storageKey: string) {
  return db.deleteFrom('support_photos').where('storage_key', '=', storageKey).returning(['ticket_id', 'thumbnail_key']).executeTakeFirst();
}

/** Photos clamd could not scan when they came, oldest first. */
export async function findPendingPhotos(db: DB, limit: number) {
  return db.selectFrom('support_photos').select(['storage_key', 'author_id']).where('scan_status', '=', 'pending').orderBy('seq').limit(limit).execute();
}
