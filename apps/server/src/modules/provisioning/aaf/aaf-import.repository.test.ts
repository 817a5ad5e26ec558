import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personSearchKey } from '../../../platform/search-key.ts';
import { deferAccountReferences, insertAccounts } from './aaf-import.repository.ts';
import { isolatedPlatform } from './aaf-test-support.ts';

let isolated: Awaited<ReturnType<typeof isolatedPlatform>>;
beforeAll(async () => {
  isolated = await isolatedPlatform();
});
afterAll(async () => {
  await isolated.close();
});

class Rollback extends Error {}

describe('references to accounts deferred until insertAccounts', () => {
  // A dry run never commits: a reference left to the commit would never be checked.
  it('are checked by insertAccounts itself, not left to the commit', async () => {
    const parent = randomUUID();
    let outcome: unknown;
    await isolated.platform.database.db
      .transaction()
      .execute(async (trx) => {
        await deferAccountReferences(trx);
        await trx.insertInto('parent_links').values({ parent_id: parent, child_id: randomUUID() }).execute();
        const write = { id: parent, key: 'AC-TEST$P1', login: 'claire.test', activationCode: 'code', firstName: 'Claire', lastName: 'Test' };
        outcome = await insertAccounts(trx, [{ ...write, searchKey: personSearchKey('Claire', 'Test'), profile: 'PARENT', staffFunction: null, email: null }]).then(
          () => 'inserted',
          (error: unknown) => error,
        );
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    expect(outcome).toMatchObject({ code: '23503' });
    expect(String((outcome as Error).message)).toContain('parent_links_child_id_fkey');
  });
});
