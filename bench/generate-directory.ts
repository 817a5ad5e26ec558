/**
 * Generates a region-scale directory straight into a PostgreSQL database, for
 * the load benchmark and for checking query plans (EXPLAIN) at real size.
 *
 *   npm run -w @preau/bench generate -- --accounts 1000000
 *
 * Deterministic: the same --seed and --accounts give the same people, names,
 * logins, ids and memberships (session rows and timestamps excepted). The
 * target database is dropped and recreated, then brought up to date with the
 * server's own migrations.
 *
 * Shape, at full size (1,000,000 accounts): 471 lycées of one région, ~40 %
 * students in classes of ~30 (seconde, première, terminale) and Spanish LV2
 * groups, ~55 % parents linked to their children (some with two children),
 * ~4 % teachers with subjects per class and group, ~1 % staff (DIR, EVS, ETA,
 * DOC), one ADML per lycée, one ADMC. Smaller runs keep the same lycée size
 * and have proportionally fewer lycées.
 *
 * Streaming: one lycée at a time is generated and written (multi-row
 * INSERT … SELECT FROM unnest(arrays), one transaction per lycée), so memory
 * does not grow with the region.
 */
import { parseArgs } from 'node:util';
import { uaiCheckLetter, isValidUai, type Profile, type StaffFunction } from '@preau/contracts';
import pg from 'pg';
import { schoolYearOf } from '../apps/server/src/platform/config.ts';
import { openPostgres } from '../apps/server/src/platform/db/database.ts';
import { migrateToLatest } from '../apps/server/src/platform/db/migrate.ts';
import { hashPassword } from '../apps/server/src/platform/passwords.ts';
import { normalizeForSearch, personSearchKey } from '../apps/server/src/platform/search-key.ts';
import { cities, firstNames, lastNames, schoolNames, subjects } from './lib/names.ts';
import { Prng, Zipf } from './lib/prng.ts';
import { BENCH_PASSWORD, DEFAULT_DATABASE_URL, assertLoopbackDatabase, benchDatabaseName, maintenanceUrl } from './lib/safety.ts';

const FULL_REGION_ACCOUNTS = 1_000_000;
const FULL_REGION_LYCEES = 471;
const CLASS_SIZE = 30;
/** Départements of one région (Auvergne-Rhône-Alpes), for UAI prefixes. */
const DEPARTEMENTS = ['001', '003', '007', '015', '026', '038', '042', '043', '063', '069', '073', '074'];

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL },
    accounts: { type: 'string', default: '100000' },
    seed: { type: 'string', default: 'preau-bench' },
    'school-year': { type: 'string' },
    'past-years': { type: 'string', default: '0' },
    'active-ratio': { type: 'string', default: '0.6' },
    'sessions-ratio': { type: 'string', default: '0.1' },
    concurrency: { type: 'string', default: '2' },
    batch: { type: 'string', default: '5000' },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`Usage: tsx bench/generate-directory.ts [options]
  --database-url URL    target database, dropped and recreated (default ${DEFAULT_DATABASE_URL}; host must be 127.0.0.1, name must contain "bench")
  --accounts N          number of accounts (default 100000; 1000000 = a région of ${FULL_REGION_LYCEES} lycées)
  --seed S              PRNG seed (default preau-bench)
  --school-year Y       current school year, by its start year (default: today's)
  --past-years K        also generate K previous school years of classes, groups and memberships (default 0)
  --active-ratio R      share of accounts already activated (default 0.6)
  --sessions-ratio R    open sessions for this share of activated accounts (default 0.1)
  --concurrency C       lycées written in parallel (default 2)
  --batch B             rows per INSERT statement (default 5000)
Activated accounts share the password ${BENCH_PASSWORD}; known logins: bench.eleve.<k>, bench.enseignant.<k>,
bench.parent.<k>, bench.personnel.<k>, bench.adml.<k> for k = 1..number of lycées, and bench.admc.`);
  process.exit(0);
}

