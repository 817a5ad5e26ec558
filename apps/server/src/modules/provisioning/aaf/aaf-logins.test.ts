import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personSearchKey } from '../../../platform/search-key.ts';
import { lockLoginAllocation } from '../../admin/login-generator.ts';
import { LoginAllocator } from './aaf-logins.ts';
import { isolatedPlatform } from './aaf-test-support.ts';

/**
 * Two imports at once (two academies, or an import and an ADMC) give logins to
 * homonyms in transactions that overlap. Seen on PostgreSQL before the logins
 * lock: both read "no lea.martin yet", the second failed on the unique index
 * three times and its import stopped. On PGlite transactions never overlap;
 * the test runs on both.
 */
let isolated: Awaited<ReturnType<typeof isolatedPlatform>>;
beforeAll(async () => {
  isolated = await isolatedPlatform();
});
afterAll(async () => {
  await isolated.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('logins handed out by overlapping imports', () => {
  it('gives homonyms of two concurrent transactions different logins (lea.martin, then lea.martin2)', async () => {
    const db = isolated.platform.database.db;
    const people = [{ firstName: 'Léa', lastName: 'Martin' }];
    // Each "import" has its own allocator, as two processes would.
    const createIn = (allocator: LoginAllocator, holdMs: number) =>
      db.transaction().execute(async (trx) => {
        const turn = await lockLoginAllocation(trx);
        const [login] = await allocator.allocate(trx, people, turn);
        await trx
          .insertInto('accounts')
          .values({ login: login!, first_name: 'Léa', last_name: 'Martin', search_key: personSearchKey('Léa', 'Martin'), profile: 'ELEVE', status: 'PROVISIONED' })
          .execute();
        // Keeps the transaction open while the other one reads the logins already given.
        await sleep(holdMs);
        return login!;
      });
    const logins = await Promise.all([createIn(new LoginAllocator(), 300), createIn(new LoginAllocator(), 0)]);
    expect(logins.sort()).toEqual(['lea.martin', 'lea.martin2']);
    const stored = await db.selectFrom('accounts').select('login').where('login', 'like', 'lea.martin%').orderBy('login').execute();
    expect(stored.map((r) => r.login)).toEqual(['lea.martin', 'lea.martin2']);
  });

  it('keeps its numbers between its own turns, and asks again once another transaction has given logins', async () => {
    const db = isolated.platform.database.db;
    const people = [{ firstName: 'Jean', lastName: 'Dupont' }];
    const ours = new LoginAllocator();
    const theirs = new LoginAllocator();
    const createWith = (allocator: LoginAllocator) =>
      db.transaction().execute(async (trx) => {
        const turn = await lockLoginAllocation(trx);
        const [login] = await allocator.allocate(trx, people, turn);
        await trx
          .insertInto('accounts')
          .values({ login: login!, first_name: 'Jean', last_name: 'Dupont', search_key: personSearchKey('Jean', 'Dupont'), profile: 'ELEVE', status: 'PROVISIONED' })
          .execute();
        return login!;
      });
    expect(await createWith(ours)).toBe('jean.dupont');
    // Consecutive turns: the number comes from its cache. A login given behind the lock's back
    // (which nothing in Préau does) shows it: the cache does not know it.
    await db
      .insertInto('accounts')
      .values({ login: 'jean.dupont7', first_name: 'Jean', last_name: 'Dupont', search_key: personSearchKey('Jean', 'Dupont'), profile: 'ELEVE', status: 'PROVISIONED' })
      .execute();
    expect(await createWith(ours)).toBe('jean.dupont2');
    // Another allocator's turn in between: ours asks the database again (jean.dupont9), where its cache
    // would say jean.dupont3 — below the highest number given, against the rule.
    expect(await createWith(theirs)).toBe('jean.dupont8');
    expect(await createWith(ours)).toBe('jean.dupont9');
  });
});
