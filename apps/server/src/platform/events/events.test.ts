import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import type { LiveMessage } from './domain-event.ts';
import { LocalLiveHub, RedisLiveHub } from './live-hub.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

function timelineOf(accountId: string) {
  return ctx.platform.database.db
    .selectFrom('timeline_events')
    .select(['kind', 'object_type', 'object_id', 'data', 'read_at'])
    .where('account_id', '=', accountId)
    .orderBy('id', 'desc')
    .execute();
}

describe('event publisher', () => {
  it('writes one timeline row per distinct recipient and delivers the event live', async () => {
    const a = await createAccount(ctx.platform.database.db);
    const b = await createAccount(ctx.platform.database.db);
    const received: Array<{ ids: readonly string[]; message: LiveMessage }> = [];
    const stop = ctx.platform.events.live.subscribe((ids, message) => received.push({ ids, message }));
    await ctx.platform.events.publish({
      kind: 'test.happened',
      recipientIds: [a.id, b.id, a.id],
      objectType: 'thing',
      objectId: 'T1',
      data: { title: 'Réunion parents-professeurs' },
    });
    await expect.poll(() => received.length).toBe(1);
    stop();
    expect(received[0]!.ids).toEqual([a.id, b.id]);
    expect(received[0]!.message).toMatchObject({ kind: 'test.happened', objectId: 'T1', data: { title: 'Réunion parents-professeurs' } });
    expect(await timelineOf(a.id)).toEqual([
      { kind: 'test.happened', object_type: 'thing', object_id: 'T1', data: { title: 'Réunion parents-professeurs' }, read_at: null },
    ]);
    expect(await timelineOf(b.id)).toHaveLength(1);
  });

  it('leaves no timeline row when the publishing transaction rolls back', async () => {
    const a = await createAccount(ctx.platform.database.db);
    await expect(
      ctx.platform.database.db.transaction().execute(async (trx) => {
        await ctx.platform.events.record(trx, { kind: 'test.rolled', recipientIds: [a.id], objectType: 'thing', objectId: 'T2' });
        throw new Error('failure after recording');
      }),
    ).rejects.toThrow('failure after recording');
    expect(await timelineOf(a.id)).toEqual([]);
  });

  it('fans out to more recipients than one INSERT can carry', async () => {
    const accounts = await Promise.all(Array.from({ length: 3 }, () => createAccount(ctx.platform.database.db)));
    const ids = Array.from({ length: 2500 }, (_, i) => accounts[i % 3]!.id);
    await ctx.platform.events.publish({ kind: 'test.many', recipientIds: ids, objectType: 'thing', objectId: 'T3' });
    for (const account of accounts) expect(await timelineOf(account.id)).toHaveLength(1);
  });
});

describe('live hubs', () => {
  it('deliver in process without Redis', async () => {
    const hub = new LocalLiveHub();
    const seen: string[] = [];
    const stop = hub.subscribe((_ids, message) => seen.push(message.objectId));
    await hub.broadcast(['x'], { kind: 'k', objectType: 't', objectId: 'local', data: {}, at: new Date(0).toISOString() });
    stop();
    await hub.broadcast(['x'], { kind: 'k', objectType: 't', objectId: 'after-stop', data: {}, at: new Date(0).toISOString() });
    expect(seen).toEqual(['local']);
    await hub.close();
  });

});

// Only where a Redis is given (CI's second run); absent, not skipped, on the embedded default.
const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl) {
  describe('live hubs over Redis', () => {
    it('carry an event from one process hub to another through Redis', async () => {
      const url = redisUrl;
      const channel = `preau:live:test:${Math.random().toString(36).slice(2)}`;
      const first = new RedisLiveHub(new Redis(url), channel);
      const second = new RedisLiveHub(new Redis(url), channel);
      await first.start();
      await second.start();
      const seen: Array<{ ids: readonly string[]; objectId: string }> = [];
      second.subscribe((ids, message) => seen.push({ ids, objectId: message.objectId }));
      await first.broadcast(['acc-1'], { kind: 'k', objectType: 't', objectId: 'via-redis', data: {}, at: new Date(0).toISOString() });
      await expect.poll(() => seen).toEqual([{ ids: ['acc-1'], objectId: 'via-redis' }]);
      for (const hub of [first, second]) await hub.close();
    });
  });
}