const databaseUrl = args['database-url']!;
const parsedUrl = assertLoopbackDatabase(databaseUrl);
const databaseName = benchDatabaseName(parsedUrl);
const totalAccounts = positiveInt('accounts', args.accounts!);
const seed = args.seed!;
const schoolYear = args['school-year'] ? positiveInt('school-year', args['school-year']) : schoolYearOf(new Date(), { schoolYear: undefined });
const pastYears = nonNegativeInt('past-years', args['past-years']!);
const activeRatio = ratio('active-ratio', args['active-ratio']!);
const sessionsRatio = ratio('sessions-ratio', args['sessions-ratio']!);
const concurrency = positiveInt('concurrency', args.concurrency!);
const batchSize = positiveInt('batch', args.batch!);

function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${value}`);
  return n;
}
function nonNegativeInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${value}`);
  return n;
}
function ratio(name: string, value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new Error(`--${name} must be between 0 and 1, got ${value}`);
  return n;
}

// ---------------------------------------------------------------------------
// Column-oriented row buffers, written with INSERT … SELECT * FROM unnest(…).

type Column = readonly [name: string, pgType: string];

interface TableSpec {
  table: string;
  columns: readonly Column[];
}

const T = {
  accounts: {
    table: 'accounts',
    columns: [
      ['id', 'uuid'], ['login', 'text'], ['first_name', 'text'], ['last_name', 'text'], ['search_key', 'text'],
      ['profile', 'profile'], ['staff_function', 'text'], ['status', 'account_status'], ['email', 'text'],
      ['password_hash', 'text'], ['activation_code', 'text'], ['charter_accepted_at', 'timestamptz'],
      ['activated_at', 'timestamptz'], ['blocked_at', 'timestamptz'], ['deleted_at', 'timestamptz'], ['external_id', 'text'],
    ],
  },
  structureMembers: { table: 'structure_members', columns: [['structure_id', 'uuid'], ['school_year', 'int2'], ['account_id', 'uuid'], ['profile', 'profile']] },
  classes: {
    table: 'classes',
    columns: [['id', 'uuid'], ['structure_id', 'uuid'], ['school_year', 'int2'], ['code', 'text'], ['name', 'text'], ['search_key', 'text'], ['level', 'text']],
  },
  groups: {
    table: 'groups',
    columns: [['id', 'uuid'], ['structure_id', 'uuid'], ['school_year', 'int2'], ['code', 'text'], ['name', 'text'], ['search_key', 'text'], ['kind', 'text']],
  },
  classMembers: { table: 'class_members', columns: [['class_id', 'uuid'], ['account_id', 'uuid']] },
  groupMembers: { table: 'group_members', columns: [['group_id', 'uuid'], ['account_id', 'uuid']] },
  parentLinks: { table: 'parent_links', columns: [['parent_id', 'uuid'], ['child_id', 'uuid']] },
  teachings: {
    table: 'teachings',
    columns: [['id', 'uuid'], ['teacher_id', 'uuid'], ['class_id', 'uuid'], ['group_id', 'uuid'], ['subject_code', 'text']],
  },
  classPrincipals: { table: 'class_principals', columns: [['class_id', 'uuid'], ['teacher_id', 'uuid']] },
  adminRoles: { table: 'admin_roles', columns: [['account_id', 'uuid'], ['role', 'text'], ['collectivite_id', 'uuid'], ['structure_id', 'uuid']] },
  sessions: {
    table: 'sessions',
    columns: [['id_hash', 'text'], ['account_id', 'uuid'], ['data', 'jsonb'], ['idle_expires_at', 'timestamptz'], ['absolute_expires_at', 'timestamptz']],
  },
} as const satisfies Record<string, TableSpec>;

/** Insertion order: parents of foreign keys first. */
const TABLE_ORDER = ['accounts', 'structureMembers', 'classes', 'groups', 'classMembers', 'groupMembers', 'parentLinks', 'teachings', 'classPrincipals', 'adminRoles', 'sessions'] as const;
type TableKey = (typeof TABLE_ORDER)[number];

