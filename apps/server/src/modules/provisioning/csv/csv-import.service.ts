import { basename } from 'node:path';
import { Readable } from 'node:stream';
import {
  type ImportEntityType,
  type ImportFileReport,
  type ImportJob,
  type ImportProgress,
  type ImportRejection,
  type ImportReport,
} from '@preau/contracts';
import { z } from 'zod';
import { audit } from '../../../platform/audit.ts';
import { AppError } from '../../../platform/errors.ts';
import { defineJob, type JobContext } from '../../../platform/jobs/jobs.ts';
import type { Platform } from '../../../platform/platform.ts';
import { runAafImport } from '../aaf/aaf-import.ts';
import { type AafImportSettings, defaultSettings } from '../aaf/aaf-settings.ts';
import type { AafSource } from '../aaf/aaf-sources.ts';
import { isOutsideCollectivite } from '../import-tenant.ts';
import { assertReadablePaths, getImportJob, importJobFailure, startImportJob, waitForImportJob } from '../import-jobs.ts';
import { type CsvStructureRow, findCatalogue, findNotLeaving, findPresentRecords, findStructureByUai, markAccountsLeaving } from './csv-import.repository.ts';
import { CsvFileError, openCsv } from './csv-parser.ts';
import {
  aafTypeOf,
  type Catalogue,
  childKeys,
  childReference,
  type Column,
  columnLabels,
  type CsvProfile,
  CsvRejection,
  csvProfiles,
  entityOf,
  foldWords,
  jointureOf,
  matchHeader,
  parseDate,
  missingColumns,
  type Prepared,
  parentRecord,
  profileOfHeader,
  profileOfName,
  relationValue,
  rowOf,
  staffRecord,
  studentRecord,
  teacherRecord,
} from './csv-records.ts';

/**
 * CSV import of one structure's accounts: each row becomes the AAF record the
 * AAF engine applies (runAafImport), under the structure's own key prefix
 * `CSV-<UAI>$`, so idempotence, content hashes, logins, activation codes,
 * departures, returns and the report are those of the AAF import.
 */

const jointurePrefix: Record<CsvProfile, string> = { students: 'E-', parents: 'P-', teachers: 'S-', staff: 'S-' };

export interface StartCsvImportInput {
  /** UAI of the structure (it must exist and not be provisioned from the AAF). */
  structure: string;
  /** When given (upload page), the structure must belong to this collectivité, else CSV_UNKNOWN_STRUCTURE. */
  collectiviteId?: string;
  /** CSV files readable by the process that runs the job; their profile comes from the name or the header. */
  paths: string[];
  dryRun?: boolean;
  actorId: string | null;
  /** Original names of the files (upload page), in the order of `paths`; by default the paths' base names. */
  names?: string[];
  options?: Partial<Pick<AafImportSettings, 'batchSize' | 'graceDays' | 'retentionDays' | 'maxRejectionsListed'>>;
}

/** The job's parameters; `collectiviteId` is the structure's, so that its ADMC follows the job on the admin page. */
const CsvImportParams = z.object({
  structure: z.string().min(1),
  collectiviteId: z.uuid(),
  paths: z.array(z.string()).min(1),
  dryRun: z.boolean().default(false),
  names: z.array(z.string()).optional(),
  options: z
    .object({
      batchSize: z.number().int().min(1),
      graceDays: z.number().int().min(0),
      retentionDays: z.number().int().min(0),
      maxRejectionsListed: z.number().int().min(0),
    })
    .partial()
    .optional(),
});

export const csvPrefix = (uai: string) => `CSV-${uai.toUpperCase()}`;

async function findStructure(platform: Platform, uai: string): Promise<CsvStructureRow> {
  const row = await findStructureByUai(platform.database.db, uai);
  if (!row) throw new AppError('CSV_UNKNOWN_STRUCTURE', { fields: { structure: 'unknown' } });
  if (row.external_id && !row.external_id.startsWith(`${csvPrefix(row.uai)}$`)) {
    throw new AppError('CSV_STRUCTURE_AAF', { fields: { structure: 'aaf' } });
  }
  return row;
}

const escapeXml = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '&#10;');

/**
 * The AAF XML of prepared records, each `<addRequest>` on the line of its CSV
 * row, so that what the engine reports (line of a rejection) is the CSV line.
 */
