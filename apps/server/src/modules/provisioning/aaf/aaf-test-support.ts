import { resolve } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import type { ImportJob, ImportReport } from '@preau/contracts';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { loadConfig } from '../../../platform/config.ts';
import type { DB } from '../../../platform/db/database.ts';
import { OutboxMailer } from '../../../platform/mail/mailer.ts';
import { createPlatform, type Platform } from '../../../platform/platform.ts';
import { openIsolatedDatabase } from '../../../../test/isolated-database.ts';

/** Test helpers of the AAF import (imported by tests only). */

/** Archive limits no fixture comes near. */
export const ARCHIVE_LIMITS = { maxBytes: 1024 ** 3, maxEntries: 1000 };

export const FIXTURES = resolve(import.meta.dirname, '../../../../test/fixtures/aaf');

/**
 * A platform on a database of its own: in-memory PGlite, or a fresh
 * PostgreSQL database next to TEST_DATABASE_URL's (the import's results are
 * asserted exactly — logins included — so no other test file may share it).
 */
export async function isolatedPlatform(
  env: Record<string, string> = {},
): Promise<{ platform: Platform; clock: { now: number }; databaseUrl: string | undefined; close(): Promise<void> }> {
  const { database, url: databaseUrl, close: closeDatabase } = await openIsolatedDatabase('preau_aaf', 4);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SCHOOL_YEAR: '2026', ...env });
  const clock = { now: Date.parse('2026-09-01T08:00:00Z') };
  const platform = await createPlatform(config, { database, mailer: new OutboxMailer(undefined, config.mailFrom), now: () => clock.now });
  return {
    platform,
    clock,
    databaseUrl,
    async close() {
      await platform.close();
      await closeDatabase();
    },
  };
}

/** The report of an import job that must have succeeded. */
export function succeededReport(job: ImportJob): ImportReport {
  expect(job.error).toBeNull();
  expect(job.status).toBe('SUCCEEDED');
  return job.report!;
}

/** A report's counts without the zeros: what the tests compare. */
export function nonZero(report: ImportReport) {
  return Object.fromEntries(
    Object.entries(report.counts)
      .map(([type, actions]) => [type, Object.fromEntries(Object.entries(actions).filter(([, n]) => n > 0))])
      .filter(([, actions]) => Object.keys(actions as object).length > 0),
  );
}

