/**
 * Generates a synthetic région in AAF format (STANDARDS.md §2): per academy,
 * the six "Complet" file types (EtabEducNat, MatiereEducNat, MefEducNat,
 * PersEducNat, Eleve, PersRelEleve) in numbered chunks, written as they are
 * generated (memory stays small whatever --accounts).
 *
 *   node --import tsx bench/aaf/generate-aaf-region.ts --accounts 1000000 --seed 42 --out /tmp/aaf-region/y1
 *   node --import tsx bench/aaf/generate-aaf-region.ts --accounts 1000000 --seed 42 --year 2 \
 *        --out /tmp/aaf-region/y2 --delta /tmp/aaf-region/y2-delta
 *
 * Same seed and options → byte-identical files. --year 2 is the next school
 * year of the same région: students move up, terminales leave, new secondes
 * and a few 1re/terminale arrivals come in, some repeat, ~3 % change class, a
 * few families move to another lycée, staff turn over; everyone who stays
 * keeps his jointure. --delta also writes that change as Delta files
 * (add/modify/delete requests only). See bench/aaf/README.md.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DeltaBuilder, type DeltaOp } from './delta.ts';
import { buildLyceeYear, type CarriedTeacher } from './lycee-year.ts';
import { MEFS, SUBJECTS } from './reference.ts';
import { type Family, familiesOf, mailAllocator, planRegion, postsOf, type RegionOptions } from './region.ts';
import { type AafEntity, addRequestXml, ChunkedAafWriter, type Encoding, FILE_TYPES, type FileType } from './xml-writer.ts';

export interface GenerateOptions extends RegionOptions {
  out: string;
  year: 1 | 2;
  /** `mixed`: every second academy in ISO-8859-15, the others in UTF-8. */
  encoding: Encoding | 'mixed';
  recordsPerFile: number;
  /** Also write year 2 as Delta files into this folder (year 2 only). */
  delta?: string | undefined;
  /** Replace AAF files left in the output folders by an earlier run. */
  force?: boolean;
  log?: (message: string) => void;
}

export interface AcademyReport {
  key: string;
  encoding: Encoding;
  lycees: number;
  classes: number;
  groups: number;
  records: Record<FileType, number>;
  teachers: number;
  multiLyceeParents: number;
  sharedTeachers: number;
  bytes: number;
  files: string[];
  delta?: { bytes: number; files: string[]; requests: Record<DeltaOp, Record<string, number>> };
}

export interface Manifest {
  generator: string;
  options: { accounts: number; seed: string; schoolYear: number; academies: number; year: 1 | 2; encoding: string; recordsPerFile: number; delta: boolean };
  academies: AcademyReport[];
  totals: { lycees: number; students: number; parents: number; staff: number; teachers: number; accounts: number; classes: number; groups: number; bytes: number };
}

const DEFAULTS = { seed: '42', schoolYear: 2025, academies: 3, year: 1 as const, encoding: 'utf-8' as const, recordsPerFile: 20_000 };

/** Prepares an output folder: created if missing; AAF files of an earlier run removed with force, refused otherwise. */
function prepareDir(dir: string, force: boolean): void {
  mkdirSync(dir, { recursive: true });
  const old = readdirSync(dir).filter((f) => /^ENT_.*\.xml$/.test(f));
  if (old.length === 0) return;
  if (!force) throw new Error(`${dir} already holds AAF files (${old[0]}…): choose another --out or pass --force`);
  for (const f of old) rmSync(join(dir, f));
}

function subjectEntities(): AafEntity[] {
  return Object.values(SUBJECTS)
    .sort((a, b) => (a.code < b.code ? -1 : 1))
    .map((s) => ({ type: 'MatiereEducNat', id: s.code, attrs: [['ENTMatJointure', [s.code]], ['ENTLibelleMatiere', [s.label]]] }));
}

function mefEntities(): AafEntity[] {
  return Object.values(MEFS).map((m) => ({
    type: 'MefEducNat',
    id: m.code,
    attrs: [['ENTMefJointure', [m.code]], ['ENTLibelleMef', [m.label]], ['ENTMEFRattach', [m.code]], ['ENTMEFSTAT11', [m.stat11]], ['ENTNivFormation', [m.level]], ['ENTFiliere', [m.track]]],
  }));
}

