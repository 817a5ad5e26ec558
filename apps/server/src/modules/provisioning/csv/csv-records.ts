import { createHash } from 'node:crypto';
import type { ImportEntityType, RejectionReason } from '@preau/contracts';
import type { AafFileType } from '../aaf/aaf-sources.ts';
import { defaultFunctionMap } from '../aaf/aaf-settings.ts';

/**
 * From CSV rows to the AAF records the import engine applies: pure functions,
 * no database. Each row becomes an `addRequest` of the matching AAF file type,
 * keyed `CSV-<UAI>$<letter>-<identifier>` (or a hash of the name and birth date
 * when the file gives no identifier).
 */

export const csvProfiles = ['students', 'parents', 'teachers', 'staff'] as const;
export type CsvProfile = (typeof csvProfiles)[number];

export const aafTypeOf: Record<CsvProfile, AafFileType> = { students: 'Eleve', parents: 'PersRelEleve', teachers: 'PersEducNat', staff: 'PersEducNat' };
export const entityOf: Record<CsvProfile, ImportEntityType> = { students: 'STUDENT', parents: 'PARENT', teachers: 'STAFF', staff: 'STAFF' };
const letterOf: Record<CsvProfile, string> = { students: 'E', parents: 'P', teachers: 'S', staff: 'S' };

export type Column =
  | 'id'
  | 'lastName'
  | 'firstName'
  | 'birthDate'
  | 'class'
  | 'groups'
  | 'email'
  | 'children'
  | 'relationship'
  | 'classes'
  | 'subjects'
  | 'teachings'
  | 'function';

/** The column names as documented (CSV.md), for messages. */
export const columnLabels: Record<Column, string> = {
  id: 'Identifiant',
  lastName: 'Nom',
  firstName: 'Prénom',
  birthDate: 'Date de naissance',
  class: 'Classe',
  groups: 'Groupes',
  email: 'Courriel',
  children: 'Enfants',
  relationship: 'Lien',
  classes: 'Classes',
  subjects: 'Matières',
  teachings: 'Enseignements',
  function: 'Fonction',
};

/** Accepted header names (compared without accents, case, spaces or punctuation). */
const aliases: Record<Column, string[]> = {
  id: ['identifiant', 'id', 'identifier', 'externalid', 'numero', 'ident'],
  lastName: ['nom', 'nomdefamille', 'lastname', 'surname', 'familyname'],
  firstName: ['prenom', 'firstname', 'givenname'],
  birthDate: ['datedenaissance', 'datenaissance', 'naissance', 'nele', 'birthdate', 'dateofbirth', 'birthday'],
  class: ['classe', 'class'],
  groups: ['groupes', 'groupe', 'groups', 'group'],
  email: ['courriel', 'email', 'mail', 'adressemail', 'adressecourriel'],
  children: ['enfants', 'enfant', 'children', 'child'],
  relationship: ['lien', 'liendeparente', 'relationship', 'relation'],
  classes: ['classes'],
  subjects: ['matieres', 'matiere', 'disciplines', 'discipline', 'subjects', 'subject'],
  teachings: ['enseignements', 'classesmatieres', 'classematiere', 'teachings'],
  function: ['fonction', 'function', 'role'],
};

const columnsOf: Record<CsvProfile, { required: Column[]; optional: Column[] }> = {
  students: { required: ['lastName', 'firstName', 'birthDate', 'class'], optional: ['id', 'groups'] },
  parents: { required: ['lastName', 'firstName', 'children'], optional: ['id', 'email', 'relationship'] },
  teachers: { required: ['lastName', 'firstName'], optional: ['id', 'classes', 'subjects', 'teachings', 'email'] },
  staff: { required: ['lastName', 'firstName', 'function'], optional: ['id', 'email'] },
};

