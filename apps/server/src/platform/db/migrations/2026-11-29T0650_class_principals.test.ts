import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createClass, createGroup, createStructure, ensureSubject } from '../../../../test/factories.ts';
import { openMigratedDatabase } from '../../../../test/isolated-database.ts';
import type { DB } from '../database.ts';
import { down, up } from './2026-11-29T0650_class_principals.ts';

/**
 * The move of the professeur principal flag (teachings.is_principal) to its
 * own table, both ways, on a database of its own (it alters the schema): an
 * in-memory PGlite, or a fresh PostgreSQL database next to TEST_DATABASE_URL's.
 */

let db: DB;
let close: () => Promise<void>;
beforeAll(async () => ({ db, close } = await openMigratedDatabase()));
afterAll(() => close?.());

const hasColumn = async () =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'teachings' AND column_name = 'is_principal'`.execute(db))
    .rows[0]!.n === 1;
const hasTable = async () => (await sql<{ t: string | null }>`SELECT to_regclass('class_principals')::text AS t`.execute(db)).rows[0]!.t !== null;
const principals = async () =>
  (await sql<{ class_id: string; teacher_id: string }>`SELECT class_id, teacher_id FROM class_principals`.execute(db)).rows
    .map((r) => `${r.class_id} ${r.teacher_id}`)
    .sort();

describe('migration 2026-11-29T0650_class_principals', () => {
  it('copies the flag into class_principals (one row per class and teacher), drops the column, and down() puts it back', async () => {
    const structure = await createStructure(db);
    const [a, b] = [await createClass(db, structure.id), await createClass(db, structure.id)];
    const group = await createGroup(db, structure.id);
    const [t1, t2, t3] = [await createAccount(db, { profile: 'ENSEIGNANT' }), await createAccount(db, { profile: 'ENSEIGNANT' }), await createAccount(db, { profile: 'ENSEIGNANT' })];
    const maths = await ensureSubject(db);
    const spanish = await ensureSubject(db, '030602', 'ESP2', 'Espagnol LV2');

    // Back to the schema before the migration, with the flag set on teachings.
    await down(db);
    expect(await hasColumn()).toBe(true);
    expect(await hasTable()).toBe(false);
    const teachings = [
      [t1.id, a.id, null, maths, true],
      [t1.id, a.id, null, spanish, true], // PP of A on two of his subjects: one row
      [t1.id, b.id, null, maths, false],
      [t2.id, a.id, null, spanish, true], // co-PP of A
      [t3.id, b.id, null, maths, false],
      [t3.id, null, group.id, spanish, true], // a flag on a group teaching names no class
    ] as const;
    for (const [teacher, classId, groupId, subject, principal] of teachings) {
      await sql`INSERT INTO teachings (teacher_id, class_id, group_id, subject_code, is_principal)
        VALUES (${teacher}, ${classId}, ${groupId}, ${subject}, ${principal})`.execute(db);
    }

    await up(db);
    expect(await hasColumn()).toBe(false);
    expect(await principals()).toEqual([`${a.id} ${t1.id}`, `${a.id} ${t2.id}`].sort());
    expect(Number((await db.selectFrom('teachings').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n)).toBe(teachings.length);
    // Deferrable like the other references to accounts an import batch writes before its accounts; indexed by teacher.
    const constraint = await sql<{ condeferrable: boolean; condeferred: boolean }>`
      SELECT condeferrable, condeferred FROM pg_constraint WHERE conname = 'class_principals_teacher_id_fkey'`.execute(db);
    expect(constraint.rows).toEqual([{ condeferrable: true, condeferred: false }]);
    const index = await sql<{ indexdef: string }>`SELECT indexdef FROM pg_indexes WHERE indexname = 'class_principals_teacher_idx'`.execute(db);
    expect(index.rows[0]?.indexdef).toContain('(teacher_id)');
    await expect(db.insertInto('class_principals').values({ class_id: b.id, teacher_id: randomUUID() }).execute()).rejects.toMatchObject({ code: '23503' });

    // A PP who teaches in the class (t3 in B), and one who does not (t2 in B).
    await db.insertInto('class_principals').values([{ class_id: b.id, teacher_id: t3.id }, { class_id: b.id, teacher_id: t2.id }]).execute();
    await down(db);
    expect(await hasTable()).toBe(false);
    const flags = await sql<{ line: string }>`
      SELECT teacher_id || ' ' || coalesce(class_id, group_id) || ' ' || subject_code || ' ' || is_principal AS line FROM teachings`.execute(db);
    // The flag can only sit on a teaching: t2's role in B, where he teaches nothing, does not survive down().
    expect(flags.rows.map((r) => r.line).sort()).toEqual(
      [
        `${t1.id} ${a.id} ${maths} true`,
        `${t1.id} ${a.id} ${spanish} true`,
        `${t1.id} ${b.id} ${maths} false`,
        `${t2.id} ${a.id} ${spanish} true`,
        `${t3.id} ${b.id} ${maths} true`,
        `${t3.id} ${group.id} ${spanish} false`,
      ].sort(),
    );

    await up(db);
    expect(await principals()).toEqual([`${a.id} ${t1.id}`, `${a.id} ${t2.id}`, `${b.id} ${t3.id}`].sort());
  });
});