/** The provisioned directory of an academy, as sorted plain text lines: what the tests compare. */
export async function directorySnapshot(db: DB, academy = 'AC-RENNES') {
  const prefix = `${academy}$%`;
  const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows;
  return {
    structures: await rows<{ line: string }>(sql`
      SELECT s.external_id || ' ' || s.uai || ' ' || s.name || ' ' || coalesce(s.city, '-') AS line FROM structures s
      WHERE s.external_id LIKE ${prefix} ORDER BY 1`),
    classes: await rows<{ line: string }>(sql`
      SELECT s.uai || ' class ' || c.code || ' ' || c.name AS line FROM classes c JOIN structures s ON s.id = c.structure_id
      WHERE s.external_id LIKE ${prefix} AND c.school_year = 2026
      UNION ALL SELECT s.uai || ' group ' || g.code || ' ' || g.name FROM groups g JOIN structures s ON s.id = g.structure_id
      WHERE s.external_id LIKE ${prefix} AND g.school_year = 2026 ORDER BY 1`),
    accounts: await rows<{ line: string }>(sql`
      SELECT a.login || ' ' || a.profile || coalesce('/' || a.staff_function, '') || ' ' || a.first_name || ' ' || a.last_name || ' ' || a.status
        || CASE WHEN a.leaving_at IS NOT NULL THEN ' leaving' ELSE '' END || CASE WHEN a.deleted_at IS NOT NULL THEN ' deleted' ELSE '' END
        || CASE WHEN a.activation_code IS NOT NULL THEN ' code' ELSE '' END AS line
      FROM accounts a WHERE a.external_id LIKE ${prefix} OR (a.deleted_at IS NOT NULL AND a.external_id IS NULL AND a.profile <> 'COLLECTIVITE') ORDER BY 1`),
    memberships: await rows<{ line: string }>(sql`
      SELECT a.login || ' ' || s.uai || ' ' || sm.profile AS line FROM structure_members sm
      JOIN accounts a ON a.id = sm.account_id JOIN structures s ON s.id = sm.structure_id
      WHERE sm.school_year = 2026 AND a.external_id LIKE ${prefix} ORDER BY 1`),
    classMembers: await rows<{ line: string }>(sql`
      SELECT a.login || ' ' || s.uai || ' class ' || c.code AS line FROM class_members m JOIN classes c ON c.id = m.class_id
      JOIN structures s ON s.id = c.structure_id JOIN accounts a ON a.id = m.account_id WHERE a.external_id LIKE ${prefix}
      UNION ALL SELECT a.login || ' ' || s.uai || ' group ' || g.code FROM group_members m JOIN groups g ON g.id = m.group_id
      JOIN structures s ON s.id = g.structure_id JOIN accounts a ON a.id = m.account_id WHERE a.external_id LIKE ${prefix} ORDER BY 1`),
    parentLinks: await rows<{ line: string }>(sql`
      SELECT p.login || ' -> ' || c.login AS line FROM parent_links l JOIN accounts p ON p.id = l.parent_id JOIN accounts c ON c.id = l.child_id
      WHERE p.external_id LIKE ${prefix} ORDER BY 1`),
    teachings: await rows<{ line: string }>(sql`
      SELECT a.login || ' ' || s.uai || ' ' || coalesce('class ' || c.code, 'group ' || g.code) || ' ' || t.subject_code AS line
      FROM teachings t JOIN accounts a ON a.id = t.teacher_id LEFT JOIN classes c ON c.id = t.class_id LEFT JOIN groups g ON g.id = t.group_id
      JOIN structures s ON s.id = coalesce(c.structure_id, g.structure_id) WHERE a.external_id LIKE ${prefix} ORDER BY 1`),
    principals: await rows<{ line: string }>(sql`
      SELECT a.login || ' ' || s.uai || ' class ' || c.code AS line
      FROM class_principals p JOIN accounts a ON a.id = p.teacher_id JOIN classes c ON c.id = p.class_id JOIN structures s ON s.id = c.structure_id
      WHERE a.external_id LIKE ${prefix} ORDER BY 1`),
  };
}

/** Lines only, for toEqual. */
export function lines(snapshot: Awaited<ReturnType<typeof directorySnapshot>>) {
  return Object.fromEntries(Object.entries(snapshot).map(([k, v]) => [k, v.map((r) => r.line)]));
}

/** Activation codes and ids of the academy's accounts, to prove nothing was re-issued. */
export async function accountKeys(db: DB) {
  const rows = await db.selectFrom('accounts').select(['id', 'login', 'activation_code', 'updated_at']).where('external_id', 'like', 'AC-RENNES$%').orderBy('login').execute();
  return rows.map((r) => `${r.id} ${r.login} ${r.activation_code} ${new Date(r.updated_at).toISOString()}`);
}

/**
 * A .zip of these entries, deflated, built by hand (no zip writer among the
 * dependencies): local headers, data, central directory, end record.
 */
export function zipOf(entries: { name: string; content: Buffer }[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, content } of entries) {
    const fileName = Buffer.from(name);
    const data = deflateRawSync(content);
    const sizes = (header: Buffer, at: number) => {
      header.writeUInt32LE(crc32(content), at);
      header.writeUInt32LE(data.length, at + 4);
      header.writeUInt32LE(content.length, at + 8);
      header.writeUInt16LE(fileName.length, at + 12);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    sizes(local, 14);
    const directory = Buffer.alloc(46);
    directory.writeUInt32LE(0x02014b50, 0);
    directory.writeUInt16LE(20, 4);
    directory.writeUInt16LE(20, 6);
    directory.writeUInt16LE(8, 10);
    sizes(directory, 16);
    directory.writeUInt32LE(offset, 42);
    parts.push(local, fileName, data);
    central.push(directory, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}
