import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { createSchool } from '../../../test/factories.ts';
import { loginAs } from '../../../test/http.ts';
import { loadConfig } from '../config.ts';
import { openPGlite } from './database.ts';
import { migrateTo, migrationList, migrationNames } from './migrate.ts';
import { runMigrateCheck } from './migrate-check-command.ts';
import { checkPendingMigrations, classifyMigration } from './migration-check.ts';

const down = async () => {};

describe('classifyMigration', () => {
  it('lets additive changes through as expand', () => {
    const verdict = classifyMigration('x', {
      async up(db: Kysely<any>) {
        await db.schema.createTable('notes').addColumn('id', 'uuid', (c) => c.primaryKey()).execute();
        await db.schema.alterTable('accounts').addColumn('nickname', 'text').execute();
        await sql`ALTER TABLE accounts ADD COLUMN theme text NOT NULL DEFAULT 'light'`.execute(db);
        await sql`CREATE INDEX CONCURRENTLY accounts_theme_idx ON accounts (theme)`.execute(db);
      },
      down,
    });
    expect(verdict).toMatchObject({ phase: 'expand', compatible: true, breaking: [] });
  });

  it.each([
    ['drops a column', async (db: Kysely<any>) => void (await db.schema.alterTable('a').dropColumn('b').execute()), /drops/],
    ['renames a column', async (db: Kysely<any>) => void (await sql`ALTER TABLE a RENAME COLUMN b TO c`.execute(db)), /renames/],
    ['adds a NOT NULL column with no default', async (db: Kysely<any>) => void (await sql`ALTER TABLE a ADD COLUMN b text NOT NULL`.execute(db)), /NOT NULL column/],
    ['makes a column NOT NULL', async (db: Kysely<any>) => void (await sql`ALTER TABLE a ALTER COLUMN b SET NOT NULL`.execute(db)), /NOT NULL/],
    ['changes a type', async (db: Kysely<any>) => void (await sql`ALTER TABLE a ALTER COLUMN b TYPE bigint`.execute(db)), /type/],
  ])('catches a step that %s and was not declared contract', (_name, up, reason) => {
    const verdict = classifyMigration('x', { up, down });
    expect(verdict.compatible).toBe(false);
    expect(verdict.reason).toMatch(/not declared contract/);
    expect(verdict.reason).toMatch(reason);
  });

  it('reports a declared contract step as not compatible, with what to do', () => {
    const verdict = classifyMigration('x', { phase: 'contract', up: async (db: Kysely<any>) => void (await db.schema.dropTable('old').execute()), down } as never);
    expect(verdict).toMatchObject({ phase: 'contract', compatible: false });
    expect(verdict.reason).toMatch(/stop every process of the previous version/);
  });

  it('would have stopped the professeurs principaux migration, which dropped a column the previous release read', () => {
    const [name, migration] = migrationList().find(([n]) => n.endsWith('_class_principals'))!;
    expect(classifyMigration(name, migration)).toMatchObject({ compatible: false, breaking: ['drops a table, column, view or type'] });
  });
});

describe('preau migrate --check', () => {
  it('lists what a database has not run and says whether the running version survives it; changes nothing', async () => {
    const database = await openPGlite();
    try {
      expect((await checkPendingMigrations(database.db)).map((v) => v.name)).toEqual(migrationNames);
      await migrateTo(database.db, migrationNames.at(-2)!);
      const pending = await checkPendingMigrations(database.db);
      expect(pending).toEqual([expect.objectContaining({ name: migrationNames.at(-1), compatible: true })]);
      expect((await checkPendingMigrations(database.db)).length).toBe(1); // the check ran nothing
    } finally {
      await database.close();
    }
  }, 120_000);

  it('exits 1, naming it, when a pending migration would break the running version', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dataDir = mkdtempSync(join(tmpdir(), 'preau-check-'));
    try {
      const config = loadConfig({ NODE_ENV: 'test', PREAU_DATA: dataDir });
      expect(await runMigrateCheck(config)).toBe(0); // an empty database: nothing runs on it yet
      const classPrincipals = migrationNames.findIndex((n) => n.endsWith('_class_principals'));
      const database = await openPGlite(dataDir);
      await migrateTo(database.db, migrationNames[classPrincipals - 1]!);
      await database.close();
      expect(await runMigrateCheck(config)).toBe(1);
      expect(log).toHaveBeenCalledWith(expect.stringMatching(/^INCOMPATIBLE {2}\S+_class_principals: not declared contract/));
    } finally {
      log.mockRestore();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

/**
 * The rule in practice: the current code keeps working on the schema the
 * next release's expand migrations make (a new table, new nullable and
 * defaulted columns), as the previous version must during a rolling upgrade.
 */
describe('the current server on an expanded schema', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({}, { privateDatabase: true });
    const nextExpand = {
      async up(db: Kysely<any>) {
        await db.schema.createTable('next_release_notes').addColumn('id', 'uuid', (c) => c.primaryKey()).addColumn('body', 'text').execute();
        await db.schema.alterTable('accounts').addColumn('next_release_nickname', 'text').execute();
        await sql`ALTER TABLE messages ADD COLUMN next_release_priority integer NOT NULL DEFAULT 0`.execute(db);
        await sql`ALTER TABLE message_recipients ADD COLUMN next_release_pinned boolean`.execute(db);
      },
      down,
    };
    expect(classifyMigration('next', nextExpand).compatible).toBe(true);
    await nextExpand.up(ctx.platform.database.db);
  }, 120_000);
  afterAll(() => ctx.close());

  it('logs in, sends, lists and reads messages', async () => {
    const school = await createSchool(ctx.platform.database.db);
    const teacher = await loginAs(ctx.app, school.teacher.login);
    const student = await loginAs(ctx.app, school.student.login);
    const sent = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/messaging/messages',
      headers: teacher,
      payload: { to: [{ type: 'PERSON', id: school.student.id }], subject: 'Après la migration', body: '<p>Bonjour</p>' },
    });
    expect(sent.statusCode).toBe(201);
    const inbox = await ctx.app.inject({ method: 'GET', url: '/api/v1/messaging/messages?folder=INBOX', headers: student });
    expect(inbox.statusCode).toBe(200);
    expect(JSON.stringify(inbox.json())).toContain('Après la migration');
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: student });
    expect(me.statusCode).toBe(200);
    const people = await ctx.app.inject({ method: 'GET', url: `/api/v1/directory/people?q=${encodeURIComponent(school.teacher.last_name.slice(0, 5))}`, headers: student });
    expect(people.statusCode).toBe(200);
  });
});
