import { type RawBuilder, sql } from 'kysely';

/**
 * SQL fragments shared by the name searches (annuaire and admin lists).
 * Search keys are normalized ("martin lea"), and so are the terms, which
 * therefore hold no LIKE wildcard.
 */

/** One condition per term: the term is a prefix of some word of the key. */
export function wordPrefixConditions(column: string, terms: string[]): RawBuilder<boolean>[] {
  const ref = sql.ref(column);
  return terms.map((term) => sql<boolean>`(${ref} LIKE ${`${term}%`} OR ${ref} LIKE ${`% ${term}%`})`);
}

/**
 * Keyset condition "after (key, id)" in byte order (COLLATE "C"), the order
 * every list sorts in: the same on PGlite and on any PostgreSQL locale, and
 * "martin lea" before "martinez".
 */
export function afterKey(keyColumn: string, idColumn: string, after: { key: string; id: string }): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(keyColumn)} COLLATE "C", ${sql.ref(idColumn)}) > (${after.key}::text COLLATE "C", ${after.id}::uuid)`;
}

/** ORDER BY fragment matching `afterKey`. */
export function byKey(keyColumn: string, idColumn: string): RawBuilder<unknown> {
  return sql`${sql.ref(keyColumn)} COLLATE "C", ${sql.ref(idColumn)}`;
}

/** Joins conditions with AND; TRUE when there is none. */
export function allOf(conditions: RawBuilder<boolean>[]): RawBuilder<boolean> {
  return conditions.length === 0 ? sql<boolean>`TRUE` : sql<boolean>`${sql.join(conditions, sql` AND `)}`;
}

/** Joins conditions with OR; FALSE when there is none. */
export function anyOf(conditions: RawBuilder<boolean>[]): RawBuilder<boolean> {
  return conditions.length === 0 ? sql<boolean>`FALSE` : sql<boolean>`(${sql.join(conditions, sql` OR `)})`;
}
