import { isValidDate } from './dates.ts';

/**
 * The CSV import of courses (docs/timetable/IMPORT.md): parsing and checking
 * each line against the structure's classes, groups, teachers and subjects.
 * Pure: the service loads the lookups and writes the result.
 */

export const CSV_COLUMNS = ['classe', 'groupe', 'matiere', 'enseignants', 'salle', 'jour', 'debut', 'fin', 'semaines', 'periodes'] as const;
const REQUIRED = ['matiere', 'enseignants', 'jour', 'debut', 'fin'] as const;

/** RFC 4180 records, with `;` or `,` as separator (guessed from the header line). Tolerates a BOM and CRLF. */
export function parseCsv(content: string): string[][] {
  const text = content.replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const separator = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
    } else if (char === separator) {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export interface ImportLookups {
  classes: Map<string, string>;
  groups: Map<string, string>;
  /** By login and by external id (AAF), lower-case. */
  teachers: Map<string, string>;
  /** By BCN code and by short name, upper-case. */
  subjects: Map<string, string>;
}

export interface ImportedCourse {
  line: number;
  subjectCode: string;
  teacherIds: string[];
  classId: string | null;
  groupId: string | null;
  room: string | null;
  weekday: number;
  startMinute: number;
  endMinute: number;
  weeks: 'ALL' | 'A' | 'B' | 'PERIODS';
  periods: Array<{ from: string; to: string }>;
}

export interface Rejection {
  line: number;
  code: string;
  reason: string;
}

const WEEKDAYS: Record<string, number> = { lundi: 1, mardi: 2, mercredi: 3, jeudi: 4, vendredi: 5, samedi: 6 };

function parseTime(value: string): number | undefined {
  const match = /^(\d{1,2})\s*[:hH]\s*(\d{2})?$/.exec(value.trim());
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? '0');
  if (hours > 23 || minutes > 59) return undefined;
  return hours * 60 + minutes;
}

function normalizeHeader(value: string): string {
  return value.trim().toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** Checks every line; a line is either a course or a rejection with its line number (1 = the header). */
export function interpretCsv(content: string, lookups: ImportLookups): { courses: ImportedCourse[]; rejected: Rejection[] } {
  const rows = parseCsv(content);
  const rejected: Rejection[] = [];
  const courses: ImportedCourse[] = [];
  const header = (rows[0] ?? []).map(normalizeHeader);
  const missing = REQUIRED.filter((name) => !header.includes(name));
  if (missing.length > 0 || !(header.includes('classe') || header.includes('groupe'))) {
    return { courses, rejected: [{ line: 1, code: 'HEADER', reason: `En-tête incomplet : ${[...missing, ...(header.includes('classe') || header.includes('groupe') ? [] : ['classe ou groupe'])].join(', ')}` }] };
  }
  const index = Object.fromEntries(CSV_COLUMNS.map((name) => [name, header.indexOf(name)])) as Record<(typeof CSV_COLUMNS)[number], number>;
  rows.slice(1).forEach((cells, i) => {
    const line = i + 2;
    if (cells.every((c) => c.trim() === '')) return;
    const get = (name: (typeof CSV_COLUMNS)[number]) => (index[name] >= 0 ? (cells[index[name]] ?? '').trim() : '');
    const reject = (code: string, reason: string) => rejected.push({ line, code, reason });

    const classCode = get('classe');
    const groupCode = get('groupe');
    if ((classCode === '') === (groupCode === '')) return reject('TARGET', 'Indiquez une classe ou un groupe (un seul).');
    const classId = classCode ? lookups.classes.get(classCode) : null;
    const groupId = groupCode ? lookups.groups.get(groupCode) : null;
    if (classCode && !classId) return reject('CLASS_UNKNOWN', `Classe inconnue : ${classCode}`);
    if (groupCode && !groupId) return reject('GROUP_UNKNOWN', `Groupe inconnu : ${groupCode}`);

    const subjectCode = lookups.subjects.get(get('matiere').toUpperCase());
    if (!subjectCode) return reject('SUBJECT_UNKNOWN', `Matière inconnue : ${get('matiere')}`);

    const teacherKeys = get('enseignants').split('|').map((t) => t.trim().toLowerCase()).filter(Boolean);
    if (teacherKeys.length === 0) return reject('TEACHER_MISSING', 'Aucun enseignant.');
    const teacherIds: string[] = [];
    for (const key of teacherKeys) {
      const id = lookups.teachers.get(key);
      if (!id) return reject('TEACHER_UNKNOWN', `Enseignant inconnu dans l’établissement : ${key}`);
      teacherIds.push(id);
    }

    const day = get('jour').toLowerCase();
    const weekday = WEEKDAYS[day] ?? (/^[1-6]$/.test(day) ? Number(day) : undefined);
    if (!weekday) return reject('WEEKDAY', `Jour invalide : ${get('jour')}`);
    const startMinute = parseTime(get('debut'));
    const endMinute = parseTime(get('fin'));
    if (startMinute === undefined || endMinute === undefined) return reject('TIME', 'Heure invalide (HH:MM attendu).');
    if (startMinute >= endMinute) return reject('TIME_ORDER', 'L’heure de fin doit suivre l’heure de début.');

    const weeksValue = get('semaines').toUpperCase();
    const weeks = weeksValue === '' || weeksValue === 'TOUTES' ? 'ALL' : weeksValue === 'A' || weeksValue === 'B' ? weeksValue : weeksValue === 'P' ? 'PERIODS' : undefined;
    if (!weeks) return reject('WEEKS', `Semaines invalides : ${get('semaines')} (vide, A, B ou P)`);
    const periods: Array<{ from: string; to: string }> = [];
    if (weeks === 'PERIODS') {
      for (const part of get('periodes').split('|').map((p) => p.trim()).filter(Boolean)) {
        const [from, to] = part.split('..').map((d) => d.trim());
        if (!from || !to || !isValidDate(from) || !isValidDate(to) || from > to) return reject('PERIODS', `Période invalide : ${part}`);
        periods.push({ from, to });
      }
      if (periods.length === 0) return reject('PERIODS', 'Semaines « P » sans période.');
    }
    const room = get('salle');
    if (room.length > 50) return reject('ROOM', 'Salle : 50 caractères au plus.');
    courses.push({
      line,
      subjectCode,
      teacherIds: [...new Set(teacherIds)],
      classId: classId ?? null,
      groupId: groupId ?? null,
      room: room || null,
      weekday,
      startMinute,
      endMinute,
      weeks,
      periods,
    });
  });
  return { courses, rejected };
}
