import type { Bulletin, LsuExportBody, PeriodExportQuery } from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import { type Actor, authorize } from '../../platform/authorization.ts';
import { csvDocument } from '../../platform/csv-cell.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { statsOf } from './averages.ts';
import { findAccountNames, findPeriods, findStudentsOfStructure, getClassOfStructure, getPeriod } from './evaluations.repository.ts';
import { type LsuStudentReport, renderLsuXml } from './lsu-xml.ts';
import { type MarksCache, unsafeBulletinContent } from './results.service.ts';

/**
 * The exports of a period's averages and appreciations: the CSV for the
 * Livret scolaire (docs/vie-scolaire/LIVRET-CSV.md) and the LSU XML of
 * collèges (docs/vie-scolaire/LSU.md). Both read each student's bulletin
 * (`unsafeBulletinContent`), so their figures are the bulletins' figures.
 */

type StudentRow = Awaited<ReturnType<typeof findStudentsOfStructure>>[number];
interface StudentReport {
  student: StudentRow;
  bulletin: Awaited<ReturnType<typeof unsafeBulletinContent>>;
}

/** Authorizes the export (the head of the structure) and reads the bulletin of every student of the period's structure (or of one class). */
async function loadReports(platform: Platform, actor: Actor, periodId: string, classId: string | undefined) {
  const db = platform.database.db;
  const period = await getPeriod(db, periodId);
  if (!period || period.school_year !== platform.schoolYear()) throw new AppError('NOT_FOUND');
  authorize(actor, 'grades.export', { type: 'structure', id: period.structure_id, collectiviteId: period.collectivite_id });
  if (classId && !(await getClassOfStructure(db, classId, period.structure_id, period.school_year))) throw new AppError('NOT_FOUND');
  const [periods, students] = await Promise.all([
    findPeriods(db, period.structure_id, period.school_year),
    findStudentsOfStructure(db, period.structure_id, period.school_year, classId),
  ]);
  const reports: StudentReport[] = [];
  // One student after the other: a lycée's 1,500 bulletins would otherwise hold as many connections. The
  // students come class by class: the marks read for one class serve its classmates, then are let go.
  let cache: MarksCache = new Map();
  let cachedClass: string | undefined;
  for (const student of students) {
    if (student.class_id !== cachedClass) [cache, cachedClass] = [new Map(), student.class_id];
    reports.push({ student, bulletin: await unsafeBulletinContent(platform, { student, period, periods }, cache) });
  }
  return { period, periods, reports };
}

/** An average as French spreadsheets read it (decimal comma), empty when non noté. */
const frNumber = (value: number | null) => (value === null ? '' : String(value).replace('.', ','));
const generalAppreciation = (bulletin: Pick<Bulletin, 'appreciations'>) => bulletin.appreciations.find((a) => a.subjectCode === null)?.body ?? '';
const periodLabel = (p: { kind: string; rank: number }) => `${p.kind === 'TRIMESTRE' ? 'T' : 'S'}${p.rank}`;

/** The columns of the Livret scolaire CSV, in order (documented in docs/vie-scolaire/LIVRET-CSV.md). */
export const LIVRET_COLUMNS = [
  'UAI',
  'Année scolaire',
  'Période',
  'Classe',
  'Identifiant ENT',
  'Nom',
  'Prénom',
  'Code matière',
  'Matière',
  'Enseignants',
  'Moyenne élève',
  'Moyenne classe',
  'Minimum classe',
  'Maximum classe',
  'Appréciation',
  'Demi-journées d’absence justifiées',
  'Demi-journées d’absence non justifiées',
  'Retards',
] as const;

/**
 * The period's averages and appreciations as CSV: one line per student and
 * subject, then one line per student for the general average and the
 * professeur principal's appreciation (with the absences of the period).
 */
