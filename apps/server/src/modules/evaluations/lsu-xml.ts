import type { AttendanceSummary } from '@preau/contracts';

/**
 * The LSU file (Livret scolaire unique, collèges): the structure of the
 * national import schema `import-complet-strict.xsd` as STANDARDS.md §11.2
 * documents it, reduced to what Préau knows, the bilans périodiques of one
 * period (docs/vie-scolaire/LSU.md). The schema Préau checks it against is
 * docs/vie-scolaire/lsu-bilans-periodiques.xsd.
 */

export const LSU_NAMESPACE = 'urn:fr:edu:scolarite:lsun:bilans:import';
export const LSU_SCHEMA_VERSION = '10.0';

export interface LsuSubject {
  code: string;
  name: string;
  teacherIds: string[];
  average: number | null;
  classAverage: number | null;
  appreciation: string;
}

export interface LsuStudentReport {
  idBe: string;
  lastName: string;
  firstName: string;
  /** The class's code (the "division" of SIECLE). */
  division: string;
  subjects: LsuSubject[];
  generalAppreciation: string;
  attendance: AttendanceSummary;
}

export interface LsuInput {
  uai: string;
  headName: string;
  schoolYear: number;
  period: { rank: number; count: number; startsOn: string; councilOn: string };
  teachers: { id: string; idSts: string; lastName: string; firstName: string }[];
  students: LsuStudentReport[];
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
/** The schema bounds most texts: longer ones are cut (the bulletin's own limits already keep appreciations within them). */
const cut = (text: string, max: number) => [...text.trim()].slice(0, max).join('');
const attrs = (values: Record<string, string | number | undefined>) =>
  Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
const element = (name: string, values: Record<string, string | number | undefined>, children?: string) =>
  children === undefined ? `<${name}${attrs(values)}/>` : `<${name}${attrs(values)}>${children}</${name}>`;
const text = (name: string, value: string) => `<${name}>${escapeXml(value)}</${name}>`;
/** The schema's averages: a decimal out of 20 with at most two decimals. */
const average = (value: number) => (Math.round(value * 100) / 100).toFixed(2).replace(/\.?0+$/, '');
/** The schema's vie-scolaire counts are bounded to 0–999. */
const count = (value: number) => Math.min(999, Math.max(0, value));

/** The XML document, UTF-8, one element per line under `donnees` for readable diffs. */
export function renderLsuXml(input: LsuInput): string {
  const teacherRef = new Map(input.teachers.map((t, i) => [t.id, `ENS_${i + 1}`]));
  const disciplines = new Map<string, string>();
  for (const s of input.students.flatMap((st) => st.subjects)) if (!disciplines.has(s.code)) disciplines.set(s.code, s.name);
  const disciplineRef = (code: string) => `DI_${code}`;
  const periodRef = `P_${input.period.rank}`;

  const lines: string[] = [];
  lines.push('<?xml version="1.0" encoding="UTF-8"?>');
  lines.push(`<lsun-bilans xmlns="${LSU_NAMESPACE}" schemaVersion="${LSU_SCHEMA_VERSION}">`);
  lines.push(`<entete>${text('editeur', 'Préau')}${text('application', 'Préau')}${text('etablissement', input.uai)}</entete>`);
  lines.push('<donnees>');
  lines.push(`<responsables-etab>${element('responsable-etab', { id: 'RESP_1', libelle: cut(input.headName, 100) })}</responsables-etab>`);
  lines.push('<eleves>');
  input.students.forEach((s, i) =>
    lines.push(element('eleve', { id: `EL_${i + 1}`, 'id-be': s.idBe, nom: cut(s.lastName, 100), prenom: cut(s.firstName, 100), 'code-division': cut(s.division, 20) })),
  );
  lines.push('</eleves>');
  lines.push(`<periodes>${element('periode', { id: periodRef, millesime: String(input.schoolYear), indice: input.period.rank, 'nb-periodes': input.period.count })}</periodes>`);
  lines.push('<disciplines>');
  for (const [code, name] of disciplines) lines.push(element('discipline', { id: disciplineRef(code), code, 'modalite-election': 'S', libelle: cut(name, 40) }));
  lines.push('</disciplines>');
  lines.push('<enseignants>');
  for (const t of input.teachers) lines.push(element('enseignant', { id: teacherRef.get(t.id), type: 'epp', 'id-sts': t.idSts, nom: cut(t.lastName, 100), prenom: cut(t.firstName, 100) }));
  lines.push('</enseignants>');
  lines.push('<bilans-periodiques>');
  input.students.forEach((s, i) => {
    const acquis = s.subjects.map((subject) => {
      const appreciation = cut(subject.appreciation, 1000);
      return element(
        'acquis',
        {
          'discipline-ref': disciplineRef(subject.code),
          'enseignant-refs': subject.teacherIds.map((id) => teacherRef.get(id)).join(' '),
          'moyenne-eleve': subject.average === null ? undefined : average(subject.average),
          'moyenne-structure': subject.classAverage === null ? undefined : average(subject.classAverage),
          // 1: non noté (nothing counts in the average: every mark ABS, DISP or NN, or none).
          'statut-evaluation-eleve': subject.average === null ? 1 : undefined,
          'statut-evaluation-structure': subject.classAverage === null ? 1 : undefined,
        },
        appreciation ? text('appreciation', appreciation) : '',
      );
    });
    const a = s.attendance;
    lines.push(
      element(
        'bilan-periodique',
        {
          'eleve-ref': `EL_${i + 1}`,
          'periode-ref': periodRef,
          'date-conseil-classe': input.period.councilOn,
          'date-scolarite': input.period.startsOn,
          'responsable-etab-ref': 'RESP_1',
        },
        `<liste-acquis>${acquis.join('')}</liste-acquis>` +
          text('acquis-conseils', cut(s.generalAppreciation, 1000)) +
          element('vie-scolaire', { 'nb-retards': count(a.lateness), 'nb-abs-justifiees': count(a.justifiedHalfDays), 'nb-abs-injustifiees': count(a.unjustifiedHalfDays) }),
      ),
    );
  });
  lines.push('</bilans-periodiques>');
  lines.push('</donnees>');
  lines.push('</lsun-bilans>');
  return `${lines.join('\n')}\n`;
}