/** Lower case, no accents, letters and digits only. */
export function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** Same, but words kept apart by one space (names, class names). */
export function foldWords(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The profile a file name tells (eleves.csv, responsables.csv, enseignants.csv, personnels.csv…), if any. */
export function profileOfName(name: string): CsvProfile | undefined {
  const n = fold(name.replace(/\.[^.]*$/, ''));
  if (/parent|responsable|resp/.test(n)) return 'parents';
  if (/eleve|student|pupil/.test(n)) return 'students';
  if (/enseignant|teacher|professeur|profs?$/.test(n)) return 'teachers';
  if (/personnel|staff|employee/.test(n)) return 'staff';
  return undefined;
}

/** The column each header cell names (undefined for a cell that names none). */
export function matchHeader(cells: string[]): (Column | undefined)[] {
  const seen = new Set<Column>();
  return cells.map((cell) => {
    const key = fold(cell);
    const column = (Object.keys(aliases) as Column[]).find((c) => aliases[c].includes(key));
    if (!column || seen.has(column)) return undefined;
    seen.add(column);
    return column;
  });
}

/** The profile a header fits when the file name does not tell. */
export function profileOfHeader(columns: (Column | undefined)[]): CsvProfile | undefined {
  const has = (c: Column) => columns.includes(c);
  if (has('children')) return 'parents';
  if (has('function')) return 'staff';
  if (has('birthDate')) return 'students';
  if (has('subjects') || has('teachings') || has('classes')) return 'teachers';
  return undefined;
}

/** Required columns the header lacks (teachers: Classes with Matières, or Enseignements — or none of them). */
export function missingColumns(profile: CsvProfile, columns: (Column | undefined)[]): Column[] {
  const missing = columnsOf[profile].required.filter((c) => !columns.includes(c));
  if (profile === 'teachers' && columns.includes('classes') && !columns.includes('subjects') && !columns.includes('teachings')) missing.push('subjects');
  return missing;
}

export class CsvRejection extends Error {
  constructor(
    readonly reason: RejectionReason,
    readonly detail: string | null,
  ) {
    super(reason);
  }
}

/** A row, by column. */
export type Row = Partial<Record<Column, string>>;

export function rowOf(columns: (Column | undefined)[], fields: string[]): Row {
  const row: Row = {};
  columns.forEach((c, i) => {
    if (c) row[c] = (fields[i] ?? '').replace(/\s+/g, ' ').trim();
  });
  return row;
}

function required(row: Row, column: Column): string {
  const value = row[column] ?? '';
  if (!value) throw new CsvRejection('MISSING_ATTRIBUTE', columnLabels[column]);
  return value;
}

/** A `|`-separated list, blanks dropped, duplicates removed. */
export function list(value: string | undefined): string[] {
  return [...new Set((value ?? '').split('|').map((v) => v.trim()).filter((v) => v !== ''))];
}

/** JJ/MM/AAAA (also J/M/AAAA and AAAA-MM-JJ) as the AAF's dd/MM/yyyy, or a MALFORMED_DATE rejection. */
export function parseDate(value: string, column: Column): string {
  let d: string, m: string, y: string;
  const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (fr) [, d, m, y] = fr as unknown as [string, string, string, string];
  else if (iso) [, y, m, d] = iso as unknown as [string, string, string, string];
  else throw new CsvRejection('MALFORMED_DATE', columnLabels[column]);
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCDate() !== Number(d) || date.getUTCMonth() !== Number(m) - 1 || Number(y) < 1900 || Number(y) > 2100) {
    throw new CsvRejection('MALFORMED_DATE', columnLabels[column]);
  }
  return `${d.padStart(2, '0')}/${m.padStart(2, '0')}/${y}`;
}

/** `$` separates the fields of AAF values: it may not appear in one. */
function clean(value: string, column: Column): string {
  if (value.includes('$')) throw new CsvRejection('BAD_PACKED_VALUE', columnLabels[column]);
  return value;
}

const shortHash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 16);

