import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createStructure } from '../../../../test/factories.ts';
import { openMigratedDatabase } from '../../../../test/isolated-database.ts';
import type { DB } from '../database.ts';
import { down, up } from './2026-12-09T1100_support_technicians.ts';

/**
 * The support technicians migration on a database of its own (it alters the schema): the first slice's tickets
 * keep their meaning (in progress → attribué, with the dates it implies), the technician role fits admin_roles'
 * scope rule, and down() brings back the first slice's shape.
 */

let db: DB;
let close: () => Promise<void>;
beforeAll(async () => ({ db, close } = await openMigratedDatabase()));
afterAll(() => close?.());

describe('migration 2026-12-09T1100_support_technicians', () => {
  it('moves IN_PROGRESS tickets to ASSIGNED with taken_at, dates resolved and closed ones; admits TECHNICIAN rows scoped to a collectivité; down() reverts', async () => {
    await sql`DELETE FROM admin_roles WHERE role = 'TECHNICIAN'`.execute(db);
    await down(db);
    const structure = await createStructure(db);
    const author = await createAccount(db, { profile: 'ENSEIGNANT', structureIds: [structure.id] });
    const ticket = async (status: string) =>
      (
        await sql<{ id: string }>`INSERT INTO support_tickets (structure_id, author_id, title, description, urgency, status, created_at, updated_at)
          VALUES (${structure.id}, ${author.id}, 'Panne', 'x', 'NORMAL', ${status}, '2026-10-01T08:00:00Z', '2026-10-02T09:00:00Z') RETURNING id`.execute(db)
      ).rows[0]!.id;
    const ids = { NEW: await ticket('NEW'), IN_PROGRESS: await ticket('IN_PROGRESS'), RESOLVED: await ticket('RESOLVED'), CLOSED: await ticket('CLOSED') };
    // Before: no technician role.
    await expect(sql`INSERT INTO admin_roles (account_id, role, collectivite_id) VALUES (${author.id}, 'TECHNICIAN', ${structure.collectivite_id})`.execute(db)).rejects.toThrow();

    await up(db);
    const rows = await sql<{ id: string; status: string; taken_at: Date | null; resolved_at: Date | null; closed_at: Date | null; impact: string; priority: string }>`
      SELECT id, status, taken_at, resolved_at, closed_at, impact, priority FROM support_tickets WHERE structure_id = ${structure.id}`.execute(db);
    const byId = new Map(rows.rows.map((r) => [r.id, r]));
    const at = new Date('2026-10-02T09:00:00Z');
    expect(byId.get(ids.NEW)).toMatchObject({ status: 'NEW', taken_at: null, impact: 'MEDIUM', priority: 'MEDIUM' });
    expect(byId.get(ids.IN_PROGRESS)).toMatchObject({ status: 'ASSIGNED', taken_at: at });
    expect(byId.get(ids.RESOLVED)).toMatchObject({ status: 'RESOLVED', resolved_at: at });
    expect(byId.get(ids.CLOSED)).toMatchObject({ status: 'CLOSED', closed_at: at });

    await sql`INSERT INTO admin_roles (account_id, role, collectivite_id) VALUES (${author.id}, 'TECHNICIAN', ${structure.collectivite_id})`.execute(db);
    // A technician is scoped like an ADMC: a collectivité, never a structure.
    await expect(sql`INSERT INTO admin_roles (account_id, role, structure_id) VALUES (${author.id}, 'TECHNICIAN', ${structure.id})`.execute(db)).rejects.toThrow();

    await down(db);
    const back = await sql<{ status: string }>`SELECT status FROM support_tickets WHERE id = ${ids.IN_PROGRESS}`.execute(db);
    expect(back.rows[0]!.status).toBe('IN_PROGRESS');
    expect((await sql<{ n: string }>`SELECT count(*)::text AS n FROM admin_roles WHERE role = 'TECHNICIAN'`.execute(db)).rows[0]!.n).toBe('0');
    expect((await sql<{ t: string | null }>`SELECT to_regclass('support_teams')::text AS t`.execute(db)).rows[0]!.t).toBeNull();
    await up(db);
  });
});
