import { sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';

/** Letters NFD does not split into a base letter and a mark. */
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', đ: 'd', ł: 'l', ı: 'i' };

/** One part of a login: lower case, accents, spaces and apostrophes removed, hyphens kept. */
export function loginPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[œæßøđłı]/g, (letter) => LIGATURES[letter] ?? '')
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The login a person would get without homonyms: `prenom.nom`. */
export function loginBaseOf(firstName: string, lastName: string): string {
  // A name written only in another script leaves nothing: keep a usable login anyway.
  return `${loginPart(firstName) || 'x'}.${loginPart(lastName) || 'x'}`;
}

/** The first login free after `taken` (logins already given that start with `base`): base, base2, base3… */
export function nextLogin(base: string, taken: string[]): string {
  const numbered = new RegExp(`^${base.replace(/[.\\-]/g, '\\$&')}(\\d*)$`);
  let highest = 0;
  for (const login of taken) {
    const match = numbered.exec(login);
    if (!match) continue; // lea.martinez is not a homonym of lea.martin
    highest = Math.max(highest, match[1] ? Number(match[1]) : 1);
  }
  return highest === 0 ? base : `${base}${highest + 1}`;
}

/**
 * A new login for a person: `prenom.nom`, or the next number after the
 * highest one given (never a gap's, so a login once given never comes back
 * to someone else). One query. The unique index on accounts.login still
 * guards against a concurrent creation; the caller retries on that.
 */
export async function generateLogin(db: DB, firstName: string, lastName: string): Promise<string> {
  const base = loginBaseOf(firstName, lastName);
  // base holds only [a-z0-9.-]: no LIKE wildcard to escape. The prefix LIKE
  // (which includes base itself) becomes an index range only with an index
  // on login text_pattern_ops (or a "C" collation): see the admin decision record.
  const rows = await sql<{ login: string }>`SELECT login FROM accounts WHERE login LIKE ${`${base}%`}`.execute(db);
  return nextLogin(base, rows.rows.map((row) => row.login));
}

/**
 * Serialises the transactions that hand out new logins, until they commit:
 * each reads the numbers already given after the previous one committed, so
 * two imports (two academies at once, or an import and an ADMC creating an
 * account) never pick the same login for homonyms. Batches that create no
 * account (a re-import) never take it.
 *
 * Returns the holder's turn, drawn under the lock: one more than the previous
 * holder's. A gap since one's own last turn means someone else handed out
 * logins meanwhile (or a turn was rolled back: a gap too, on the safe side).
 */
export async function lockLoginAllocation(trx: DB): Promise<number> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('preau.logins'))`.execute(trx);
  const { rows } = await sql<{ turn: string }>`SELECT nextval('login_allocations')::text AS turn`.execute(trx);
  return Number(rows[0]!.turn);
}

/**
 * Logins for many new people at once (imports), by the same rule as
 * generateLogin: one query for all the homonyms already given, then numbers
 * handed out in order within the batch. The byte-wise range `~>=~ base AND
 * ~<~ base||'~'` is the prefix LIKE that the text_pattern_ops index serves
 * for a whole array of bases ('~' sorts after every login character).
 */
export async function generateLogins(db: DB, people: { firstName: string; lastName: string }[]): Promise<string[]> {
  const bases = people.map((p) => loginBaseOf(p.firstName, p.lastName));
  const distinct = [...new Set(bases)];
  const taken = new Map<string, string[]>(distinct.map((base) => [base, []]));
  if (distinct.length > 0) {
    const rows = await sql<{ base: string; login: string }>`
      SELECT b.base, a.login FROM unnest(${distinct}::text[]) AS b(base)
      JOIN accounts a ON a.login ~>=~ b.base AND a.login ~<~ (b.base || '~')`.execute(db);
    for (const row of rows.rows) taken.get(row.base)!.push(row.login);
  }
  return bases.map((base) => {
    const login = nextLogin(base, taken.get(base)!);
    taken.get(base)!.push(login);
    return login;
  });
}