export async function exportLivretCsv(platform: Platform, actor: Actor, periodId: string, query: PeriodExportQuery): Promise<{ fileName: string; csv: string }> {
  const { period, reports } = await loadReports(platform, actor, periodId, query.classId);
  // The class figures of the general average: over the students of the same class.
  const generalByClass = new Map<string, (number | null)[]>();
  for (const r of reports) generalByClass.set(r.student.class_id, [...(generalByClass.get(r.student.class_id) ?? []), r.bulletin.results.generalAverage]);
  const year = `${period.school_year}-${period.school_year + 1}`;
  const lines: (string | null)[][] = [[...LIVRET_COLUMNS]];
  for (const { student, bulletin } of reports) {
    const head = [period.uai, year, periodLabel(period), student.class_name, student.login, student.last_name, student.first_name];
    for (const s of bulletin.results.subjects) {
      const appreciation = bulletin.appreciations.find((a) => a.subjectCode === s.subjectCode)?.body ?? '';
      const stats = s.classStats;
      lines.push([...head, s.subjectCode, s.subjectName, s.teacherNames.join(', '), frNumber(s.average), frNumber(stats.average), frNumber(stats.min), frNumber(stats.max), appreciation, '', '', '']);
    }
    const general = statsOf(generalByClass.get(student.class_id) ?? []);
    const attendance = bulletin.attendance;
    lines.push([
      ...head,
      '',
      'Moyenne générale',
      '',
      frNumber(bulletin.results.generalAverage),
      frNumber(general.average),
      frNumber(general.min),
      frNumber(general.max),
      generalAppreciation(bulletin),
      attendance ? String(attendance.justifiedHalfDays) : '',
      attendance ? String(attendance.unjustifiedHalfDays) : '',
      attendance ? String(attendance.lateness) : '',
    ]);
  }
  await audit(platform.database.db, {
    actorId: actor.accountId,
    action: 'grades.export.livret',
    targetType: 'evaluation_period',
    targetId: period.id,
    structureId: period.structure_id,
    details: { students: reports.length },
  });
  return { fileName: `livret-${period.uai}-${periodLabel(period)}.csv`, csv: csvDocument(lines) };
}

/**
 * The LSU file of a collège's period (the bilans périodiques of its
 * students), with the identifiers the LSU needs and Préau does not keep
 * given by the caller. Every student and teacher named in it must have one;
 * every student must have at least one subject and his professeur
 * principal's appreciation (the LSU requires both): otherwise nothing is
 * produced and the error lists who lacks what.
 */
export async function exportLsuXml(platform: Platform, actor: Actor, periodId: string, query: PeriodExportQuery, body: LsuExportBody): Promise<{ fileName: string; xml: string }> {
  const { period, periods, reports } = await loadReports(platform, actor, periodId, query.classId);
  if (period.structure_type !== 'COLLEGE') throw new AppError('GRADES_LSU_COLLEGE_ONLY');
  const teacherIds = [...new Set(reports.flatMap((r) => r.bulletin.results.subjects.flatMap((s) => s.teacherIds)))];
  const teachers = await findAccountNames(platform.database.db, teacherIds);

  const missing: Record<string, string> = {};
  for (const { student, bulletin } of reports) {
    if (!body.students[student.login]) missing[`students.${student.login}`] = 'id-be';
    if (bulletin.results.subjects.length === 0) missing[`bilans.${student.login}`] = 'no subject';
    else if (!generalAppreciation(bulletin)) missing[`bilans.${student.login}`] = 'no general appreciation';
    else if (bulletin.results.subjects.some((s) => s.teacherIds.length === 0)) missing[`bilans.${student.login}`] = 'a subject without a teacher account';
  }
  for (const t of teachers) if (!body.teachers[t.login]) missing[`teachers.${t.login}`] = 'id-sts';
  if (reports.length === 0) missing.students = 'none';
  if (Object.keys(missing).length > 0) throw new AppError('GRADES_LSU_INCOMPLETE', { fields: missing });

  const students: LsuStudentReport[] = reports.map(({ student, bulletin }) => ({
    idBe: body.students[student.login]!,
    lastName: student.last_name,
    firstName: student.first_name,
    division: student.class_code,
    subjects: bulletin.results.subjects.map((s) => ({
      code: s.subjectCode,
      name: s.subjectName,
      teacherIds: s.teacherIds,
      average: s.average,
      classAverage: s.classStats.average,
      appreciation: bulletin.appreciations.find((a) => a.subjectCode === s.subjectCode)?.body ?? '',
    })),
    generalAppreciation: generalAppreciation(bulletin),
    attendance: bulletin.attendance ?? { halfDays: 0, justifiedHalfDays: 0, unjustifiedHalfDays: 0, lateness: 0, latenessMinutes: 0 },
  }));
  const xml = renderLsuXml({
    uai: period.uai,
    headName: body.headName,
    schoolYear: period.school_year,
    period: { rank: period.rank, count: periods.length, startsOn: period.starts_on, councilOn: period.council_on },
    teachers: teachers.map((t) => ({ id: t.id, idSts: body.teachers[t.login]!, lastName: t.last_name, firstName: t.first_name })),
    students,
  });
  await audit(platform.database.db, {
    actorId: actor.accountId,
    action: 'grades.export.lsu',
    targetType: 'evaluation_period',
    targetId: period.id,
    structureId: period.structure_id,
    details: { students: reports.length },
  });
  return { fileName: `lsu-${period.uai}-${periodLabel(period)}.xml`, xml };
}