class Rows {
  readonly columns: unknown[][];
  constructor(readonly spec: TableSpec) {
    this.columns = spec.columns.map(() => []);
  }
  get length(): number {
    return this.columns[0]!.length;
  }
  push(...values: unknown[]): void {
    if (values.length !== this.columns.length) throw new Error(`${this.spec.table}: ${values.length} values for ${this.columns.length} columns`);
    for (let i = 0; i < values.length; i++) this.columns[i]!.push(values[i]);
  }
}

type Batch = Record<TableKey, Rows>;
function newBatch(): Batch {
  return Object.fromEntries(TABLE_ORDER.map((key) => [key, new Rows(T[key])])) as Batch;
}

const insertedRows: Record<string, number> = {};

async function writeRows(client: pg.PoolClient | pg.Client, rows: Rows): Promise<void> {
  const { table, columns } = rows.spec;
  const text =
    `INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')}) ` +
    `SELECT * FROM unnest(${columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`;
  for (let start = 0; start < rows.length; start += batchSize) {
    const params = rows.columns.map((column) => column.slice(start, start + batchSize));
    await client.query(text, params);
  }
  insertedRows[table] = (insertedRows[table] ?? 0) + rows.length;
}

async function writeBatch(client: pg.PoolClient | pg.Client, batch: Batch): Promise<void> {
  await client.query('BEGIN');
  try {
    for (const key of TABLE_ORDER) if (batch[key].length > 0) await writeRows(client, batch[key]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

// ---------------------------------------------------------------------------
// People.

const lastNamePicker = new Zipf(lastNames, 0.85);
const firstNamePicker = new Zipf(firstNames, 0.7);
const loginCounts = new Map<string, number>();
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const yearStart = Date.UTC(schoolYear, 8, 1);
let externalSeq = 0;
let passwordHash = '';

interface Person {
  id: string;
  profile: Profile;
  staffFunction: StaffFunction | null;
  active: boolean;
}

function loginFor(firstName: string, lastName: string): string {
  const base = `${normalizeForSearch(firstName).replace(/ /g, '-')}.${normalizeForSearch(lastName).replace(/ /g, '-')}`;
  const n = (loginCounts.get(base) ?? 0) + 1;
  loginCounts.set(base, n);
  return n === 1 ? base : `${base}${n}`;
}

/** Adds an account row; `benchLogin` makes it an activated account with the known password. */
function addAccount(
  prng: Prng,
  batch: Batch,
  profile: Profile,
  options: { staffFunction?: StaffFunction; lastName?: string; benchLogin?: string } = {},
): Person {
  const id = prng.uuid();
  const firstName = firstNamePicker.pick(prng);
  const lastName = options.lastName ?? lastNamePicker.pick(prng);
  const login = options.benchLogin ?? loginFor(firstName, lastName);
  const roll = prng.next();
  // A few blocked (0.3 %) and soft-deleted (0.2 %) accounts, as in a live directory.
  const deleted = !options.benchLogin && roll < 0.002;
  const blocked = !options.benchLogin && !deleted && roll < 0.005;
  const active = Boolean(options.benchLogin) || blocked || prng.chance(activeRatio);
  const activatedAt = active ? new Date(yearStart + prng.int(60 * 86_400_000)).toISOString() : null;
  const email = active && prng.chance(0.3) ? `${login}@courriel.example` : null;
  batch.accounts.push(
    id,
    login,
    firstName,
    lastName,
    personSearchKey(firstName, lastName),
    profile,
    options.staffFunction ?? null,
    blocked ? 'BLOCKED' : active ? 'ACTIVE' : 'PROVISIONED',
    email,
    active ? passwordHash : null,
    active ? null : prng.string(CODE_ALPHABET, 8),
    activatedAt,
    activatedAt,
    blocked ? activatedAt : null,
    deleted ? new Date(yearStart).toISOString() : null,
    `BENCH${String(++externalSeq).padStart(9, '0')}`,
  );
  return { id, profile, staffFunction: options.staffFunction ?? null, active: active && !blocked && !deleted };
}

// ---------------------------------------------------------------------------
// Lycées.

interface StructurePlan {
  index: number; // 1-based: bench logins use it
  id: string;
  uai: string;
  name: string;
  city: string;
  accounts: number;
}

/** Subjects of a class per level; MATHS first so teacher #0 teaches class #0 (bench.enseignant teaches bench.eleve). */
const classSubjects: Record<'2NDE' | '1ERE' | 'TLE', string[]> = {
  '2NDE': ['061300', '020700', '030201', '043700', '043800', '062300', '062900', '050700', '100100', '006600'],
  '1ERE': ['061300', '020700', '030201', '043700', '043800', '062300', '065300', '074700', '100100', '006600'],
  TLE: ['061300', '010300', '030201', '043700', '043800', '062300', '065300', '050700', '100100', '006600'],
};
const teacherSubjectOrder = ['061300', '020700', '030201', '043700', '062300', '062900', '050700', '100100', '065300', '010300', '074700', '030602', '043800', '006600'];
const levels = [
  { level: '2NDE', code: '2NDE', name: 'Seconde' },
  { level: '1ERE', code: '1G', name: 'Première générale' },
  { level: 'TLE', code: 'TG', name: 'Terminale générale' },
] as const;

function generateStructure(plan: StructurePlan, collectiviteId: string): Batch {
  const prng = new Prng(`${seed}:structure:${plan.index}`);
  const batch = newBatch();
  const k = plan.index;
  const teacherCount = Math.max(2, Math.round(plan.accounts * 0.04));
  const staffCount = Math.max(4, Math.round(plan.accounts * 0.01));
  const studentCount = Math.max(1, Math.round(plan.accounts * 0.4));
  const parentCount = Math.max(1, plan.accounts - teacherCount - staffCount - studentCount);

  // Students (the first one is bench.eleve.<k>).
  const students: Person[] = [];
  const studentLastNames: string[] = [];
  for (let i = 0; i < studentCount; i++) {
    const lastName = lastNamePicker.pick(prng);
    studentLastNames.push(lastName);
    students.push(addAccount(prng, batch, 'ELEVE', { lastName, ...(i === 0 ? { benchLogin: `bench.eleve.${k}` } : {}) }));
  }
  // Parents: every student has one, some two; one parent in ten also has a sibling in the lycée.
  for (let i = 0; i < parentCount; i++) {
    const childIndex = i % studentCount;
    const parent = addAccount(prng, batch, 'PARENT', {
      lastName: prng.chance(0.8) ? studentLastNames[childIndex]! : lastNamePicker.pick(prng),
      ...(i === 0 ? { benchLogin: `bench.parent.${k}` } : {}),
    });
    batch.parentLinks.push(parent.id, students[childIndex]!.id);
    if (studentCount > 1 && i % 10 === 5) {
      const sibling = (childIndex + 1 + prng.int(studentCount - 1)) % studentCount;
      batch.parentLinks.push(parent.id, students[sibling]!.id);
    }
    for (const year of years()) batch.structureMembers.push(plan.id, year, parent.id, 'PARENT');
  }
  const teachers: Person[] = [];
  for (let i = 0; i < teacherCount; i++) {
    teachers.push(addAccount(prng, batch, 'ENSEIGNANT', i === 0 ? { benchLogin: `bench.enseignant.${k}` } : {}));
  }
  const staff: Person[] = [];
  for (let i = 0; i < staffCount; i++) {
    const fn: StaffFunction = i < 2 ? 'DIR' : i === 2 ? 'DOC' : i % 3 === 0 ? 'EVS' : 'ETA';
    const benchLogin = i === 0 ? `bench.adml.${k}` : i === 3 ? `bench.personnel.${k}` : undefined;
    staff.push(addAccount(prng, batch, 'PERSONNEL', { staffFunction: fn, ...(benchLogin ? { benchLogin } : {}) }));
  }
  batch.adminRoles.push(staff[0]!.id, 'ADML', null, plan.id);

  for (const year of years()) {
    for (const person of [...students, ...teachers, ...staff]) batch.structureMembers.push(plan.id, year, person.id, person.profile);
    generateYear(prng, batch, plan, year, students, teachers);
  }

  addSessions(prng, batch, [...students, ...teachers, ...staff], plan.id, collectiviteId);
  return batch;
}

function* years(): Generator<number> {
  for (let y = 0; y <= pastYears; y++) yield schoolYear - y;
}

/** Classes, LV2 groups, their members, teachings and professeurs principaux for one school year. */
function generateYear(prng: Prng, batch: Batch, plan: StructurePlan, year: number, students: Person[], teachers: Person[]): void {
  const classCount = Math.max(1, Math.round(students.length / CLASS_SIZE));
  const perClass = Math.ceil(students.length / classCount);
  // Student #0 stays in class #0 every year; the others are reshuffled.
  const order = [students[0]!, ...(year === schoolYear ? students.slice(1) : prng.shuffle(students.slice(1)))];
  const classIds: { id: string; level: keyof typeof classSubjects }[] = [];
  const perLevel = Math.ceil(classCount / levels.length);
  for (let c = 0; c < classCount; c++) {
    const lv = levels[Math.min(levels.length - 1, Math.floor(c / perLevel))]!;
    const number = (c % perLevel) + 1;
    const id = prng.uuid();
    const code = `${lv.code}${number}`;
    const name = `${lv.name} ${number}`;
    batch.classes.push(id, plan.id, year, code, name, normalizeForSearch(`${name} ${code}`), lv.level);
    classIds.push({ id, level: lv.level });
  }
  for (let i = 0; i < order.length; i++) batch.classMembers.push(classIds[Math.floor(i / perClass)]!.id, order[i]!.id);

  // Teachers by subject: teacher t teaches teacherSubjectOrder[t % n]; with fewer teachers than subjects, they share.
  const n = teacherSubjectOrder.length;
  const teachersFor = (subject: string): Person[] => {
    const s = teacherSubjectOrder.indexOf(subject);
    if (teachers.length < n) return [teachers[s % teachers.length]!];
    return teachers.filter((_, t) => t % n === s);
  };
  classIds.forEach((klass, c) => {
    classSubjects[klass.level].forEach((subject, s) => {
      const candidates = teachersFor(subject);
      const teacherId = candidates[c % candidates.length]!.id;
      batch.teachings.push(prng.uuid(), teacherId, klass.id, null, subject);
      // The teacher of the class's first subject is its professeur principal.
      if (s === 0) batch.classPrincipals.push(klass.id, teacherId);
    });
  });

  // Spanish LV2: about half of each level, in groups of ~30 across classes.
  let groupNumber = 0;
  for (const lv of levels) {
    const levelStudents = order.filter((_, i) => classIds[Math.floor(i / perClass)]!.level === lv.level && i % 2 === 0);
    for (let start = 0; start < levelStudents.length; start += CLASS_SIZE) {
      const id = prng.uuid();
      const code = `ESP2-${lv.code}-${++groupNumber}`;
      const name = `Espagnol LV2 ${lv.name} ${groupNumber}`;
      batch.groups.push(id, plan.id, year, code, name, normalizeForSearch(`${name} ${code}`), 'TEACHING');
      for (const student of levelStudents.slice(start, start + CLASS_SIZE)) batch.groupMembers.push(id, student.id);
      const candidates = teachersFor('030602');
      batch.teachings.push(prng.uuid(), candidates[groupNumber % candidates.length]!.id, null, id, '030602');
    }
  }
}

/** Open sessions for a share of the activated accounts, shaped like the server's. */
function addSessions(prng: Prng, batch: Batch, people: Person[], _structureId: string, _collectiviteId: string): void {
  const now = Date.now();
  for (const person of people) {
    if (!person.active || !prng.chance(sessionsRatio)) continue;
    const expires = new Date(now + 7 * 86_400_000).toISOString();
    const data = {
      accountId: person.id,
      csrfToken: prng.string(TOKEN_ALPHABET, 43),
      createdAt: now,
      idleExpiresAt: now + 7 * 86_400_000,
      absoluteExpiresAt: now + 7 * 86_400_000,
    };
    batch.sessions.push(prng.string(TOKEN_ALPHABET, 43), person.id, JSON.stringify(data), expires, expires);
  }
}

/** Lycée sizes vary (weights 0.6–1.4) and add up to exactly `budget`. */
function planStructures(prng: Prng, count: number, budget: number): StructurePlan[] {
  const weights = Array.from({ length: count }, () => 0.6 + 0.8 * prng.next());
  const total = weights.reduce((a, b) => a + b, 0);
  let left = budget;
  const perDepartement = new Map<string, number>();
  return weights.map((w, i) => {
    const accounts = i === count - 1 ? left : Math.round((budget * w) / total);
    left -= accounts;
    const dep = DEPARTEMENTS[i % DEPARTEMENTS.length]!;
    const seq = (perDepartement.get(dep) ?? 100) + 1 + prng.int(20);
    perDepartement.set(dep, seq);
    const digits = `${dep}${String(seq).padStart(4, '0')}`;
    const uai = `${digits}${uaiCheckLetter(digits)}`;
    if (!isValidUai(uai)) throw new Error(`generated an invalid UAI ${uai}`);
    const city = prng.pick(cities);
    return { index: i + 1, id: prng.uuid(), uai, name: `Lycée ${prng.pick(schoolNames)}`, city, accounts };
  });
}

// ---------------------------------------------------------------------------

async function recreateDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: maintenanceUrl(parsedUrl) });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${databaseName}`);
  } finally {
    await admin.end();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const structureCount = Math.max(1, Math.round((FULL_REGION_LYCEES * totalAccounts) / FULL_REGION_ACCOUNTS));
  const collectiviteAccounts = totalAccounts >= 10_000 ? 10 : 1;
  console.log(
    `Generating ${totalAccounts.toLocaleString('en')} accounts in ${structureCount} lycées (school year ${schoolYear}` +
      `${pastYears ? ` + ${pastYears} past` : ''}) into ${databaseName} on 127.0.0.1, seed "${seed}"…`,
  );

  await recreateDatabase();
  const handle = openPostgres(databaseUrl, 2);
  try {
    const applied = await migrateToLatest(handle.db);
    console.log(`Migrations applied: ${applied.join(', ') || 'none'}`);
  } finally {
    await handle.close();
  }
  passwordHash = await hashPassword(BENCH_PASSWORD);

  const pool = new pg.Pool({ connectionString: databaseUrl, max: concurrency });
  // A bulk load: losing the last commits on a crash only means re-running the generator.
  pool.on('connect', (client) => void client.query('SET synchronous_commit = off'));
  const loadStarted = performance.now();
  try {
    const prng = new Prng(`${seed}:region`);
    const collectiviteId = prng.uuid();
    const plans = planStructures(prng, structureCount, totalAccounts - collectiviteAccounts);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO collectivites (id, name, kind) VALUES ($1, 'Région Bench-Préau', 'REGION')`, [collectiviteId]);
      await client.query(
        `INSERT INTO subjects (code, short_name, name) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (code) DO NOTHING`,
        [subjects.map((s) => s.code), subjects.map((s) => s.shortName), subjects.map((s) => s.name)],
      );
      const structures = new Rows({
        table: 'structures',
        columns: [['id', 'uuid'], ['collectivite_id', 'uuid'], ['uai', 'bpchar'], ['name', 'text'], ['type', 'text'], ['city', 'text'], ['external_id', 'text']],
      });
      for (const p of plans) structures.push(p.id, collectiviteId, p.uai, `${p.name} (${p.city})`, 'LYCEE', p.city, `BENCH-${p.uai}`);
      await writeRows(client, structures);
      const regionBatch = newBatch();
      for (let i = 0; i < collectiviteAccounts; i++) {
        const person = addAccount(prng, regionBatch, 'COLLECTIVITE', i === 0 ? { benchLogin: 'bench.admc' } : {});
        if (i === 0) regionBatch.adminRoles.push(person.id, 'ADMC', collectiviteId, null);
      }
      for (const key of TABLE_ORDER) if (regionBatch[key].length > 0) await writeRows(client, regionBatch[key]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }

    // One lycée per transaction, `concurrency` at a time. Generation stays in
    // this loop (deterministic order); only the writes run in parallel.
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    let done = 0;
    let lastReport = performance.now();
    for (const plan of plans) {
      if (failure) break;
      const batch = generateStructure(plan, collectiviteId);
      const task = (async () => {
        const c = await pool.connect();
        try {
          await writeBatch(c, batch);
        } finally {
          c.release();
        }
      })()
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => {
          inFlight.delete(task);
          done++;
          if (performance.now() - lastReport > 10_000 || done === plans.length) {
            lastReport = performance.now();
            const rows = Object.values(insertedRows).reduce((a, b) => a + b, 0);
            const s = (performance.now() - loadStarted) / 1000;
            console.log(`  ${done}/${plans.length} lycées, ${insertedRows.accounts?.toLocaleString('en')} accounts, ${rows.toLocaleString('en')} rows, ${Math.round(rows / s).toLocaleString('en')} rows/s`);
          }
        });
      inFlight.add(task);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure) throw failure;
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    const analyzeStarted = performance.now();
    const client2 = await pool.connect();
    try {
      await client2.query('VACUUM (ANALYZE)');
      const meta = {
        generator: 'bench/generate-directory.ts',
        seed,
        accounts: totalAccounts,
        structures: structureCount,
        schoolYear,
        pastYears,
        activeRatio,
        sessionsRatio,
        password: BENCH_PASSWORD,
        generatedAt: new Date().toISOString(),
      };
      await client2.query(`COMMENT ON DATABASE ${databaseName} IS ${pg.escapeLiteral(JSON.stringify(meta))}`);
      const analyzeSeconds = (performance.now() - analyzeStarted) / 1000;
      const totalRows = Object.values(insertedRows).reduce((a, b) => a + b, 0);
      const sizes = await client2.query<{ table: string; rows: string; size: string }>(
        `SELECT c.relname AS table, c.reltuples::bigint AS rows, pg_size_pretty(pg_total_relation_size(c.oid)) AS size
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC`,
      );
      const dbSize = await client2.query<{ size: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`);
      console.log('\nTable                 rows (estimate)   size incl. indexes');
      for (const r of sizes.rows) console.log(`${r.table.padEnd(22)}${String(r.rows).padStart(15)}   ${r.size}`);
      console.log(`Database size: ${dbSize.rows[0]?.size}`);
      const totalSeconds = (performance.now() - started) / 1000;
      console.log(
        `\nInserted ${totalRows.toLocaleString('en')} rows (${insertedRows.accounts?.toLocaleString('en')} accounts) in ${loadSeconds.toFixed(1)} s ` +
          `= ${Math.round(totalRows / loadSeconds).toLocaleString('en')} rows/s (${Math.round((insertedRows.accounts ?? 0) / loadSeconds).toLocaleString('en')} accounts/s); ` +
          `VACUUM ANALYZE ${analyzeSeconds.toFixed(1)} s; total ${totalSeconds.toFixed(1)} s.`,
      );
      console.log(`Benchmark logins: bench.eleve.1..${structureCount}, bench.enseignant.<k>, bench.parent.<k>, bench.personnel.<k>, bench.adml.<k>, bench.admc — password ${BENCH_PASSWORD}`);
    } finally {
      client2.release();
    }
  } finally {
    await pool.end();
  }
}

await main();
