/**
 * Vie scolaire at the size of a large lycée (issue 15): the averages of
 * 1,500 students (12 subjects, 3 trimestres, 40 evaluations per class and
 * period) recomputed through the bulletin's code — the Livret scolaire export
 * of the whole lycée, then of one class — and the bulletins (PDF) of one
 * class, each timed with the process's peak memory. In process, on
 * PostgreSQL, on a database it creates (its name must contain "bench").
 *
 *   npm run -w @preau/bench vie-scolaire -- [--database-url postgres://postgres@127.0.0.1:5432/preau_bench_viesco]
 */
import { parseArgs } from 'node:util';
import { uaiCheckLetter } from '@preau/contracts';
import { sql } from 'kysely';
import pg from 'pg';
import { exportLivretCsv } from '../apps/server/src/modules/evaluations/period-exports.service.ts';
import { getBulletinPdf } from '../apps/server/src/modules/evaluations/results.service.ts';
import type { Actor } from '../apps/server/src/platform/authorization.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { openPostgres } from '../apps/server/src/platform/db/database.ts';
import { createPlatform } from '../apps/server/src/platform/platform.ts';
import { assertLoopbackDatabase, benchDatabaseName, maintenanceUrl } from './lib/safety.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/preau_bench_viesco' },
    students: { type: 'string', default: '1500' },
    'class-size': { type: 'string', default: '35' },
    subjects: { type: 'string', default: '12' },
    evaluations: { type: 'string', default: '40' },
    repeat: { type: 'string', default: '2' },
    'pool-size': { type: 'string', default: '10' },
  },
});

const databaseUrl = args['database-url']!;
const url = assertLoopbackDatabase(databaseUrl);
const dbName = benchDatabaseName(url);
const students = Number(args.students);
const classSize = Number(args['class-size']);
const subjects = Number(args.subjects);
const evaluationsPerPeriod = Number(args.evaluations);
const repeat = Number(args.repeat);
const classes = Math.ceil(students / classSize);
const YEAR = 2026;

// A fresh database each run.
const admin = new pg.Client({ connectionString: maintenanceUrl(url) });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
await admin.query(`CREATE DATABASE "${dbName}"`);
await admin.end();

// The services are called in process (no HTTP): the test configuration is enough and asks for no ClamAV.
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://localhost:3000', SCHOOL_YEAR: String(YEAR) });
const database = openPostgres(databaseUrl, Number(args['pool-size']));
const now = Date.parse('2026-12-10T09:00:00Z');
const platform = await createPlatform(config, { database, now: () => now });
const db = platform.database.db;

// ------------------------------------------------------------------ dataset
const t0 = performance.now();
const digits = '0359998';
const { id: collectiviteId } = await db.insertInto('collectivites').values({ name: 'Région bench', kind: 'REGION' }).returning('id').executeTakeFirstOrThrow();
const structure = await db
  .insertInto('structures')
  .values({ collectivite_id: collectiviteId, uai: digits + uaiCheckLetter(digits), name: 'Lycée bench', type: 'LYCEE', city: 'Rennes' })
  .returningAll()
  .executeTakeFirstOrThrow();
await sql`SELECT setseed(0.42)`.execute(db);
await sql`INSERT INTO subjects (code, short_name, name) SELECT lpad((700000 + s)::text, 6, '0'), 'MAT' || s, 'Matière ' || s FROM generate_series(1, ${subjects}) s ON CONFLICT DO NOTHING`.execute(db);
await sql`INSERT INTO classes (structure_id, school_year, code, name, level, search_key)
  SELECT ${structure.id}, ${YEAR}, '2ND' || c, 'Seconde ' || c, '2NDE', 'seconde ' || c FROM generate_series(1, ${classes}) c`.execute(db);
await sql`INSERT INTO accounts (login, first_name, last_name, search_key, profile)
  SELECT 'bench.vs.eleve.' || i, 'Élève', 'Nom' || lpad(i::text, 5, '0'), 'eleve nom' || i, 'ELEVE' FROM generate_series(1, ${students}) i`.execute(db);
await sql`INSERT INTO class_members (class_id, account_id)
  SELECT c.id, a.id FROM accounts a JOIN classes c ON c.structure_id = ${structure.id}
    AND c.code = '2ND' || ((split_part(a.login, '.', 4)::int - 1) / ${classSize} + 1)
  WHERE a.login LIKE 'bench.vs.eleve.%'`.execute(db);
// One teacher per class and subject.
await sql`INSERT INTO accounts (login, first_name, last_name, search_key, profile)
  SELECT 'bench.vs.prof.' || c || '.' || s, 'Prof', 'C' || c || 'S' || s, 'prof c' || c || 's' || s, 'ENSEIGNANT' FROM generate_series(1, ${classes}) c, generate_series(1, ${subjects}) s`.execute(db);
await sql`INSERT INTO accounts (login, first_name, last_name, search_key, profile, staff_function) VALUES ('bench.vs.dir', 'Cheffe', 'Établissement', 'cheffe etablissement', 'PERSONNEL', 'DIR')`.execute(db);
await sql`INSERT INTO structure_members (structure_id, school_year, account_id, profile)
  SELECT ${structure.id}, ${YEAR}, id, profile FROM accounts WHERE login LIKE 'bench.vs.%'`.execute(db);
