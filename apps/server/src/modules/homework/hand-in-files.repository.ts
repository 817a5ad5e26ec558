import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { releaseStoredFiles } from '../../platform/storage/storage-quota.repository.ts';

/** SQL of the files of hand-ins, returns and cahier de textes entries. Writes take the caller's transaction. */
type Db = Kysely<Database> | Transaction<Database>;
type OwnerType = 'ENTRY' | 'SUBMISSION' | 'RETURN';

/**
 * The student's hand-in of a homework, created or touched (submission time,
 * lateness) and LOCKED until the caller's transaction ends: concurrent
 * uploads to one hand-in count its files one after the other.
 */
export async function lockSubmissionForFiles(
  trx: Transaction<Database>,
  submission: { homeworkId: string; studentId: string; submittedAt: Date; isLate: boolean },
): Promise<{ id: string; returned_at: Date | null }> {
  const values = { submitted_at: submission.submittedAt, is_late: submission.isLate };
  return trx
    .insertInto('submissions')
    .values({ homework_id: submission.homeworkId, student_id: submission.studentId, text: null, ...values })
    .onConflict((oc) => oc.columns(['homework_id', 'student_id']).doUpdateSet(values))
    .returning(['id', 'returned_at'])
    .executeTakeFirstOrThrow();
}

/** A hand-in, locked until the caller's transaction ends (undefined when it is gone). */
export async function lockSubmission(trx: Transaction<Database>, submissionId: string) {
  return trx.selectFrom('submissions').select(['id', 'returned_at']).where('id', '=', submissionId).forUpdate().executeTakeFirst();
}

export async function countFilesOf(db: Db, ownerType: OwnerType, ownerId: string): Promise<number> {
  const row = await db
    .selectFrom('homework_files')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('owner_type', '=', ownerType)
    .where('owner_id', '=', ownerId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertFile(
  trx: Transaction<Database>,
  file: { ownerType: OwnerType; ownerId: string; uploadedBy: string; key: string; size: number; fileName: string; contentType: string },
) {
  return trx
    .insertInto('homework_files')
    .values({
      owner_type: file.ownerType,
      owner_id: file.ownerId,
      filename: file.fileName,
      content_type: file.contentType,
      size: file.size,
      storage_key: file.key,
      uploaded_by: file.uploadedBy,
    })
    .returning(['id', 'filename', 'size', 'content_type'])
    .executeTakeFirstOrThrow();
}

/** Deletes a file row of its owner and gives its bytes back to the uploader's quota; returns the storage key to delete after commit. */
export async function deleteFileOf(trx: Transaction<Database>, ownerType: OwnerType, ownerId: string, fileId: string): Promise<string | undefined> {
  const row = await trx
    .deleteFrom('homework_files')
    .where('id', '=', fileId)
    .where('owner_type', '=', ownerType)
    .where('owner_id', '=', ownerId)
    .returning('storage_key')
    .executeTakeFirst();
  if (!row) return undefined;
  await releaseStoredFiles(trx, [row.storage_key]);
  return row.storage_key;
}