export function generateRegion(options: GenerateOptions): Manifest {
  const log = options.log ?? (() => {});
  if (options.delta && options.year !== 2) throw new Error('--delta needs --year 2 (a delta goes from year 1 to year 2)');
  const plan = planRegion(options);
  const Y = options.schoolYear;
  const stamp = (year: 1 | 2) => `${Y + year - 1}0920`;
  const reports: AcademyReport[] = [];
  const started = Date.now();
  let lyceesDone = 0;
  const lyceesTotal = plan.academies.reduce((s, a) => s + a.lycees.length, 0);

  for (const academy of plan.academies) {
    const key = academy.academy.key;
    const encoding: Encoding = options.encoding === 'mixed' ? (academy.index % 2 === 1 ? 'iso-8859-15' : 'utf-8') : options.encoding;
    const dir = join(options.out, key);
    prepareDir(dir, options.force ?? false);
    const writers = Object.fromEntries(
      FILE_TYPES.map((t) => [t, new ChunkedAafWriter(dir, `ENT_${key}_Complet_${stamp(options.year)}`, t, encoding, options.recordsPerFile)]),
    ) as Record<FileType, ChunkedAafWriter>;
    let deltaWriters: Record<FileType, ChunkedAafWriter> | undefined;
    let delta: DeltaBuilder | undefined;
    if (options.delta) {
      const deltaDir = join(options.delta, key);
      prepareDir(deltaDir, options.force ?? false);
      const dw = Object.fromEntries(
        FILE_TYPES.map((t) => [t, new ChunkedAafWriter(deltaDir, `ENT_${key}_Delta_${stamp(2)}`, t, encoding, options.recordsPerFile)]),
      ) as Record<FileType, ChunkedAafWriter>;
      deltaWriters = dw;
      delta = new DeltaBuilder((type, xml) => dw[type].write(xml));
    }
    const write = (e: AafEntity) => writers[e.type].write(addRequestXml(e));
    // Subjects and MEFs are the same both years: nothing for the delta.
    for (const e of subjectEntities()) write(e);
    for (const e of mefEntities()) write(e);

    const allocateMail = mailAllocator(academy.academy);
    const report: AcademyReport = {
      key, encoding, lycees: academy.lycees.length, classes: 0, groups: 0, records: {} as Record<FileType, number>,
      teachers: 0, multiLyceeParents: 0, sharedTeachers: 0, bytes: 0, files: [],
    };
    let previous: Record<1 | 2, { families: Family[]; carried: CarriedTeacher[] } | null> = { 1: null, 2: null };
    for (const lycee of academy.lycees) {
      const families = familiesOf(plan, academy, lycee);
      const posts = postsOf(plan, lycee, allocateMail);
      report.sharedTeachers += posts.filter((p) => p.shared).length;
      report.teachers += posts.filter((p) => p.role === 'ENS').length;
      const years: (1 | 2)[] = delta ? [1, 2] : [options.year];
      const next: typeof previous = { 1: null, 2: null };
      for (const year of years) {
        const view = buildLyceeYear(plan, academy, lycee, year, previous[year], families, posts);
        next[year] = { families, carried: view.carried };
        const entities = [view.structure, ...view.staff, ...view.students, ...view.parents];
        if (year === options.year) {
          for (const e of entities) write(e);
          report.classes += view.classes;
          report.groups += view.groups;
          report.multiLyceeParents += view.multiLyceeParents;
        }
        if (delta) for (const e of entities) delta.push(year, e, lycee.index);
      }
      delta?.settle(lycee.index);
      previous = next;
      lyceesDone++;
      if (lyceesDone % 50 === 0) log(`${lyceesDone}/${lyceesTotal} lycées, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    delta?.finish();
    for (const t of FILE_TYPES) {
      writers[t].close();
      report.records[t] = writers[t].records;
      report.bytes += writers[t].bytes;
      report.files.push(...writers[t].files);
    }
    if (deltaWriters && delta) {
      const files: string[] = [];
      let bytes = 0;
      for (const t of FILE_TYPES) {
        deltaWriters[t].close();
        files.push(...deltaWriters[t].files);
        bytes += deltaWriters[t].bytes;
      }
      report.delta = { bytes, files, requests: delta.counts };
    }
    reports.push(report);
  }

  const sum = (f: (r: AcademyReport) => number) => reports.reduce((s, r) => s + f(r), 0);
  const students = sum((r) => r.records.Eleve);
  const parents = sum((r) => r.records.PersRelEleve);
  const staff = sum((r) => r.records.PersEducNat);
  const manifest: Manifest = {
    generator: 'bench/aaf/generate-aaf-region.ts',
    options: {
      accounts: options.accounts, seed: options.seed, schoolYear: Y, academies: plan.academies.length, year: options.year,
      encoding: options.encoding, recordsPerFile: options.recordsPerFile, delta: Boolean(options.delta),
    },
    academies: reports,
    totals: {
      lycees: sum((r) => r.lycees), students, parents, staff, teachers: sum((r) => r.teachers), accounts: students + parents + staff,
      classes: sum((r) => r.classes), groups: sum((r) => r.groups), bytes: sum((r) => r.bytes),
    },
  };
  writeFileSync(join(options.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      accounts: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: DEFAULTS.seed },
      out: { type: 'string' },
      year: { type: 'string', default: '1' },
      'school-year': { type: 'string', default: String(DEFAULTS.schoolYear) },
      academies: { type: 'string', default: String(DEFAULTS.academies) },
      encoding: { type: 'string', default: DEFAULTS.encoding },
      'records-per-file': { type: 'string', default: String(DEFAULTS.recordsPerFile) },
      delta: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const usage = `Usage: node --import tsx bench/aaf/generate-aaf-region.ts --out DIR [options]
  --accounts N           accounts in the région (default 1000000 = 471 lycées, 400k students, ~550k parents, 45k staff)
  --seed S               PRNG seed (default ${DEFAULTS.seed}); same seed and options → byte-identical files
  --year 1|2             1 = the région this year; 2 = the same région one school year later (default 1)
  --delta DIR            with --year 2: also write the changes from year 1 as Delta files into DIR
  --academies 1-3        academies in the région (default ${DEFAULTS.academies}: Lyon, Grenoble, Clermont-Ferrand)
  --encoding E           utf-8 | iso-8859-15 | mixed (every second academy in ISO-8859-15) (default utf-8)
  --records-per-file N   requests per numbered chunk file (default ${DEFAULTS.recordsPerFile})
  --school-year YYYY     school year of year 1 (default ${DEFAULTS.schoolYear})
  --force                replace the AAF files an earlier run left in the output folders`;
  if (values.help || !values.out) {
    console.log(usage);
    process.exit(values.help ? 0 : 2);
  }
  const int = (name: string, text: string, min: number, max: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) {
      console.error(`--${name} must be an integer between ${min} and ${max}`);
      process.exit(2);
    }
    return n;
  };
  const encoding = values.encoding!;
  if (!['utf-8', 'iso-8859-15', 'mixed'].includes(encoding)) {
    console.error('--encoding must be utf-8, iso-8859-15 or mixed');
    process.exit(2);
  }
  const started = process.hrtime.bigint();
  const manifest = generateRegion({
    accounts: int('accounts', values.accounts!, 1000, 5_000_000),
    seed: values.seed!,
    out: resolve(values.out),
    year: int('year', values.year!, 1, 2) as 1 | 2,
    schoolYear: int('school-year', values['school-year']!, 2000, 2100),
    academies: int('academies', values.academies!, 1, 3),
    encoding: encoding as Encoding | 'mixed',
    recordsPerFile: int('records-per-file', values['records-per-file']!, 1, 10_000_000),
    delta: values.delta ? resolve(values.delta) : undefined,
    force: values.force!,
    log: (m) => console.error(m),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const t = manifest.totals;
  console.log(
    `${t.lycees} lycées, ${t.students} students, ${t.parents} parents, ${t.staff} staff (${t.teachers} teachers) = ${t.accounts} accounts; ` +
      `${t.classes} classes, ${t.groups} groups; ${(t.bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s`,
  );
  for (const a of manifest.academies) {
    if (!a.delta) continue;
    const r = a.delta.requests;
    const fmt = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
    console.log(`${a.key} delta (${(a.delta.bytes / 1e6).toFixed(1)} MB): add [${fmt(r.add)}]; modify [${fmt(r.modify)}]; delete [${fmt(r.delete)}]`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) main();
