import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedPlatform } from '../../modules/provisioning/aaf-test-support.ts';
import { enqueueJob, findJob, JobFailure, registerJobHandler, runJob, STALE_AFTER_MS, startJobWorker } from './jobs.ts';

describe('background jobs', () => {
  let ctx: Awaited<ReturnType<typeof isolatedPlatform>>;
  beforeAll(async () => {
    ctx = await isolatedPlatform();
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('runs a job to its result, with the progress written in the step transaction', async () => {
    const db = ctx.platform.database.db;
    registerJobHandler('test-sum', async (_platform, job) => {
      const { numbers } = job.params as { numbers: number[] };
      await db.transaction().execute((trx) => job.setProgress({ done: 1 }, { trx }));
      return { sum: numbers.reduce((a, b) => a + b, 0) };
    });
    const id = await enqueueJob(db, { kind: 'test-sum', params: { numbers: [1, 2, 3] }, actorId: null });
    expect(await findJob(db, id)).toMatchObject({ status: 'QUEUED', attempts: 0 });
    const done = await runJob(ctx.platform, id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', result: { sum: 6 }, progress: { done: 1 }, attempts: 1, error: null });
    // A finished job is not run again.
    expect(await runJob(ctx.platform, id)).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
  });

  it('records a failure, with the partial result a handler gives', async () => {
    const db = ctx.platform.database.db;
    registerJobHandler('test-fail', async () => {
      throw new JobFailure('half done', { partial: true });
    });
    const id = await enqueueJob(db, { kind: 'test-fail', params: {}, actorId: null });
    expect(await runJob(ctx.platform, id)).toMatchObject({ status: 'FAILED', error: 'half done', result: { partial: true } });
    expect(await findJob(db, 'not-a-uuid')).toBeUndefined();
  });

  it('resumes a RUNNING job whose process died (heartbeat too old), from the worker', async () => {
    const db = ctx.platform.database.db;
    let runs = 0;
    registerJobHandler('test-resume', async () => ({ runs: ++runs }));
    const id = await enqueueJob(db, { kind: 'test-resume', params: {}, actorId: null });
    await db
      .updateTable('jobs')
      .set({ status: 'RUNNING', attempts: 1, heartbeat_at: new Date(ctx.clock.now - STALE_AFTER_MS - 1000) })
      .where('id', '=', id)
      .execute();
    const stop = startJobWorker(ctx.platform, { pollMs: 50 });
    for (let i = 0; i < 100 && (await findJob(db, id))!.status !== 'SUCCEEDED'; i++) await new Promise((r) => setTimeout(r, 50));
    await stop();
    expect(await findJob(db, id)).toMatchObject({ status: 'SUCCEEDED', attempts: 2, result: { runs: 1 } });
  });
});
