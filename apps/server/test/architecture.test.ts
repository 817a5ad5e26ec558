import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Services hold the rules, repositories the SQL (docs/STYLE, issue 11). This
 * check reads every `*.service.ts` under src/modules and fails on a query
 * builder call or raw SQL there. Opening a transaction and handing it to a
 * repository (`db.transaction().execute(async (trx) => repo(trx, …))`) is
 * allowed: that is how multi-table writes receive their transaction.
 */
const serverRoot = resolve(import.meta.dirname, '..');
const modulesRoot = join(serverRoot, 'src/modules');

const forbidden: Array<{ name: string; pattern: RegExp }> = [
  { name: 'selectFrom(', pattern: /\bselectFrom\s*\(/ },
  { name: 'insertInto(', pattern: /\binsertInto\s*\(/ },
  { name: 'updateTable(', pattern: /\bupdateTable\s*\(/ },
  { name: 'deleteFrom(', pattern: /\bdeleteFrom\s*\(/ },
  { name: 'replaceInto(', pattern: /\breplaceInto\s*\(/ },
  { name: 'mergeInto(', pattern: /\bmergeInto\s*\(/ },
  { name: 'sql`', pattern: /\bsql\s*(<[^`;]*>)?\s*`/ },
  { name: 'sql.raw / sql.ref / sql.lit…', pattern: /\bsql\.(raw|ref|lit|id|table|join|val)\s*\(/ },
  { name: "import of kysely's sql", pattern: /import\s*\{[^}]*\bsql\b[^}]*\}\s*from\s*['"]kysely['"]/ },
  // A query run from the service: .execute() / .executeTakeFirst() on anything but a transaction being opened.
  { name: '.execute(', pattern: /\.execute(TakeFirst(OrThrow)?)?\s*\(/ },
];

function serviceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return serviceFiles(path);
    return entry.name.endsWith('.service.ts') ? [path] : [];
  });
}

/** The code of a file without its comments, and without the transactions it opens (allowed). */
function codeOf(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/\.transaction\(\)\s*\.execute\s*\(/g, '.transaction().run(')
    // Reserving one connection for several repository calls (a consistent backup) is the same kind of thing.
    .replace(/\.connection\(\)\s*\.execute\s*\(/g, '.connection().run(');
}

/** What a file uses that a service may not, by rule name. */
export function offences(source: string): string[] {
  const code = codeOf(source);
  return forbidden.filter((rule) => rule.pattern.test(code)).map((rule) => rule.name);
}

describe('architecture: services hold no SQL', () => {
  const files = serviceFiles(modulesRoot).map((path) => ({ path, name: relative(serverRoot, path), found: offences(readFileSync(path, 'utf8')) }));

  it('finds the services (the walk itself works)', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(files.some((f) => f.name === 'src/modules/timeline/notifications.service.ts')).toBe(true);
  });

  it('recognises each forbidden form, and lets a service open a transaction', () => {
    expect(offences("const rows = await db.selectFrom('accounts').selectAll().execute();")).toEqual(['selectFrom(', '.execute(']);
    expect(offences("import { sql } from 'kysely';")).toEqual(["import of kysely's sql"]);
    expect(offences('await sql<{ n: number }>`SELECT 1`.execute(db);')).toEqual(['sql`', '.execute(']);
    expect(offences("await trx.insertInto('x').values(v).executeTakeFirstOrThrow();")).toEqual(['insertInto(', '.execute(']);
    expect(offences("await db.updateTable('x').set(v).where('id', '=', id).executeTakeFirst();")).toEqual(['updateTable(', '.execute(']);
    expect(offences("await trx.deleteFrom('x').where('id', '=', id);")).toEqual(['deleteFrom(']);
    expect(offences('await db.transaction().execute(async (trx) => saveAccount(trx, account));')).toEqual([]);
    expect(offences('await db.connection().execute(async (connection) => snapshot(connection));')).toEqual([]);
    expect(offences("// db.selectFrom('accounts') was here\n/* sql`x` */\nimport type { Kysely } from 'kysely';")).toEqual([]);
  });

  it('finds no query builder nor SQL in any *.service.ts', () => {
    const offending = files.filter((f) => f.found.length > 0);
    expect(
      offending.map((f) => `${f.name}: ${f.found.join(', ')} — move the query into the module's *.repository.ts`),
    ).toEqual([]);
  });
});
