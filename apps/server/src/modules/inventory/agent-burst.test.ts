import { readFileSync } from 'node:fs';
import { deflateSync, inflateSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchool } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { AGENT_RETRY_AFTER_SECONDS } from './agent.routes.ts';
import { enrolStructureByUai } from './enrolment.service.ts';

/**
 * A burst of agents on /inventory/agent: at most INVENTORY_AGENT_CONCURRENCY
 * handled at once, INVENTORY_AGENT_QUEUE waiting, the rest refused with a 503
 * in the protocol's format and a Retry-After, never a 500, and nothing
 * half-written for a refused one; with the default queue a burst is absorbed.
 */

const INVENTORY = readFileSync(new URL('./fixtures/laptop-inventory.xml', import.meta.url), 'utf8');
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** The recorded laptop as machine n: its own device id, serial and UUID, so each report is a new record. */
function machine(n: number): Buffer {
  const hex = n.toString(16).padStart(12, '0');
  return deflateSync(
    INVENTORY.replace('<SSN>PF4XK2LM</SSN>', `<SSN>BURST${n}</SSN>`)
      .replace('4C4C4544-0042-3510-8057-B7C04F4B3332', `4C4C4544-0042-3510-8057-${hex}`)
      .replace('cdi-portable-07-2026-12-01-08-15-02', `burst-${n}-2026-12-01-08-15-02`),
  );
}

async function setUp(env: Record<string, string>) {
  const ctx = await createTestContext(env);
  const school = await createSchool(ctx.platform.database.db);
  const settings = await enrolStructureByUai(ctx.platform, school.structure.uai, 'Salle info');
  const post = (n: number) =>
    ctx.app.inject({
      method: 'POST',
      url: '/inventory/agent',
      headers: { 'content-type': 'application/x-compress-zlib', 'user-agent': 'FusionInventory-Agent_v2.6-3', authorization: basic(settings.user, settings.password) },
      payload: machine(n),
    });
  const count = async () =>
    Number(
      (
        await ctx.platform.database.db
          .selectFrom('inventory_equipment')
          .where('structure_id', '=', school.structure.id)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { ctx, post, count };
}

describe('a burst of agents with one slot and no queue', () => {
  let env: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    env = await setUp({ INVENTORY_AGENT_CONCURRENCY: '1', INVENTORY_AGENT_QUEUE: '0' });
  });
  afterAll(async () => {
    await env?.ctx.close();
  });

  it('handles one at a time and refuses the others with 503, Retry-After and an XML <ERROR>, none written', async () => {
    // The equipment table locked by a transaction: the first request holds the one slot while the others arrive.
    let settled = 0;
    let pending: Promise<Awaited<ReturnType<typeof env.post>>>[] = [];
    await env.ctx.platform.database.db.transaction().execute(async (trx) => {
      await sql`LOCK TABLE inventory_equipment IN ACCESS EXCLUSIVE MODE`.execute(trx);
      pending = Array.from({ length: 12 }, (_, i) => env.post(i).finally(() => settled++));
      for (let waited = 0; settled < 11 && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    });
    const responses = await Promise.all(pending);
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 503)).toHaveLength(11);
    for (const refused of responses.filter((r) => r.statusCode === 503)) {
      expect(refused.headers['retry-after']).toBe(String(AGENT_RETRY_AFTER_SECONDS));
      // Compressed as the request was: the agent decodes the body's bytes (STANDARDS.md §10.1.1).
      expect(inflateSync(refused.rawPayload).toString('utf8')).toContain('<ERROR>Server busy, retry later</ERROR>');
    }
    // Only the accepted one left a record; the refused ones come back later and are then written.
    expect(await env.count()).toBe(1);
    for (const [i, r] of responses.entries()) if (r.statusCode === 503) expect((await env.post(i)).statusCode).toBe(200);
    expect(await env.count()).toBe(12);
  });
});

describe('a burst of agents with the default queue', () => {
  let env: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    env = await setUp({ INVENTORY_AGENT_CONCURRENCY: '2' });
  });
  afterAll(async () => {
    await env?.ctx.close();
  });

  it('absorbs 40 inventories at once: every one answered 200 and recorded', async () => {
    const responses = await Promise.all(Array.from({ length: 40 }, (_, i) => env.post(100 + i)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array.from({ length: 40 }, () => 200));
    expect(await env.count()).toBe(40);
  });
});