/** The jointure of a row: `E-<Identifiant>`, or `E#<hash of name and birth date>` without one. */
export function jointureOf(profile: CsvProfile, row: Row, birthDate?: string): string {
  const id = row.id ?? '';
  if (id) return `${letterOf[profile]}-${clean(id, 'id')}`;
  const parts = [foldWords(row.lastName ?? ''), foldWords(row.firstName ?? ''), birthDate ?? ''];
  return `${letterOf[profile]}#${shortHash(parts.join('|'))}`;
}

/** Name + birth date keys a parent may use to name a child ("Nom Prénom JJ/MM/AAAA", either order). */
export function childKeys(lastName: string, firstName: string, birthDate: string): string[] {
  return [`${foldWords(`${lastName} ${firstName}`)}|${birthDate}`, `${foldWords(`${firstName} ${lastName}`)}|${birthDate}`];
}

/** The key of a child named in a parent's row, or undefined when the value is not "name date". */
export function childReference(value: string): string | undefined {
  const match = /^(.*\S)\s+(\S+)$/.exec(value);
  if (!match) return undefined;
  try {
    return `${foldWords(match[1]!)}|${parseDate(match[2]!, 'children')}`;
  } catch {
    return undefined;
  }
}

export type Attributes = Map<string, string[]>;

