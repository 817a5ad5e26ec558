import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isolatedPlatform } from '../../modules/provisioning/aaf/aaf-test-support.ts';
import { createPlatformLogger, runWithLogContext } from '../log-context.ts';
import { createJobRegistry, defineJob, enqueueJob, findJob, JobFailure, runJob, STALE_AFTER_MS, startJobWorker } from './jobs.ts';

const sumJob = defineJob({
  type: 'test-sum',
  params: z.object({ numbers: z.array(z.number()) }),
  async run(platform, job) {
    await platform.database.db.transaction().execute((trx) => job.setProgress({ done: 1 }, { trx }));
    // Typed by the schema: no cast.
    return { sum: job.params.numbers.reduce((a, b) => a + b, 0) };
  },
});
const failJob = defineJob({
  type: 'test-fail',
  params: z.object({}),
  async run() {
    throw new JobFailure('half done', { partial: true });
  },
});
let runs = 0;
const resumeJob = defineJob({ type: 'test-resume', params: z.object({}), run: async () => ({ runs: ++runs }) });

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
    const id = await enqueueJob(db, sumJob, { params: { numbers: [1, 2, 3] }, actorId: null });
    expect(await findJob(db, id)).toMatchObject({ status: 'QUEUED', attempts: 0, kind: 'test-sum' });
    const done = await runJob(ctx.platform, sumJob, id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', result: { sum: 6 }, progress: { done: 1 }, attempts: 1, error: null });
    // A finished job is not run again.
    expect(await runJob(ctx.platform, sumJob, id)).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
  });

  it('refuses parameters that do not fit the schema at enqueueing, and fails a stored job whose parameters no longer do', async () => {
    const db = ctx.platform.database.db;
    const before = await db.selectFrom('jobs').select('id').execute();
    // @ts-expect-error the schema types the parameters
    await expect(enqueueJob(db, sumJob, { params: { numbers: 'one' }, actorId: null })).rejects.toThrow(z.ZodError);
    expect(await db.selectFrom('jobs').select('id').execute()).toEqual(before);
    const id = await enqueueJob(db, sumJob, { params: { numbers: [1] }, actorId: null });
    await db.updateTable('jobs').set({ params: JSON.stringify({ numbers: 'one' }) }).where('id', '=', id).execute();
    const failed = await runJob(ctx.platform, sumJob, id);
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(/^invalid parameters for a job of kind test-sum/);
    // A definition runs only its own kind.
    await expect(runJob(ctx.platform, failJob, await enqueueJob(db, sumJob, { params: { numbers: [] }, actorId: null }))).rejects.toThrow('no definition');
  });

  it('records a failure, with the partial result a handler gives', async () => {
    const db = ctx.platform.database.db;
    const id = await enqueueJob(db, failJob, { params: {}, actorId: null });
    expect(await runJob(ctx.platform, failJob, id)).toMatchObject({ status: 'FAILED', error: 'half done', result: { partial: true } });
    expect(await findJob(db, 'not-a-uuid')).toBeUndefined();
  });

  it('refuses a registry with a type defined twice', () => {
    expect(() => createJobRegistry([sumJob, failJob, sumJob])).toThrow('defined twice');
  });

  it('resumes a RUNNING job whose process died (heartbeat too old), from the worker and its registry', async () => {
    const db = ctx.platform.database.db;
    const id = await enqueueJob(db, resumeJob, { params: {}, actorId: null });
    await db
      .updateTable('jobs')
      .set({ status: 'RUNNING', attempts: 1, heartbeat_at: new Date(ctx.clock.now - STALE_AFTER_MS - 1000) })
      .where('id', '=', id)
      .execute();
    const stop = startJobWorker(ctx.platform, createJobRegistry([resumeJob]), { pollMs: 50 });
    for (let i = 0; i < 100 && (await findJob(db, id))!.status !== 'SUCCEEDED'; i++) await new Promise((r) => setTimeout(r, 50));
    await stop();
    expect(await findJob(db, id)).toMatchObject({ status: 'SUCCEEDED', attempts: 2, result: { runs: 1 } });
  });

  it('logs a job under the id of the request that enqueued it, through its handler’s awaits, wherever it runs', async () => {
    const db = ctx.platform.database.db;
    const lines: Array<Record<string, unknown>> = [];
    const previous = ctx.platform.log;
    ctx.platform.log = createPlatformLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const loggingJob = defineJob({
      type: 'test-logging',
      params: z.object({}),
      async run(platform) {
        platform.log.info('before the wait');
        await new Promise((resolve) => setTimeout(resolve, 5));
        await platform.database.db.selectFrom('jobs').select('id').limit(1).execute();
        platform.log.info('after the wait');
        return null;
      },
    });
    try {
      const fromRequest = await runWithLogContext({ reqId: 'lb-7f3a9c' }, () => enqueueJob(db, loggingJob, { params: {}, actorId: null }));
      const fromCli = await enqueueJob(db, loggingJob, { params: {}, actorId: null });
      expect((await db.selectFrom('jobs').select('request_id').where('id', '=', fromRequest).executeTakeFirstOrThrow()).request_id).toBe('lb-7f3a9c');
      // Run as a worker would: later, outside the request.
      await runJob(ctx.platform, loggingJob, fromRequest);
      await runJob(ctx.platform, loggingJob, fromCli);
      const of = (id: string) => lines.filter((line) => line.job === id).map((line) => [line.msg, line.reqId ?? null]);
      expect(of(fromRequest)).toEqual([
        ['job started', 'lb-7f3a9c'],
        ['before the wait', 'lb-7f3a9c'],
        ['after the wait', 'lb-7f3a9c'],
        ['job succeeded', 'lb-7f3a9c'],
      ]);
      expect(of(fromCli)).toEqual([
        ['job started', null],
        ['before the wait', null],
        ['after the wait', null],
        ['job succeeded', null],
      ]);
    } finally {
      ctx.platform.log = previous;
    }
  });
});