async function* aafXml(category: string, records: Prepared[]): AsyncGenerator<string> {
  let line = 1;
  yield '<?xml version="1.0" encoding="UTF-8"?><addRequests>';
  for (const record of records) {
    if (record.line > line) {
      yield '\n'.repeat(record.line - line);
      line = record.line;
    }
    const attrs = [...record.attributes]
      .map(([name, values]) => `<attr name="${escapeXml(name)}">${values.map((v) => `<value>${escapeXml(v)}</value>`).join('')}</attr>`)
      .join('');
    yield `<addRequest><operationalAttributes><attr name="categoriePersonne"><value>${category}</value></attr></operationalAttributes><identifier><id>${escapeXml(record.jointure)}</id></identifier><attributes>${attrs}</attributes></addRequest>`;
  }
  yield '\n</addRequests>\n';
}

const categoryOf: Record<string, string> = { Eleve: 'Eleve', PersRelEleve: 'PersRelEleve', PersEducNat: 'PersEducNat', EtabEducNat: 'EtabEducNat' };

interface CsvFile {
  path: string;
  name: string;
  profile: CsvProfile | undefined;
  rows: number;
  records: Prepared[];
  /** Parents only: the children of each record (jointures) and the link's lien. */
  links: Map<string, { children: string[]; relationship: string }>;
  error: string | null;
  errorLine: number | null;
}

/** Everything read from the files before the engine runs. */
interface Prepared_ {
  files: CsvFile[];
  rejections: ImportRejection[];
  rejectedCounts: Map<ImportEntityType, number>;
}

/** Classes, groups and subjects the structure already has, to match the names the files use. */
async function loadCatalogue(platform: Platform, structureId: string, schoolYear: number) {
  const { classes, groups, subjects } = await findCatalogue(platform.database.db, structureId, schoolYear);
  const index = (rows: { code: string; name: string; short_name?: string }[]) => {
    const map = new Map<string, string>();
    for (const r of rows) for (const v of [r.code, r.name, r.short_name]) if (v && !map.has(foldWords(v))) map.set(foldWords(v), r.code);
    return map;
  };
  return { classes: index(classes), groups: index(groups), subjects: index(subjects) };
}