await sql`INSERT INTO teachings (teacher_id, class_id, subject_code)
  SELECT a.id, c.id, lpad((700000 + split_part(a.login, '.', 5)::int)::text, 6, '0') FROM accounts a
    JOIN classes c ON c.structure_id = ${structure.id} AND c.code = '2ND' || split_part(a.login, '.', 4)
  WHERE a.login LIKE 'bench.vs.prof.%'`.execute(db);
const periodDates = [
  ['2026-09-01', '2026-11-29', '2026-12-04', '2026-12-08'],
  ['2026-11-30', '2027-03-07', '2027-03-12', '2027-03-16'],
  ['2027-03-08', '2027-07-04', '2027-06-06', '2027-06-10'],
] as const;
const periods = await db
  .insertInto('evaluation_periods')
  .values(periodDates.map(([startsOn, endsOn, closes, council], i) => ({ structure_id: structure.id, school_year: YEAR, kind: 'TRIMESTRE' as const, rank: i + 1, starts_on: startsOn, ends_on: endsOn, entry_closes_on: closes, council_on: council })))
  .returning(['id', 'rank', 'starts_on'])
  .execute();
for (const p of periods) {
  // 40 evaluations per class and period, the subjects in turn, coefficients 1–3, some out of 10 or 40 not rescaled.
  await sql`INSERT INTO evaluations (structure_id, school_year, period_id, teacher_id, teacher_name, class_id, subject_code, title, given_on, out_of, rescale, coefficient, competences)
    SELECT ${structure.id}, ${YEAR}, ${p.id}, t.teacher_id, 'Prof', c.id, t.subject_code, 'Évaluation ' || k, ${p.starts_on}::date + k,
      CASE k % 5 WHEN 0 THEN 10 WHEN 1 THEN 40 ELSE 20 END, k % 5 <> 1, (k % 3) + 1, '[]'
    FROM classes c CROSS JOIN generate_series(1, ${evaluationsPerPeriod}) k
    JOIN teachings t ON t.class_id = c.id AND t.subject_code = lpad((700000 + ((k - 1) % ${subjects}) + 1)::text, 6, '0')
    WHERE c.structure_id = ${structure.id}`.execute(db);
}
// Every student marked in every evaluation of his class; 4 % special (ABS, DISP, NN).
await sql`INSERT INTO evaluation_marks (evaluation_id, student_id, value, special, levels)
  SELECT e.id, cm.account_id, CASE WHEN r.x < 0.04 THEN NULL ELSE round((r.y * e.out_of)::numeric * 2) / 2 END,
    CASE WHEN r.x < 0.04 THEN (ARRAY['ABS', 'DISP', 'NN'])[1 + floor(r.x * 75)::int % 3] END, '[]'
  FROM evaluations e JOIN class_members cm ON cm.class_id = e.class_id
  CROSS JOIN LATERAL (SELECT random() AS x, random() AS y) r
  WHERE e.structure_id = ${structure.id}`.execute(db);
await sql`ANALYZE`.execute(db);
const counts = await sql<{ evaluations: string; marks: string }>`SELECT (SELECT count(*) FROM evaluations) AS evaluations, (SELECT count(*) FROM evaluation_marks) AS marks`.execute(db);
console.log(`dataset: ${students} students in ${classes} classes, ${subjects} subjects, 3 periods, ${counts.rows[0]!.evaluations} evaluations, ${counts.rows[0]!.marks} marks (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

// ------------------------------------------------------------------ measures
const head = await db.selectFrom('accounts').select('id').where('login', '=', 'bench.vs.dir').executeTakeFirstOrThrow();
const actor: Actor = { accountId: head.id, profile: 'PERSONNEL', staffFunction: 'DIR', structureIds: [structure.id], admcCollectiviteIds: [], admlStructureIds: [], technicianCollectiviteIds: [] };
const period1 = periods.find((p) => p.rank === 1)!;
const firstClass = await db.selectFrom('classes').select('id').where('structure_id', '=', structure.id).where('code', '=', '2ND1').executeTakeFirstOrThrow();
const classStudents = await db.selectFrom('class_members').select('account_id').where('class_id', '=', firstClass.id).execute();

/** Runs `work` `repeat` times; the time of each and the process's peak RSS while it ran (sampled every 10 ms). */
async function measure(name: string, work: () => Promise<string>) {
  for (let i = 0; i < repeat; i++) {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const start = performance.now();
    const detail = await work();
    const ms = performance.now() - start;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(`${name} #${i + 1}: ${(ms / 1000).toFixed(2)} s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB (+${((peak - before) / 2 ** 20).toFixed(0)} MiB), ${detail}`);
  }
}

await measure('Livret CSV, whole lycée, T1 (every average recomputed)', async () => {
  const file = await exportLivretCsv(platform, actor, period1.id, {});
  return `${file.csv.split('\r\n').length - 2} lines, ${(file.csv.length / 1024).toFixed(0)} KiB`;
});
await measure('Livret CSV, one class, T1', async () => {
  const file = await exportLivretCsv(platform, actor, period1.id, { classId: firstClass.id });
  return `${file.csv.split('\r\n').length - 2} lines`;
});
await measure(`Bulletins PDF of one class (${classStudents.length}), one after the other`, async () => {
  let bytes = 0;
  for (const s of classStudents) bytes += (await getBulletinPdf(platform, actor, s.account_id, period1.id, 'fr')).pdf.length;
  return `${(bytes / 1024).toFixed(0)} KiB of PDF`;
});
console.log(`process peak RSS over the run (getrusage): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
await platform.close();
await database.close();