export interface Prepared {
  line: number;
  jointure: string;
  attributes: Attributes;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function person(jointure: string, row: Row): Attributes {
  const attributes: Attributes = new Map();
  attributes.set('ENTPersonJointure', [jointure]);
  attributes.set('sn', [clean(required(row, 'lastName'), 'lastName')]);
  attributes.set('givenName', [clean(required(row, 'firstName'), 'firstName')]);
  return attributes;
}

function email(row: Row): string[] {
  const value = row.email ?? '';
  return value && EMAIL.test(value) ? [value] : [];
}

/** Resolves a class or group name of the file to its code in the structure. */
export interface Catalogue {
  classOf(value: string): string | undefined;
  groupOf(value: string): string | undefined;
  subjectOf(value: string): string;
}

export function studentRecord(uai: string, row: Row, catalogue: Pick<Catalogue, 'classOf' | 'groupOf'>): { jointure: string; attributes: Attributes; birthDate: string } {
  required(row, 'lastName');
  required(row, 'firstName');
  const birthDate = parseDate(required(row, 'birthDate'), 'birthDate');
  const jointure = jointureOf('students', row, birthDate);
  const attributes = person(jointure, row);
  attributes.set('ENTPersonDateNaissance', [birthDate]);
  attributes.set('ENTPersonStructRattach', [uai]);
  const className = clean(required(row, 'class'), 'class');
  attributes.set('ENTEleveClasses', [`${uai}$${catalogue.classOf(className) ?? className}`]);
  const groups = list(row.groups).map((g) => `${uai}$${catalogue.groupOf(clean(g, 'groups')) ?? g}`);
  if (groups.length) attributes.set('ENTEleveGroupes', groups);
  return { jointure, attributes, birthDate };
}

/** What a parent row says: its record and the children it names (jointures, resolved by the caller). */
export function parentRecord(row: Row, resolveChild: (value: string) => string | undefined): { jointure: string; attributes: Attributes; children: string[]; relationship: string } {
  required(row, 'lastName');
  required(row, 'firstName');
  const jointure = jointureOf('parents', row);
  const attributes = person(jointure, row);
  const mail = email(row);
  if (mail.length) attributes.set('mail', mail);
  const names = list(required(row, 'children'));
  const children: string[] = [];
  names.forEach((value, i) => {
    const child = resolveChild(value);
    if (!child) throw new CsvRejection('UNKNOWN_CHILD', `${columnLabels.children} #${i + 1}`);
    children.push(child);
  });
  const relationship = clean(row.relationship ?? '', 'relationship').toUpperCase() || 'RESPONSABLE';
  return { jointure, attributes, children: [...new Set(children)], relationship };
}

/** The `ENTElevePersRelEleve` value of a parent link: parent, lien, respFinancier, respLégal 1, contact, paiement. */
export function relationValue(parent: string, relationship: string): string {
  return `${parent}$${relationship}$1$1$1$0`;
}

export function teacherRecord(uai: string, row: Row, catalogue: Catalogue): { jointure: string; attributes: Attributes } {
  required(row, 'lastName');
  required(row, 'firstName');
  const jointure = jointureOf('teachers', row);
  const attributes = person(jointure, row);
  attributes.set('ENTPersonFonctions', [`${uai}$ENS`]);
  attributes.set('PersEducNatPresenceDevantEleves', ['O']);
  const mail = email(row);
  if (mail.length) attributes.set('mail', mail);
  const pairs: [string, string][] = [];
  for (const pair of list(row.teachings)) {
    const match = /^([^:]+):(.+)$/.exec(pair);
    if (!match) throw new CsvRejection('BAD_PACKED_VALUE', columnLabels.teachings);
    pairs.push([match[1]!.trim(), match[2]!.trim()]);
  }
  const classes = list(row.classes);
  const subjects = list(row.subjects);
  if (classes.length && !subjects.length) throw new CsvRejection('MISSING_ATTRIBUTE', columnLabels.subjects);
  for (const c of classes) for (const s of subjects) pairs.push([c, s]);
  const classValues: string[] = [];
  const groupValues: string[] = [];
  for (const [target, subject] of pairs) {
    clean(target, 'classes');
    const code = catalogue.subjectOf(clean(subject, 'subjects'));
    const classCode = catalogue.classOf(target);
    const groupCode = classCode ? undefined : catalogue.groupOf(target);
    if (classCode) classValues.push(`${uai}$${classCode}$${code}`);
    else if (groupCode) groupValues.push(`${uai}$${groupCode}$${code}`);
    else throw new CsvRejection('UNKNOWN_CLASS', target);
  }
  if (classValues.length) attributes.set('ENTAuxEnsClassesMatieres', [...new Set(classValues)]);
  if (groupValues.length) attributes.set('ENTAuxEnsGroupesMatieres', [...new Set(groupValues)]);
  return { jointure, attributes };
}

/** Words of the Fonction column → AAF function code (its category: DIR, EVS, ETA, DOC, PSY). */
const functionWords: Record<string, string> = {
  dir: 'DIR',
  direction: 'DIR',
  directeur: 'DIR',
  directrice: 'DIR',
  principal: 'DIR',
  principaladjoint: 'DIR',
  proviseur: 'DIR',
  chefdetablissement: 'DIR',
  evs: 'EDU',
  viescolaire: 'EDU',
  cpe: 'EDU',
  surveillant: 'SUR',
  aed: 'AED',
  eta: 'ADM',
  administratif: 'ADM',
  administration: 'ADM',
  secretariat: 'ADM',
  intendance: 'ADM',
  agent: 'OUV',
  technique: 'TEC',
  psy: 'PSY',
  psyen: 'PSY',
  psychologue: 'PSY',
  copsy: 'ORI',
  doc: 'DOC',
  documentation: 'DOC',
  documentaliste: 'DOC',
  cdi: 'DOC',
};

export function functionCode(value: string): string | undefined {
  const word = functionWords[fold(value)];
  if (word) return word;
  const code = value.trim().toUpperCase();
  const category = defaultFunctionMap[code];
  return category && category !== 'ENS' && category !== 'COL' && category !== 'ACA' ? code : undefined;
}

export function staffRecord(uai: string, row: Row): { jointure: string; attributes: Attributes } {
  required(row, 'lastName');
  required(row, 'firstName');
  const code = functionCode(required(row, 'function'));
  if (!code) throw new CsvRejection('UNKNOWN_FUNCTION', clean(row.function!, 'function'));
  const jointure = jointureOf('staff', row);
  const attributes = person(jointure, row);
  attributes.set('ENTPersonFonctions', [`${uai}$${code}`]);
  const mail = email(row);
  if (mail.length) attributes.set('mail', mail);
  return { jointure, attributes };
}
