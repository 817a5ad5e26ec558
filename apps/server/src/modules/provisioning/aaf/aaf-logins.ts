import { sql } from 'kysely';
import type { DB } from '../../../platform/db/database.ts';
import { loginBaseOf } from '../../admin/login-generator.ts';

/**
 * Logins for the accounts an import creates, by the rule of generateLogins
 * (`prenom.nom`, then the number after the highest one given), with the
 * highest number of each base kept for the rest of the run. Without it, every
 * batch fetched every login already given for each of its bases: common
 * names have hundreds of homonyms in a région, so each batch read more than
 * the one before and a first import slowed down as it went.
 *
 * The database answers the highest number itself (one row per base, not one
 * per homonym). The cache holds at most `capacity` bases, the most recently
 * used: memory stays bounded, and a base pushed out is asked again. It is
 * valid only while the transactions that used it commit (`reset()` after a
 * rollback) and while nobody else hands out logins: each allocation comes
 * with the turn drawn under the logins lock (lockLoginAllocation), and a turn
 * that does not follow this allocator's last one empties the cache. Without
 * that, imports of two academies at once failed on the unique login and
 * redid their batch every time the other had given a homonym.
 */
export class LoginAllocator {
  private readonly highest = new Map<string, number>();
  private lastTurn: number | undefined;

  constructor(private readonly capacity = 100_000) {}

  reset(): void {
    this.highest.clear();
  }

  async allocate(db: DB, people: { firstName: string; lastName: string }[], turn: number): Promise<string[]> {
    if (this.lastTurn !== undefined && turn !== this.lastTurn + 1) this.highest.clear();
    this.lastTurn = turn;
    const bases = people.map((p) => loginBaseOf(p.firstName, p.lastName));
    const batch = new Map<string, number>();
    for (const base of bases) {
      const known = this.highest.get(base);
      if (known !== undefined) batch.set(base, known);
    }
    const missing = [...new Set(bases.filter((base) => !batch.has(base)))];
    if (missing.length > 0) {
      // '~' sorts after every login character: the range is the prefix LIKE the text_pattern_ops index serves.
      const rows = await sql<{ base: string; highest: string }>`
        SELECT b.base, max(CASE WHEN a.login = b.base THEN 1 ELSE substr(a.login, length(b.base) + 1)::numeric END)::text AS highest
        FROM unnest(${missing}::text[]) AS b(base)
        JOIN accounts a ON a.login ~>=~ b.base AND a.login ~<~ (b.base || '~')
        WHERE a.login = b.base OR substr(a.login, length(b.base) + 1) ~ '^[0-9]+$'
        GROUP BY b.base`.execute(db);
      const found = new Map(rows.rows.map((r) => [r.base, Number(r.highest)]));
      for (const base of missing) batch.set(base, found.get(base) ?? 0);
    }
    const logins = bases.map((base) => {
      const highest = batch.get(base)!;
      batch.set(base, highest + 1);
      return highest === 0 ? base : `${base}${highest + 1}`;
    });
    for (const [base, highest] of batch) this.remember(base, highest);
    return logins;
  }

  private remember(base: string, highest: number): void {
    this.highest.delete(base);
    this.highest.set(base, highest);
    if (this.highest.size > this.capacity) this.highest.delete(this.highest.keys().next().value!);
  }
}
