import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticRegion } from '../../../../test/fixtures/aaf/generate-region.ts';
import { openPGlite, openPostgres } from '../../../platform/db/database.ts';
import { directorySnapshot, lines } from './aaf-test-support.ts';

/**
 * An import killed with SIGKILL half-way, then run again, ends in the same
 * directory as one uninterrupted run: batches commit one by one and a re-run
 * skips what they wrote. The CLI runs as a real child process, on PGlite (a
 * data folder) or on PostgreSQL (a database of its own) with TEST_DATABASE_URL.
 */
const bin = resolve(import.meta.dirname, '../../../../bin/preau.js');
const temps: string[] = [];
const databases: string[] = [];

function temp(): string {
  const folder = mkdtempSync(join(tmpdir(), 'preau-aaf-kill-'));
  temps.push(folder);
  return folder;
}

/** A place for one directory: a PGlite data folder, or a fresh PostgreSQL database. */
async function newTarget(): Promise<{ env: Record<string, string>; open: () => Promise<{ db: import('../../../platform/db/database.ts').DB; close(): Promise<void> }> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const data = temp();
    return { env: { PREAU_DATA: data }, open: () => openPGlite(data) };
  }
  const name = `preau_aaf_kill_${randomUUID().slice(0, 8)}`;
  const admin = openPostgres(base, 1);
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
  await admin.close();
  databases.push(name);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { env: { DATABASE_URL: url.toString(), PREAU_DATA: temp() }, open: async () => openPostgres(url.toString(), 2) };
}

function run(args: string[], env: Record<string, string>, onLine?: (line: string, child: ChildProcess) => void) {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', SCHOOL_YEAR: '2026', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const line of chunk.toString().split('\n')) if (line) onLine?.(line, child);
  });
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal, out })),
  );
}

afterAll(async () => {
  for (const folder of temps) rmSync(folder, { recursive: true, force: true });
  if (process.env.TEST_DATABASE_URL && databases.length) {
    const admin = openPostgres(process.env.TEST_DATABASE_URL, 1);
    for (const name of databases) await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
    await admin.close();
  }
});

describe('preau import aaf, killed half-way and run again', () => {
  it('ends in the same directory as an uninterrupted run', async () => {
    const files = join(temp(), 'files');
    // The kill must land while the students are read, and --progress speaks once a
    // second: PostgreSQL imports 500 students a structure in about a second, so it gets more.
    const studentsPerStructure = process.env.TEST_DATABASE_URL ? 2500 : 500;
    const { accounts } = await writeSyntheticRegion(files, { structures: 2, studentsPerStructure, seed: 7 });
    expect(accounts).toBe(20 + 2 * studentsPerStructure * 3);

    const killed = await newTarget();
    const whole = await newTarget();
    for (const target of [killed, whole]) {
      const admin = await run(['create-admin', '--login', 'admin.region', '--first-name', 'Anne', '--last-name', 'Durand', '--collectivite', 'Région Test'], target.env);
      expect(admin.code, admin.out).toBe(0);
    }

    // Killed once the students file is well under way (batches of 100 commit one by one).
    // This run prepares its records in the worker thread (off by default): the
    // directory must still end as the uninterrupted run's, prepared on the main thread.
    const first = await run(['import', 'aaf', files, '--progress', '--batch-size', '100'], { ...killed.env, PROVISIONING_IMPORT_THREAD: 'true' }, (line, child) => {
      const students = /Eleve=(\d+)/.exec(line);
      if (students && Number(students[1]) >= 400 && child.exitCode === null) child.kill('SIGKILL');
    });
    expect(first.signal, first.out).toBe('SIGKILL');
    const partial = await killed.open();
    const written = await partial.db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).where('external_id', 'is not', null).executeTakeFirstOrThrow();
    await partial.close();
    expect(Number(written.n)).toBeGreaterThan(0);
    expect(Number(written.n)).toBeLessThan(accounts);

    const second = await run(['import', 'aaf', files, '--batch-size', '100'], killed.env);
    expect(second.code, second.out).toBe(0);
    const uninterrupted = await run(['import', 'aaf', files, '--batch-size', '100'], whole.env);
    expect(uninterrupted.code, uninterrupted.out).toBe(0);

    const snapshots = [];
    for (const target of [killed, whole]) {
      const handle = await target.open();
      snapshots.push(lines(await directorySnapshot(handle.db, 'AC-SYNTHESE')));
      await handle.close();
    }
    expect(snapshots[0]!.accounts).toHaveLength(accounts);
    expect(snapshots[0]!.parentLinks!.length).toBeGreaterThan(1500);
    expect(snapshots[0]).toEqual(snapshots[1]);
  }, 600_000);
});
