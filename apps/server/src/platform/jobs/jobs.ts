import { type Selectable, sql, type Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { JobStatus, JobsTable } from '../db/schema-provisioning.ts';
import { currentLogContext, runWithLogContext } from '../log-context.ts';
import type { Platform } from '../platform.ts';

/**
 * Background jobs: a `jobs` row per run (status, progress, result, heartbeat)
 * and an in-process worker. A kind of job is defined once (defineJob: its
 * type, the zod schema of its parameters, its handler); enqueueing checks the
 * parameters against the schema, running parses them again, so a handler
 * receives them typed. The worker runs the kinds of one registry, built in
 * one place (src/jobs.ts). Handlers must be idempotent and commit their work
 * in steps: a job whose process died (its heartbeat stops) is simply run
 * again from the start, and the steps already committed then write nothing.
 */

/** A job as callers see it. */
export interface JobView {
  id: string;
  kind: string;
  status: JobStatus;
  params: unknown;
  progress: unknown;
  result: unknown;
  error: string | null;
  actorId: string | null;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  heartbeatAt: string | null;
}

/** What a running handler may do with its job. */
export interface JobContext<P = unknown> {
  id: string;
  params: P;
  actorId: string | null;
  /**
   * Records progress. With `trx`, it is written in that transaction (so it
   * commits with the step it describes); without, it is kept in memory and
   * written with the next heartbeat (or, with `persist: false`, never — a dry run).
   */
  setProgress(progress: unknown, options?: { trx?: Transaction<Database>; persist?: boolean }): Promise<void>;
}

/** A kind of job: its type (the `kind` column), its parameters' schema, and what runs it. */
export interface JobDefinition<S extends z.ZodType = z.ZodType, R = unknown> {
  readonly type: string;
  readonly params: S;
  run(platform: Platform, context: JobContext<z.output<S>>): Promise<R>;
}

/** Defines a kind of job; register it in the registry (src/jobs.ts) for the worker to run it. */
export function defineJob<S extends z.ZodType, R>(definition: JobDefinition<S, R>): JobDefinition<S, R> {
  return definition;
}

/** The kinds of job a worker runs, by type. */
export type JobRegistry = ReadonlyMap<string, JobDefinition>;

/** The registry of these definitions; a type defined twice is a programming error. */
export function createJobRegistry(definitions: JobDefinition[]): JobRegistry {
  const registry = new Map<string, JobDefinition>();
  for (const definition of definitions) {
    if (registry.has(definition.type)) throw new Error(`job type ${definition.type} is defined twice`);
    registry.set(definition.type, definition);
  }
  return registry;
}

/** A handler failure with a result to keep (a partial report). */
export class JobFailure extends Error {
  constructor(
    message: string,
    readonly result: unknown,
  ) {
    super(message);
    this.name = 'JobFailure';
  }
}

/** Progress of the jobs running in this process, fresher than the row. */
const liveProgress = new Map<string, unknown>();

/** The kind of each job running in this process (for /metrics). */
const runningKinds = new Map<string, string>();

/** The progress a job running in this process last reported (fresher than its row), if any. */
export function liveProgressOf(id: string): unknown {
  return liveProgress.get(id);
}

/** The jobs running in this process and the progress each last reported (for /metrics). */
export function runningJobsHere(): { id: string; kind: string; progress: unknown }[] {
  return [...runningKinds].map(([id, kind]) => ({ id, kind, progress: liveProgress.get(id) }));
}

/** Queued and running jobs of the whole instance by kind (served by `jobs_pending_idx`). */
export async function countPendingJobs(db: DB): Promise<{ kind: string; status: JobStatus; count: number }[]> {
  return db
    .selectFrom('jobs')
    .select(['kind', 'status', (eb) => eb.fn.countAll<number>().as('count')])
    .where('status', 'in', ['QUEUED', 'RUNNING'])
    .groupBy(['kind', 'status'])
    .execute();
}

export const HEARTBEAT_MS = 5_000;
/** A RUNNING job whose heartbeat is older than this has lost its process. */
export const STALE_AFTER_MS = 60_000;

/** Creates a QUEUED job of this kind, its parameters checked against the kind's schema (a ZodError otherwise), and returns its id. */
export async function enqueueJob<S extends z.ZodType>(
  db: DB,
  job: JobDefinition<S, unknown>,
  input: { params: z.input<S>; actorId: string | null },
): Promise<string> {
  const params = job.params.parse(input.params);
  const row = await db
    .insertInto('jobs')
    // The request enqueueing it, if any: the job's log lines will carry its id wherever the job runs.
    .values({ kind: job.type, params: JSON.stringify(params ?? {}), actor_id: input.actorId, request_id: currentLogContext()?.reqId ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function present(row: {
  id: string;
  kind: string;
  status: JobStatus;
  params: unknown;
  progress: unknown;
  result: unknown;
  error: string | null;
  actor_id: string | null;
  attempts: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  heartbeat_at: Date | null;
}): JobView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    params: row.params,
    progress: liveProgress.get(row.id) ?? row.progress,
    result: row.result,
    error: row.error,
    actorId: row.actor_id,
    attempts: row.attempts,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    heartbeatAt: iso(row.heartbeat_at),
  };
}

/** A job by id, with the freshest progress this process knows; undefined when there is none. */
export async function findJob(db: DB, id: string): Promise<JobView | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? present(row) : undefined;
}

/** Takes a QUEUED job (or a RUNNING one whose process died) for this process; false if another has it. */
async function claim(db: DB, id: string, now: number): Promise<boolean> {
  const staleBefore = new Date(now - STALE_AFTER_MS);
  const result = await sql<{ id: string }>`
    UPDATE jobs SET status = 'RUNNING', attempts = attempts + 1, started_at = coalesce(started_at, ${new Date(now)}),
      heartbeat_at = ${new Date(now)}, error = NULL
    WHERE id = ${id} AND (status = 'QUEUED' OR (status = 'RUNNING' AND heartbeat_at < ${staleBefore}))
    RETURNING id`.execute(db);
  return result.rows.length === 1;
}

/**
 * Runs one job in this process, now, to its end: claims it, beats its heart,
 * records its result (SUCCEEDED) or its error (FAILED, parameters that no
 * longer fit the schema included). `jobs` is the job's own definition or a
 * registry holding it. Returns the final view.
 */
export async function runJob(platform: Platform, jobs: JobDefinition | JobRegistry, id: string): Promise<JobView> {
  const row = await platform.database.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new Error(`no job ${id}`);
  // The job and all it calls log under the id of the request that enqueued it, and its own.
  return runWithLogContext({ ...(row.request_id ? { reqId: row.request_id } : {}), job: id }, () => runClaimed(platform, jobs, row));
}

async function runClaimed(platform: Platform, jobs: JobDefinition | JobRegistry, row: Selectable<JobsTable>): Promise<JobView> {
  const db = platform.database.db;
  const id = row.id;
  const definition = 'run' in jobs ? (jobs.type === row.kind ? jobs : undefined) : jobs.get(row.kind);
  if (!definition) throw new Error(`no definition for jobs of kind ${row.kind}`);
  if (!(await claim(db, id, platform.now()))) return (await findJob(db, id))!;

  let pending: unknown;
  let persistPending = true;
  let beating: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    const progress = pending;
    pending = undefined;
    beating = db
      .updateTable('jobs')
      .set({
        heartbeat_at: new Date(platform.now()),
        ...(progress !== undefined && persistPending ? { progress: JSON.stringify(progress) } : {}),
      })
      .where('id', '=', id)
      .where('status', '=', 'RUNNING')
      .execute()
      .catch(() => undefined);
  }, HEARTBEAT_MS);
  timer.unref();

  runningKinds.set(id, row.kind);
  platform.log.info({ kind: row.kind, attempt: row.attempts + 1 }, 'job started');
  const context: Omit<JobContext, 'params'> = {
    id,
    actorId: row.actor_id,
    async setProgress(progress, options = {}) {
      liveProgress.set(id, progress);
      if (options.trx) {
        await options.trx
          .updateTable('jobs')
          .set({ progress: JSON.stringify(progress), heartbeat_at: new Date(platform.now()) })
          .where('id', '=', id)
          .execute();
      } else {
        pending = progress;
        persistPending = options.persist !== false;
      }
    },
  };

  try {
    const params = definition.params.safeParse(row.params);
    if (!params.success) throw new Error(`invalid parameters for a job of kind ${row.kind}: ${params.error.message}`);
    const result = await definition.run(platform, { ...context, params: params.data });
    clearInterval(timer);
    await beating;
    await db
      .updateTable('jobs')
      .set({
        status: 'SUCCEEDED',
        result: JSON.stringify(result ?? null),
        progress: JSON.stringify(liveProgress.get(id) ?? {}),
        finished_at: new Date(platform.now()),
        heartbeat_at: new Date(platform.now()),
      })
      .where('id', '=', id)
      .execute();
    platform.log.info({ kind: row.kind }, 'job succeeded');
  } catch (error) {
    platform.log.warn({ kind: row.kind, err: error }, 'job failed');
    clearInterval(timer);
    await beating;
    await db
      .updateTable('jobs')
      .set({
        status: 'FAILED',
        error: error instanceof Error ? error.message : String(error),
        result: error instanceof JobFailure ? JSON.stringify(error.result) : null,
        progress: JSON.stringify(liveProgress.get(id) ?? {}),
        finished_at: new Date(platform.now()),
        heartbeat_at: new Date(platform.now()),
      })
      .where('id', '=', id)
      .execute();
  } finally {
    liveProgress.delete(id);
    runningKinds.delete(id);
  }
  return (await findJob(db, id))!;
}

/**
 * Starts the in-process worker: every `pollMs`, runs the oldest QUEUED job
 * of a kind of the registry, or resumes one whose process died. Returns
 * a function that stops it (after the job in hand ends).
 */
export function startJobWorker(platform: Platform, registry: JobRegistry, options: { pollMs?: number } = {}): () => Promise<void> {
  const db = platform.database.db;
  let stopped = false;
  let busy: Promise<unknown> = Promise.resolve();
  const tick = async () => {
    if (stopped || registry.size === 0) return;
    const staleBefore = new Date(platform.now() - STALE_AFTER_MS);
    const next = await db
      .selectFrom('jobs')
      .select('id')
      .where('kind', 'in', [...registry.keys()])
      .where((eb) => eb.or([eb('status', '=', 'QUEUED'), eb.and([eb('status', '=', 'RUNNING'), eb('heartbeat_at', '<', staleBefore)])]))
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
    if (next) await runJob(platform, registry, next.id);
  };
  const timer = setInterval(() => {
    busy = busy.then(tick).catch(() => undefined);
  }, options.pollMs ?? 2_000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await busy;
  };
}
