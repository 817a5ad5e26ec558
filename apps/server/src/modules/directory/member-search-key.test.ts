import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../platform/db/database.ts';
import { personSearchKey } from '../../platform/search-key.ts';
import { createAccount, createCollectivite, createStructure, grantAdmin, SCHOOL_YEAR, uniqueSuffix } from '../../../test/factories.ts';
import { type AuthHeaders, sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { deferAccountReferences, insertAccounts } from '../provisioning/aaf/aaf-import.repository.ts';
import { startAafImport, waitForAafImport } from '../provisioning/aaf/aaf-import.service.ts';
import { FIXTURES, isolatedPlatform, succeededReport } from '../provisioning/aaf/aaf-test-support.ts';

/**
 * The teacher's annuaire reads names from the search key copied into
 * `structure_members` (migration 2026-12-09T1700_member_search_key). These
 * tests change accounts and memberships the ways the application does
 * (admin routes, the AAF import's writes, plain inserts of the factories)
 * and check that the next search sees the change, and that the copy equals
 * the account's key.
 */

let ctx: TestContext;
const as = sessionsOn(() => ctx.app);

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

interface PeoplePage {
  items: { id: string; displayName: string }[];
  nextCursor: string | null;
}

async function search(auth: AuthHeaders, q: string, limit = 100, cursor?: string): Promise<PeoplePage> {
  const url = `/api/v1/directory/people?q=${encodeURIComponent(q)}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
  const response = await ctx.app.inject({ method: 'GET', url, headers: auth });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as PeoplePage;
}

const idsOf = (page: PeoplePage) => page.items.map((item) => item.id);

/** Memberships whose copied key differs from their account's (none when the copy is right). */
async function staleCopies(db: DB, accountIds?: string[]) {
  const result = await sql<{ account_id: string }>`
    SELECT sm.account_id FROM structure_members sm JOIN accounts a ON a.id = sm.account_id
    WHERE sm.search_key IS DISTINCT FROM a.search_key COLLATE "C"
      ${accountIds ? sql`AND sm.account_id IN (${sql.join(accountIds)})` : sql``}`.execute(db);
  return result.rows.map((r) => r.account_id);
}

/** A lycée with a teacher, its ADML, and a second lycée of the same collectivité; every name carries the tag. */
async function lycee() {
  const db = ctx.platform.database.db;
  const tag = `Zk${uniqueSuffix()}`;
  const coll = await createCollectivite(db);
  const s1 = await createStructure(db, { collectiviteId: coll.id, name: `Lycée ${tag} Un` });
  const s2 = await createStructure(db, { collectiviteId: coll.id, name: `Lycée ${tag} Deux` });
  const teacher = await createAccount(db, { profile: 'ENSEIGNANT', lastName: `${tag} Prof`, structureIds: [s1.id] });
  const adml = await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'DIR', lastName: `${tag} Direction`, structureIds: [s1.id] });
  await grantAdmin(db, adml.id, { adml: s1.id });
  return { db, tag, s1, s2, teacher, adml };
}

describe('the annuaire of a whole lycée follows the writes of accounts and memberships', () => {
  it('finds an account an admin creates in the lycée at once', async () => {
    const { db, tag, s1, teacher, adml } = await lycee();
    const created = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/admin/structures/${s1.id}/accounts`,
      headers: await as(adml),
      payload: { firstName: 'Inès', lastName: `${tag} Nouvelle`, profile: 'ELEVE' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { account: { id: string } }).account.id;
    expect(idsOf(await search(await as(teacher), `${tag} nouv`))).toEqual([id]);
    expect(await staleCopies(db, [id])).toEqual([]);
  });

  it('finds an account renamed by an admin under its new name only', async () => {
    const { db, tag, s1, teacher, adml } = await lycee();
    const pupil = await createAccount(db, { firstName: 'Jules', lastName: `${tag} Ancien`, structureIds: [s1.id] });
    const auth = await as(teacher);
    expect(idsOf(await search(auth, `${tag} ancien`))).toEqual([pupil.id]);

    const renamed = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/accounts/${pupil.id}`,
      headers: await as(adml),
      payload: { lastName: `${tag} Renommé` },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(idsOf(await search(auth, `${tag} renomme`))).toEqual([pupil.id]);
    expect(idsOf(await search(auth, `${tag} ancien`))).toEqual([]);
    expect(await staleCopies(db, [pupil.id])).toEqual([]);
  });

  it('finds a new member of the lycée, and no longer a removed one', async () => {
    const { db, tag, s1, s2, teacher } = await lycee();
    const elsewhere = await createAccount(db, { firstName: 'Alma', lastName: `${tag} Mutee`, structureIds: [s2.id] });
    const auth = await as(teacher);
    expect(idsOf(await search(auth, `${tag} mutee`))).toEqual([]);

    await db.insertInto('structure_members').values({ structure_id: s1.id, school_year: SCHOOL_YEAR, account_id: elsewhere.id, profile: 'ELEVE' }).execute();
    expect(idsOf(await search(auth, `${tag} mutee`))).toEqual([elsewhere.id]);

    await db.deleteFrom('structure_members').where('structure_id', '=', s1.id).where('account_id', '=', elsewhere.id).execute();
    expect(idsOf(await search(auth, `${tag} mutee`))).toEqual([]);
  });

  it('keeps the copy through a rename in SQL, as the import writes it, and one that changes nothing', async () => {
    const { db, tag, s1, s2, teacher } = await lycee();
    const both = await createAccount(db, { firstName: 'Rose', lastName: `${tag} Avant`, structureIds: [s1.id, s2.id] });
    await sql`UPDATE accounts SET last_name = ${`${tag} Après`}, search_key = ${personSearchKey('Rose', `${tag} Après`)} WHERE id = ${both.id}`.execute(db);
    await sql`UPDATE accounts SET search_key = search_key, first_name = first_name WHERE id = ${both.id}`.execute(db);
    expect(await staleCopies(db, [both.id])).toEqual([]);
    expect(idsOf(await search(await as(teacher), `${tag} apres`))).toEqual([both.id]);
  });

  it('fills the key of memberships written before their account, as the import writes them', async () => {
    const { db, tag, s1, teacher } = await lycee();
    const [unkeyed, keyed] = [randomUUID(), randomUUID()];
    const write = (id: string, lastName: string) => ({
      id, key: `K-${id}`, login: `late.${uniqueSuffix()}`, activationCode: 'ABCD-EFGH',
      firstName: 'Noé', lastName, searchKey: personSearchKey('Noé', lastName), profile: 'ELEVE', staffFunction: null, email: null,
    });
    await db.transaction().execute(async (trx) => {
      await deferAccountReferences(trx);
      // One membership without a key (as a previous version of the import writes it), one with the key the account will get.
      await trx.insertInto('structure_members').values({ structure_id: s1.id, school_year: SCHOOL_YEAR, account_id: unkeyed, profile: 'ELEVE' }).execute();
      await trx
        .insertInto('structure_members')
        .values({ structure_id: s1.id, school_year: SCHOOL_YEAR, account_id: keyed, profile: 'ELEVE', search_key: personSearchKey('Noé', `${tag} Tardif`) })
        .execute();
      await insertAccounts(trx, [write(unkeyed, `${tag} Tardive`), write(keyed, `${tag} Tardif`)]);
    });
    expect(await staleCopies(db, [unkeyed, keyed])).toEqual([]);
    expect(idsOf(await search(await as(teacher), `${tag} tardi`)).sort()).toEqual([unkeyed, keyed].sort());
  });

  it('lists a teacher of two lycées each colleague once, and his pages walk every match without gaps', async () => {
    const { db, tag, s1, s2 } = await lycee();
    const teacher = await createAccount(db, { profile: 'ENSEIGNANT', lastName: `${tag} Partagé`, structureIds: [s1.id, s2.id] });
    // Homonyms in one lycée, in the other, and in both: the keyset cursor must hold its place among equal keys.
    const expected = [teacher.id];
    for (const structureIds of [[s1.id], [s2.id], [s1.id, s2.id], [s1.id, s2.id], [s2.id], [s1.id]]) {
      expected.push((await createAccount(db, { firstName: 'Léo', lastName: `${tag} Homonyme`, structureIds })).id);
    }
    const auth = await as(teacher);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await search(auth, `${tag} homonyme`, 2, cursor);
      seen.push(...idsOf(page));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen)).toEqual(new Set(expected.slice(1)));
    // Everyone of both lycées with the tag, the ADML of the first and the teacher himself included.
    expect(idsOf(await search(auth, tag))).toHaveLength(9);
  });

  it('leaves out blocked and deleted members of the lycée, however early their name comes', async () => {
    const { db, tag, s1, teacher } = await lycee();
    const names = ['Aaron', 'Abel', 'Ada'];
    const [blocked, deleted, kept] = await Promise.all(names.map((firstName) => createAccount(db, { firstName, lastName: `${tag} Aa`, structureIds: [s1.id] })));
    await db.updateTable('accounts').set({ status: 'BLOCKED', blocked_at: new Date() }).where('id', '=', blocked!.id).execute();
    await db.updateTable('accounts').set({ deleted_at: new Date() }).where('id', '=', deleted!.id).execute();
    const page = await search(await as(teacher), `${tag} aa`, 1);
    expect(idsOf(page)).toEqual([kept!.id]);
    expect(page.nextCursor).toBeNull();
  });
});

describe('the AAF import keeps the copied key', () => {
  it('after a full import and a delta, every membership holds its account key', async () => {
    const isolated = await isolatedPlatform();
    try {
      const db = isolated.platform.database.db;
      await db.insertInto('collectivites').values({ name: 'Région Bretagne', kind: 'REGION' }).execute();
      for (const [paths, academy] of [[[join(FIXTURES, 'complet')], undefined], [[join(FIXTURES, 'delta')], 'RENNES']] as const) {
        const id = await startAafImport(isolated.platform, { paths: [...paths], actorId: null, ...(academy ? { academy } : {}) });
        succeededReport(await waitForAafImport(isolated.platform, id));
        const members = await db.selectFrom('structure_members').select(['search_key']).execute();
        expect(members.length).toBeGreaterThan(0);
        expect(members.filter((m) => m.search_key === null)).toEqual([]);
        expect(await staleCopies(db)).toEqual([]);
      }
    } finally {
      await isolated.close();
    }
  });
});