async function readFiles(
  platform: Platform,
  uai: string,
  paths: string[],
  names: string[] | undefined,
  schoolYear: number,
  structureId: string,
  stored: Prepared[],
): Promise<Prepared_> {
  const catalogue = await loadCatalogue(platform, structureId, schoolYear);
  const files: CsvFile[] = [];
  const rejections: ImportRejection[] = [];
  const rejectedCounts = new Map<ImportEntityType, number>();
  const reject = (file: CsvFile, line: number, jointure: string, error: unknown) => {
    if (!(error instanceof CsvRejection)) throw error;
    rejections.push({ file: file.name, line, jointure, reason: error.reason, detail: error.detail });
    const kind = entityOf[file.profile!];
    rejectedCounts.set(kind, (rejectedCounts.get(kind) ?? 0) + 1);
  };

  // Header first: profile and columns of each file.
  const opened: { file: CsvFile; columns: (Column | undefined)[]; rows: AsyncGenerator<{ line: number; fields: string[] }> }[] = [];
  for (const [i, path] of paths.entries()) {
    // Report names are the files' names, made unique (two eleves.csv from two folders).
    let name = names?.[i] ?? basename(path);
    for (let n = 2; files.some((f) => f.name === name); n++) name = `${names?.[i] ?? basename(path)} (${n})`;
    const file: CsvFile = { path, name, profile: profileOfName(name), rows: 0, records: [], links: new Map(), error: null, errorLine: null };
    files.push(file);
    try {
      const { rows } = await openCsv(path);
      const header = await rows.next();
      if (header.done) throw new CsvFileError('empty file', 1);
      const columns = matchHeader(header.value.fields);
      file.profile ??= profileOfHeader(columns);
      if (!file.profile) throw new CsvFileError('cannot tell the profile of this file from its name or its columns (students, parents, teachers, staff)', header.value.line);
      const missing = missingColumns(file.profile, columns);
      if (missing.length) throw new CsvFileError(`missing column(s): ${missing.map((c) => columnLabels[c]).join(', ')}`, header.value.line);
      opened.push({ file, columns, rows });
    } catch (error) {
      if (error instanceof CsvFileError) {
        file.error = error.message;
        file.errorLine = error.line;
      } else if (error instanceof TypeError) {
        file.error = `bytes invalid in the detected encoding`;
        file.errorLine = 1;
      } else throw error;
    }
  }

  // Students, then parents (their children are students), then teachers (their classes may come from the students), then staff.
  const order = (p: CsvProfile | undefined) => csvProfiles.indexOf(p!);
  opened.sort((a, b) => order(a.file.profile) - order(b.file.profile));
  const studentById = new Map<string, string>();
  const studentByName = new Map<string, string>();
  const fileClasses = new Map<string, string>();
  const fileGroups = new Map<string, string>();
  // Without a students file, parents name the students of earlier imports.
  if (!opened.some((o) => o.file.profile === 'students')) {
    for (const student of stored) {
      const [lastName, firstName, birth] = ['sn', 'givenName', 'ENTPersonDateNaissance'].map((a) => student.attributes.get(a)?.[0] ?? '');
      if (student.jointure.startsWith('E-')) studentById.set(student.jointure.slice(2), student.jointure);
      for (const key of childKeys(lastName!, firstName!, birth!)) if (!studentByName.has(key)) studentByName.set(key, student.jointure);
    }
  }
  const cat: Catalogue = {
    classOf: (v) => catalogue.classes.get(foldWords(v)) ?? fileClasses.get(foldWords(v)),
    groupOf: (v) => catalogue.groups.get(foldWords(v)) ?? fileGroups.get(foldWords(v)),
    subjectOf: (v) => catalogue.subjects.get(foldWords(v)) ?? v,
  };

  for (const { file, columns, rows } of opened) {
    const profile = file.profile!;
    const records: Prepared[] = [];
    try {
      for await (const { line, fields } of rows) {
        file.rows++;
        const row = rowOf(columns, fields);
        try {
          if (profile === 'students') {
            const { jointure, attributes, birthDate } = studentRecord(uai, row, cat);
            records.push({ line, jointure, attributes });
            if (row.id && !studentById.has(row.id)) studentById.set(row.id, jointure);
            for (const key of childKeys(row.lastName!, row.firstName!, birthDate)) if (!studentByName.has(key)) studentByName.set(key, jointure);
            const classCode = attributes.get('ENTEleveClasses')![0]!.split('$')[1]!;
            if (!fileClasses.has(foldWords(classCode))) fileClasses.set(foldWords(classCode), classCode);
            for (const g of attributes.get('ENTEleveGroupes') ?? []) {
              const code = g.split('$')[1]!;
              if (!fileGroups.has(foldWords(code))) fileGroups.set(foldWords(code), code);
            }
          } else if (profile === 'parents') {
            const parsed = parentRecord(row, (value) => studentById.get(value) ?? studentByName.get(childReference(value) ?? ''));
            records.push({ line, jointure: parsed.jointure, attributes: parsed.attributes });
            if (!file.links.has(parsed.jointure)) file.links.set(parsed.jointure, { children: parsed.children, relationship: parsed.relationship });
          } else if (profile === 'teachers') {
            const { jointure, attributes } = teacherRecord(uai, row, cat);
            records.push({ line, jointure, attributes });
          } else {
            const { jointure, attributes } = staffRecord(uai, row);
            records.push({ line, jointure, attributes });
          }
        } catch (error) {
          reject(file, line, row.id ? `${jointurePrefix[profile]}${row.id}` : '', error);
          // The row is still "seen" (a typo never makes anyone leave): the engine gets a record it
          // rejects in turn, at the same line, whose rejection the report replaces with this one.
          const jointure = seenJointure(profile, row);
          if (jointure) records.push({ line, jointure, attributes: new Map([['ENTPersonJointure', [jointure]]]) });
        }
      }
      file.records = records;
    } catch (error) {
      if (!(error instanceof CsvFileError)) throw error;
      file.error = error.message;
      file.errorLine = error.line;
    }
  }
  // A refused file's rejections are not reported: the file as a whole is.
  const refused = new Set(files.filter((f) => f.error).map((f) => f.name));
  const kept = rejections.filter((r) => !refused.has(r.file));
  const counts = new Map<ImportEntityType, number>();
  for (const r of kept) {
    const kind = entityOf[files.find((f) => f.name === r.file)!.profile!];
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return { files, rejections: kept, rejectedCounts: counts };
}

/** Accounts of stored parent records (not leaving) whose jointure is not among `present`. */
async function storedParentsAbsent(platform: Platform, prefix: string, present: Set<string>): Promise<string[]> {
  const rows = await findPresentRecords(platform.database.db, 'PARENT', prefix);
  return rows.filter((r) => !present.has(r.key.slice(prefix.length + 1))).map((r) => r.target_id);
}

/** The jointure of a rejected row, when it has one. */
function seenJointure(profile: CsvProfile, row: ReturnType<typeof rowOf>): string | undefined {
  try {
    if (row.id) return jointureOf(profile, row);
    if (!row.lastName || !row.firstName) return undefined;
    return profile === 'students' ? jointureOf(profile, row, parseDate(row.birthDate ?? '', 'birthDate')) : jointureOf(profile, row);
  } catch {
    return undefined;
  }
}

/** Staff records stored by earlier imports of the other staff file (teachers or staff), still present: replayed as they are. */
async function storedStaff(platform: Platform, prefix: string, teachers: boolean): Promise<Prepared[]> {
  const rows = await findPresentRecords(platform.database.db, 'STAFF', prefix);
  return rows
    .filter((r) => (r.attrs.ENTPersonFonctions ?? []).some((f) => f.endsWith('$ENS')) === teachers)
    .map((r) => ({ line: 0, jointure: r.key.slice(prefix.length + 1), attributes: new Map(Object.entries(r.attrs)) }));
}

/** Student records stored by earlier imports, of accounts still present (not leaving). */
async function storedStudents(platform: Platform, prefix: string): Promise<Prepared[]> {
  const rows = await findPresentRecords(platform.database.db, 'STUDENT', prefix);
  return rows.map((r, i) => ({ line: i + 2, jointure: r.key.slice(prefix.length + 1), attributes: new Map(Object.entries(r.attrs)) }));
}

/** The job: read the files, run the AAF engine on their records, report in the files' terms. */
export const csvImportJob = defineJob({
  type: 'csv-import',
  params: CsvImportParams,
  run: runCsvImportJob,
});

async function runCsvImportJob(platform: Platform, context: JobContext<z.output<typeof CsvImportParams>>): Promise<ImportReport> {
  const { params } = context;
  const dryRun = params.dryRun;
  try {
    const structure = await findStructure(platform, params.structure);
    const uai = structure.uai;
    const prefix = csvPrefix(uai);
    const schoolYear = platform.schoolYear();
    const stored = await storedStudents(platform, prefix);
    const { files, rejections, rejectedCounts } = await readFiles(platform, uai, params.paths, params.names, schoolYear, structure.id, stored);
    const studentFiles = files.filter((f) => f.profile === 'students' && !f.error);
    const parentFiles = files.filter((f) => f.profile === 'parents' && !f.error);

    // Parent links travel with the student records (ENTElevePersRelEleve), as in the AAF.
    const relations = new Map<string, string[]>();
    // Without a parents file, the students keep the links the last one gave; without a students file,
    // the students of earlier imports are replayed (a delta) with the links of the parents file.
    if (parentFiles.length === 0) {
      for (const student of stored) {
        const values = student.attributes.get('ENTElevePersRelEleve');
        if (values) relations.set(student.jointure, values);
      }
    }
    for (const file of parentFiles) {
      for (const [parent, { children, relationship }] of file.links) {
        for (const child of children) relations.set(child, [...(relations.get(child) ?? []), relationValue(parent, relationship)]);
      }
    }
    const withRelations = (record: Prepared) => {
      const values = relations.get(record.jointure);
      if (values) record.attributes.set('ENTElevePersRelEleve', values);
      else record.attributes.delete('ENTElevePersRelEleve');
      return record;
    };
    for (const file of studentFiles) file.records.forEach(withRelations);
    const replayedStudents = studentFiles.length === 0 && parentFiles.length > 0 && !files.some((f) => f.profile === 'students') ? stored.map(withRelations) : [];

    // A refused file: the other files of its kind are applied as a delta (no departure computed from them).
    const refusedKinds = new Set(files.filter((f) => f.error && f.profile).map((f) => entityOf[f.profile!]));
    const sourceFiles = files.filter((f) => !f.error);
    // Teachers and staff are one AAF kind: a run with only one of the two replays the other as stored, so nobody leaves for it.
    const replay = new Map<CsvFile, Prepared[]>();
    const hasTeachers = sourceFiles.some((f) => f.profile === 'teachers');
    const hasStaff = sourceFiles.some((f) => f.profile === 'staff');
    if (hasTeachers !== hasStaff && !refusedKinds.has('STAFF')) {
      const last = sourceFiles.filter((f) => f.profile === (hasTeachers ? 'teachers' : 'staff')).at(-1)!;
      const records = await storedStaff(platform, prefix, !hasTeachers);
      const own = new Set(sourceFiles.filter((f) => entityOf[f.profile!] === 'STAFF').flatMap((f) => f.records.map((r) => r.jointure)));
      let line = Math.max(last.rows + 1, ...last.records.map((r) => r.line)) + 1;
      replay.set(last, records.filter((r) => !own.has(r.jointure)).map((r) => ({ ...r, line: line++ })));
    }
    const structureRecord: Prepared = {
      line: 1,
      jointure: uai,
      attributes: new Map<string, string[]>([
        ['ENTStructureJointure', [uai]],
        ['ENTStructureUAI', [uai]],
        ['ENTStructureNomCourant', [structure.name]],
        ['ENTStructureTypeStruct', [structure.type]],
        ...(structure.city ? ([['l', [structure.city]]] as [string, string[]][]) : []),
      ]),
    };
    const structureName = `structure ${uai}`;
    const storedStudentsName = `students of earlier imports (${uai})`;
    const order = (f: CsvFile) => ['teachers', 'staff', 'students', 'parents'].indexOf(f.profile!);
    const sources: AafSource[] = [
      { name: structureName, type: 'EtabEducNat', mode: 'COMPLET', open: async () => Readable.from(aafXml('EtabEducNat', [structureRecord])) },
      ...(replayedStudents.length
        ? [{ name: storedStudentsName, type: 'Eleve', mode: 'DELTA', open: async () => Readable.from(aafXml('Eleve', replayedStudents)) } satisfies AafSource]
        : []),
      ...[...sourceFiles].sort((a, b) => order(a) - order(b)).map(
        (file): AafSource => ({
          name: file.name,
          type: aafTypeOf[file.profile!],
          mode: refusedKinds.has(entityOf[file.profile!]) ? 'DELTA' : 'COMPLET',
          open: async () => Readable.from(aafXml(categoryOf[aafTypeOf[file.profile!]]!, [...file.records, ...(replay.get(file) ?? [])])),
        }),
      ),
    ];
    const options = params.options ?? {};
    const settings: AafImportSettings = {
      academy: prefix,
      collectiviteId: structure.collectivite_id,
      schoolYear,
      batchSize: options.batchSize ?? defaultSettings.batchSize,
      respLegal: defaultSettings.respLegal,
      functionMap: defaultSettings.functionMap,
      graceDays: options.graceDays ?? defaultSettings.graceDays,
      retentionDays: options.retentionDays ?? defaultSettings.retentionDays,
      maxRejectionsListed: options.maxRejectionsListed ?? defaultSettings.maxRejectionsListed,
    };
    const profileOfSource = new Map(sourceFiles.map((f) => [f.name, f.profile!]));
    // Parents absent from a complet parents file: their children's links go first, and with them the
    // membership the engine's departure needs, so they are marked leaving here, after the engine.
    const absentParents =
      parentFiles.length > 0 && !refusedKinds.has('PARENT')
        ? await storedParentsAbsent(platform, prefix, new Set(parentFiles.flatMap((f) => f.records.map((r) => r.jointure))))
        : [];
    const report = await runAafImport(platform.database.db, {
      jobId: context.id,
      prepareThread: platform.config.provisioning.importThread,
      sources,
      ignored: [],
      settings,
      dryRun,
      now: platform.now,
      onProgress: (progress, trx) =>
        context.setProgress(
          { ...progress, files: progress.files.filter((f) => f.name !== structureName && f.name !== storedStudentsName).map((f) => ({ ...f, type: profileOfSource.get(f.name) ?? f.type })) },
          { trx, persist: !dryRun },
        ),
      onBlocked: async (ids) => {
        for (const id of ids) await platform.sessions.deleteAllFor(id);
      },
    });

    if (absentParents.length) {
      const db = platform.database.db;
      const left = dryRun ? (await findNotLeaving(db, absentParents)).length : await markAccountsLeaving(db, absentParents, new Date(platform.now()));
      report.counts.PARENT!.leaving! += left;
      if (left) report.unchanged = false;
    }
    // The report speaks of the CSV files: their profiles, rows and rejections.
    const byName = new Map(report.files.map((f) => [f.name, f]));
    report.files = files.map((file): ImportFileReport => {
      const engine = byName.get(file.name);
      return {
        name: file.name,
        type: file.profile ?? 'unknown',
        mode: engine?.mode ?? 'COMPLET',
        records: file.rows,
        status: file.error ? 'FAILED' : (engine?.status ?? 'DONE'),
        error: file.error ?? engine?.error ?? null,
        errorLine: file.error ? file.errorLine : (engine?.errorLine ?? null),
        appliedBeforeError: file.error ? 'NONE_APPLIED' : (engine?.appliedBeforeError ?? null),
      };
    });
    const ours = new Set(rejections.map((r) => `${r.line}:${r.file}`));
    const profileOfFile = new Map(files.map((f) => [f.name, f.profile]));
    const engineRejections = report.rejections.filter((r) => {
      if (!ours.has(`${r.line}:${r.file}`)) return true;
      const kind = entityOf[profileOfFile.get(r.file)!];
      report.counts[kind]!.rejected! -= 1;
      return false;
    });
    for (const [kind, n] of rejectedCounts) report.counts[kind]!.rejected = (report.counts[kind]!.rejected ?? 0) + n;
    const all = [...rejections, ...engineRejections];
    const fileOrder = new Map(files.map((f, i) => [f.name, i]));
    all.sort((a, b) => (fileOrder.get(a.file) ?? -1) - (fileOrder.get(b.file) ?? -1) || a.line - b.line);
    report.rejections = all.slice(0, settings.maxRejectionsListed);
    report.rejectionsNotListed += all.length - report.rejections.length;
    report.departuresSkipped = [...new Set([...report.departuresSkipped, ...refusedKinds])];
    await context.setProgress(
      { phase: 'DONE', files: report.files.map((f) => ({ name: f.name, type: f.type, records: f.records, status: f.status })) } satisfies ImportProgress,
      { persist: !dryRun },
    );
    if (!dryRun) {
      await audit(platform.database.db, {
        actorId: context.actorId,
        action: 'provisioning.csvImport',
        targetType: 'structure',
        targetId: structure.id,
        details: { job: context.id, files: report.files.length, counts: report.counts, lifecycle: report.lifecycle },
      });
    }
    return report;
  } catch (error) {
    importJobFailure(error);
  }
}

/**
 * Starts a CSV import of one structure in the background (in this process)
 * and returns its job id at once; follow it with getCsvImportJob. Refuses,
 * before any job exists, no file, an unreadable file, an unknown structure or
 * one provisioned from the AAF.
 */
export async function startCsvImport(platform: Platform, input: StartCsvImportInput): Promise<string> {
  await assertReadablePaths(input.paths, 'CSV_NO_FILES');
  const structure = await findStructure(platform, input.structure);
  if (input.collectiviteId && isOutsideCollectivite(input.collectiviteId, structure.collectivite_id)) {
    throw new AppError('CSV_UNKNOWN_STRUCTURE', { fields: { structure: 'unknown' } });
  }
  return startImportJob(
    platform,
    csvImportJob,
    {
      structure: structure.uai,
      collectiviteId: structure.collectivite_id,
      paths: input.paths,
      dryRun: input.dryRun === true,
      ...(input.names ? { names: input.names } : {}),
      ...(input.options ? { options: input.options } : {}),
    },
    input.actorId,
  );
}

/** Waits for a job this process started (or reads it when another did). */
export async function waitForCsvImport(platform: Platform, id: string): Promise<ImportJob> {
  return waitForImportJob(platform, csvImportJob, id);
}

/** A CSV import job: status, progress per file and, once finished, its report. */
export async function getCsvImportJob(platform: Platform, id: string): Promise<ImportJob> {
  return getImportJob(platform, csvImportJob, id);
}
