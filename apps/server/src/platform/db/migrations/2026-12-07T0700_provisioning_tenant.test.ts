import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createCollectivite, createStructure } from '../../../../test/factories.ts';
import { openMigratedDatabase } from '../../../../test/isolated-database.ts';
import type { DB } from '../database.ts';
import { down, up } from './2026-12-07T0700_provisioning_tenant.ts';

/**
 * The owner of each import record (provisioning_records.collectivite_id),
 * filled in for the records of imports made before the tenant rule; on a
 * database of its own (it alters the schema): an in-memory PGlite, or a fresh
 * PostgreSQL database next to TEST_DATABASE_URL's.
 */

let db: DB;
let close: () => Promise<void>;
beforeAll(async () => ({ db, close } = await openMigratedDatabase()));
afterAll(() => close?.());

const record = (kind: string, key: string, targetId: string | null) =>
  sql`INSERT INTO provisioning_records (kind, key, hash, attrs, target_id) VALUES (${kind}, ${key}, 'h', '{}'::jsonb, ${targetId})`.execute(db);

describe('migration 2026-12-07T0700_provisioning_tenant', () => {
  it('gives each record the collectivité of its structure, of its account’s structures, or of its academy’s structures', async () => {
    await down(db);
    const [first, second] = [await createCollectivite(db), await createCollectivite(db)];
    const lycee = await createStructure(db, { collectiviteId: first.id });
    const college = await createStructure(db, { collectiviteId: second.id });
    await db.updateTable('structures').set({ external_id: 'AC-RENNES$1' }).where('id', '=', lycee.id).execute();
    await db.updateTable('structures').set({ external_id: 'AC-NANTES$2' }).where('id', '=', college.id).execute();
    const student = await createAccount(db, { structureIds: [lycee.id] });
    const parent = await createAccount(db, { profile: 'PARENT' });
    const teacher = await createAccount(db, { profile: 'ENSEIGNANT', structureIds: [college.id] });
    await record('STRUCTURE', 'AC-RENNES$1', lycee.id);
    await record('STRUCTURE', 'AC-NANTES$2', college.id);
    await record('STUDENT', 'AC-RENNES$10', student.id);
    // No membership: the academy's structures tell.
    await record('PARENT', 'AC-RENNES$20', parent.id);
    await record('SUBJECT', 'AC-NANTES$061300', null);
    await record('STAFF', 'AC-NANTES$30', teacher.id);
    // An academy no structure tells, with two collectivités: nobody's, until an import takes it.
    await record('PARENT', 'AC-LYON$40', null);
    await up(db);
    const owners = await sql<{ key: string; collectivite_id: string | null }>`SELECT key, collectivite_id FROM provisioning_records ORDER BY key`.execute(db);
    expect(owners.rows).toEqual([
      { key: 'AC-LYON$40', collectivite_id: null },
      { key: 'AC-NANTES$061300', collectivite_id: second.id },
      { key: 'AC-NANTES$2', collectivite_id: second.id },
      { key: 'AC-NANTES$30', collectivite_id: second.id },
      { key: 'AC-RENNES$1', collectivite_id: first.id },
      { key: 'AC-RENNES$10', collectivite_id: first.id },
      { key: 'AC-RENNES$20', collectivite_id: first.id },
    ]);
  });
});
