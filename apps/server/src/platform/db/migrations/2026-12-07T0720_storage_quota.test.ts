import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../../test/factories.ts';
import { openMigratedDatabase } from '../../../../test/isolated-database.ts';
import type { DB } from '../database.ts';
import { down, up } from './2026-12-07T0720_storage_quota.ts';

/**
 * The storage quota tables and their backfill from the files stored before
 * them, both ways, on a database of its own (it alters the schema): an
 * in-memory PGlite, or a fresh PostgreSQL database next to TEST_DATABASE_URL's.
 */

let db: DB;
let close: () => Promise<void>;
beforeAll(async () => ({ db, close } = await openMigratedDatabase()));
afterAll(() => close?.());

describe('migration 2026-12-07T0720_storage_quota', () => {
  it('charges files stored before it to their uploader (a forwarded file once, to its first sender), and down() drops the tables', async () => {
    await down(db);
    const [teacher, student] = [await createAccount(db, { profile: 'ENSEIGNANT' }), await createAccount(db, { profile: 'ELEVE' })];
    const message = async (senderId: string, at: string) =>
      (
        await sql<{ id: string }>`INSERT INTO messages (sender_id, thread_id, subject, body_html, preview, search_vector, created_at)
          VALUES (${senderId}, gen_random_uuid(), 's', '', '', to_tsvector('french', ''), ${at}) RETURNING id`.execute(db)
      ).rows[0]!.id;
    const original = await message(teacher.id, '2026-10-01T08:00:00Z');
    const forward = await message(student.id, '2026-10-02T08:00:00Z');
    await sql`INSERT INTO message_attachments (message_id, file_name, content_type, size, storage_key, created_at) VALUES
      (${original}, 'a.pdf', 'application/pdf', 1000, 'messaging/aa/one', '2026-10-01T08:00:00Z'),
      (${forward}, 'a.pdf', 'application/pdf', 1000, 'messaging/aa/one', '2026-10-02T08:00:00Z')`.execute(db);
    await sql`INSERT INTO homework_files (owner_type, owner_id, filename, content_type, size, storage_key, uploaded_by) VALUES
      ('SUBMISSION', gen_random_uuid(), 'copie.pdf', 'application/pdf', 300, 'homework/bb/two', ${student.id}),
      ('SUBMISSION', gen_random_uuid(), 'copie2.pdf', 'application/pdf', 200, 'homework/bb/three', ${student.id})`.execute(db);

    await up(db);
    const usage = await sql<{ account_id: string; used_bytes: string }>`SELECT account_id, used_bytes::text FROM storage_usage WHERE account_id IN (${teacher.id}, ${student.id})`.execute(db);
    expect(Object.fromEntries(usage.rows.map((r) => [r.account_id, Number(r.used_bytes)]))).toEqual({ [teacher.id]: 1000, [student.id]: 500 });
    const charged = await sql<{ storage_key: string; account_id: string }>`SELECT storage_key, account_id FROM stored_files WHERE storage_key IN ('messaging/aa/one', 'homework/bb/two')`.execute(db);
    expect(charged.rows.sort((a, b) => a.storage_key.localeCompare(b.storage_key))).toEqual([
      { storage_key: 'homework/bb/two', account_id: student.id },
      { storage_key: 'messaging/aa/one', account_id: teacher.id },
    ]);

    await down(db);
    expect((await sql<{ t: string | null }>`SELECT to_regclass('stored_files')::text AS t`.execute(db)).rows[0]!.t).toBeNull();
    await up(db);
  });
});
