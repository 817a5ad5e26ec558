import type { Migration } from 'kysely';
import type { DB } from './database.ts';
import { appliedMigrations, migrationList } from './migrate.ts';

/**
 * Whether pending migrations let the running version keep working
 * (docs/decisions/expand-contract-migrations.md). A migration module says
 * `export const phase = 'contract'` when it removes or narrows what the
 * previous release still uses; anything else is an expand step. Its `up`
 * is also read for statements that break the previous release, so a
 * contract step nobody declared is caught before it ships.
 */
export type MigrationPhase = 'expand' | 'contract';

export interface MigrationVerdict {
  name: string;
  phase: MigrationPhase;
  /** Statements of `up` that break code written for the schema before it. */
  breaking: string[];
  /** True when the previous version can run on the schema after it. */
  compatible: boolean;
  reason: string;
}

const breakingPatterns: [RegExp, string][] = [
  [/DROP\s+(TABLE|COLUMN|VIEW|TYPE|SCHEMA)\b/i, 'drops a table, column, view or type'],
  [/\.dropTable\(|\.dropColumn\(|\.dropView\(|\.dropType\(/, 'drops a table, column, view or type'],
  [/RENAME\s+(COLUMN\s+\S+\s+)?TO\b/i, 'renames a table or column'],
  [/\.renameColumn\(|\.renameTo\(/, 'renames a table or column'],
  [/SET\s+NOT\s+NULL/i, 'makes a column NOT NULL'],
  [/\.setNotNull\(/, 'makes a column NOT NULL'],
  [/ALTER\s+COLUMN\s+\S+\s+(SET\s+DATA\s+)?TYPE\b/i, 'changes a column type'],
  [/\.setDataType\(/, 'changes a column type'],
  [/ADD\s+COLUMN(?:(?!DEFAULT)[^;`,])*NOT\s+NULL(?![^;`,]*DEFAULT)/i, 'adds a NOT NULL column without a default (old INSERTs fail)'],
];

/** Classifies one migration from its declared phase and the text of its `up`. */
export function classifyMigration(name: string, migration: Migration & { phase?: unknown }): MigrationVerdict {
  const phase: MigrationPhase = migration.phase === 'contract' ? 'contract' : 'expand';
  const source = migration.up.toString();
  const breaking = [...new Set(breakingPatterns.filter(([pattern]) => pattern.test(source)).map(([, what]) => what))];
  if (phase === 'contract') {
    return { name, phase, breaking, compatible: false, reason: 'declared contract: stop every process of the previous version before running it' };
  }
  if (breaking.length) {
    return { name, phase, breaking, compatible: false, reason: `not declared contract, but its up() ${breaking.join('; ')}` };
  }
  return { name, phase, breaking, compatible: true, reason: 'expand: the previous version keeps working on the new schema' };
}

/** The migrations this database has not run yet, each with its verdict. */
export async function checkPendingMigrations(db: DB): Promise<MigrationVerdict[]> {
  const applied = new Set(await appliedMigrations(db));
  return migrationList()
    .filter(([name]) => !applied.has(name))
    .map(([name, migration]) => classifyMigration(name, migration));
}
