import { isValidUai, type ImportEntityType, type Profile, type RejectionReason, type StaffFunction } from '@preau/contracts';
import type { AafFileType } from './aaf-sources.ts';
import { type AafImportSettings, categoryPriority, type FunctionCategory } from './aaf-settings.ts';

/** From raw AAF attributes to the entities an import writes: pure functions, no database. */

export type Attrs = Record<string, string[]>;

export const entityOfFile: Record<AafFileType, ImportEntityType> = {
  EtabEducNat: 'STRUCTURE',
  MatiereEducNat: 'SUBJECT',
  MefEducNat: 'MEF',
  PersEducNat: 'STAFF',
  Eleve: 'STUDENT',
  PersRelEleve: 'PARENT',
};

const categoryOfFile: Record<AafFileType, string[]> = {
  EtabEducNat: ['EtabEducNat'],
  MatiereEducNat: ['MatEducNat', 'MatiereEducNat'],
  MefEducNat: ['MefEducNat'],
  PersEducNat: ['PersEducNat'],
  Eleve: ['Eleve'],
  PersRelEleve: ['PersRelEleve'],
};

const jointureAttribute: Record<AafFileType, string> = {
  EtabEducNat: 'ENTStructureJointure',
  MatiereEducNat: 'ENTMatJointure',
  MefEducNat: 'ENTMefJointure',
  PersEducNat: 'ENTPersonJointure',
  Eleve: 'ENTPersonJointure',
  PersRelEleve: 'ENTPersonJointure',
};

/** A record that cannot be applied, and why. */
export class Rejection extends Error {
  constructor(
    readonly reason: RejectionReason,
    readonly detail: string | null = null,
  ) {
    super(reason);
  }
}

/** True when the category of a request fits the file (an absent category is tolerated). */
export function categoryFits(type: AafFileType, category: string): boolean {
  return category === '' || categoryOfFile[type].includes(category);
}

/** The jointure of a request: `identifier/id`, which must equal the jointure attribute when both are given. */
export function jointureOf(type: AafFileType, id: string, attributes: Map<string, string[]>): string {
  const attr = (attributes.get(jointureAttribute[type]) ?? [])[0]?.trim() ?? '';
  if (id && attr && id !== attr) throw new Rejection('JOINTURE_MISMATCH', jointureAttribute[type]);
  const jointure = id || attr;
  if (!jointure) throw new Rejection('MISSING_ATTRIBUTE', jointureAttribute[type]);
  if (jointure.includes('$')) throw new Rejection('BAD_PACKED_VALUE', jointureAttribute[type]);
  return jointure;
}

/** The record's academy-prefixed key. */
export function keyOf(academy: string, jointure: string): string {
  return `${academy}$${jointure}`;
}

function first(attrs: Attrs, name: string): string {
  return (attrs[name] ?? []).find((v) => v.trim() !== '')?.trim() ?? '';
}
function required(attrs: Attrs, name: string): string {
  const value = first(attrs, name);
  if (!value) throw new Rejection('MISSING_ATTRIBUTE', name);
  return value;
}
function all(attrs: Attrs, name: string): string[] {
  return (attrs[name] ?? []).map((v) => v.trim()).filter((v) => v !== '');
}

/** Splits a `$`-packed value into at least `min` (and at most `max`) fields, each of the first `min` non-empty. */
export function unpack(value: string, attribute: string, min: number, max = Number.POSITIVE_INFINITY): string[] {
  const fields = value.split('$').map((f) => f.trim());
  if (fields.length < min || fields.length > max || fields.slice(0, min).some((f) => f === '')) {
    throw new Rejection('BAD_PACKED_VALUE', attribute);
  }
  return fields;
}

/** A dd/MM/yyyy date as ISO yyyy-mm-dd, or a MALFORMED_DATE rejection. */
export function parseAafDate(value: string, attribute: string): string {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  if (!match) throw new Rejection('MALFORMED_DATE', attribute);
  const [, d, m, y] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCDate() !== Number(d) || date.getUTCMonth() !== Number(m) - 1 || Number(y) < 1900) {
    throw new Rejection('MALFORMED_DATE', attribute);
  }
  return `${y}-${m}-${d}`;
}

export interface StructureEntity {
  uai: string;
  name: string;
  type: string;
  city: string | null;
  classes: { code: string; name: string }[];
  groups: { code: string; name: string }[];
}

export function parseStructure(attrs: Attrs): StructureEntity {
  const uai = (first(attrs, 'ENTStructureUAI') || required(attrs, 'ENTEtablissementUAI')).toUpperCase();
  if (!isValidUai(uai)) throw new Rejection('BAD_UAI', 'ENTStructureUAI');
  const byCode = (list: { code: string; name: string }[]) => [...new Map(list.map((x) => [x.code, x])).values()];
  return {
    uai,
    // In AAF names, `$` stands for a hyphen.
    name: required(attrs, 'ENTStructureNomCourant').replace(/\$/g, '-'),
    type: first(attrs, 'ENTStructureTypeStruct') || 'AUTRE',
    city: first(attrs, 'l') || null,
    classes: byCode(all(attrs, 'ENTStructureClasses').map((v) => {
      const [code, name] = unpack(v, 'ENTStructureClasses', 2);
      return { code: code!, name: name! };
    })),
    groups: byCode(all(attrs, 'ENTStructureGroupes').map((v) => {
      const [code, name] = unpack(v, 'ENTStructureGroupes', 2);
      return { code: code!, name: name! };
    })),
  };
}

export interface SubjectEntity {
  code: string;
  name: string;
}
export function parseSubject(jointure: string, attrs: Attrs): SubjectEntity {
  return { code: jointure, name: required(attrs, 'ENTLibelleMatiere') };
}

export interface MefEntity {
  code: string;
  name: string;
  rattach: string | null;
  stat11: string | null;
  level: string | null;
  track: string | null;
}
export function parseMef(jointure: string, attrs: Attrs): MefEntity {
  return {
    code: jointure,
    name: required(attrs, 'ENTLibelleMef'),
    rattach: first(attrs, 'ENTMEFRattach') || null,
    stat11: first(attrs, 'ENTMEFSTAT11') || null,
    level: first(attrs, 'ENTNivFormation') || null,
    track: first(attrs, 'ENTFiliere') || null,
  };
}

/** A reference to a class or group of a structure (jointure not yet prefixed). */
export interface GroupRef {
  structure: string;
  code: string;
}

export interface PersonEntity {
  firstName: string;
  lastName: string;
  email: string | null;
  profile: Profile;
  staffFunction: StaffFunction | null;
  /** Structure jointures; the first is the attachment structure when there is one. */
  structures: string[];
  /** True when the attachment structure must be known (students). */
  attachmentRequired: boolean;
  classes: GroupRef[];
  groups: GroupRef[];
  /** Students: their responsables (parent jointure, respLégal, lien de parenté). */
  relations: { parent: string; respLegal: number; relationship: string }[];
  /** Teachers: what they teach to whom, and the classes they are professeur principal of. */
  teachings: { target: 'class' | 'group'; ref: GroupRef; subject: string }[];
  principals: GroupRef[];
}

function identity(attrs: Attrs) {
  const lastName = required(attrs, 'sn');
  const firstName = required(attrs, 'givenName');
  const birth = first(attrs, 'ENTPersonDateNaissance');
  if (birth) parseAafDate(birth, 'ENTPersonDateNaissance');
  return { firstName, lastName };
}

function uniqueRefs(refs: GroupRef[]): GroupRef[] {
  return [...new Map(refs.map((r) => [`${r.structure}$${r.code}`, r])).values()];
}

function refs(attrs: Attrs, name: string): GroupRef[] {
  return uniqueRefs(
    all(attrs, name).map((v) => {
      const [structure, code] = unpack(v, name, 2, 2);
      return { structure: structure!, code: code! };
    }),
  );
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseStudent(attrs: Attrs): PersonEntity {
  const { firstName, lastName } = identity(attrs);
  const attachment = required(attrs, 'ENTPersonStructRattach');
  const classes = refs(attrs, 'ENTEleveClasses');
  const groups = refs(attrs, 'ENTEleveGroupes');
  for (const date of all(attrs, 'ENTEleveDateEntreeClasses')) {
    const fields = unpack(date, 'ENTEleveDateEntreeClasses', 2);
    parseAafDate(fields[1]!, 'ENTEleveDateEntreeClasses');
  }
  const relations = new Map<string, PersonEntity['relations'][number]>();
  for (const value of all(attrs, 'ENTElevePersRelEleve')) {
    const fields = unpack(value, 'ENTElevePersRelEleve', 6, 6);
    const respLegal = Number(fields[3]);
    if (!/^[012]$/.test(fields[3]!)) throw new Rejection('BAD_PACKED_VALUE', 'ENTElevePersRelEleve');
    relations.set(fields[0]!, { parent: fields[0]!, respLegal, relationship: fields[1]! });
  }
  return {
    firstName,
    lastName,
    email: null,
    profile: 'ELEVE',
    staffFunction: null,
    structures: [...new Set([attachment, ...classes.map((c) => c.structure), ...groups.map((g) => g.structure)])],
    attachmentRequired: true,
    classes,
    groups,
    relations: [...relations.values()],
    teachings: [],
    principals: [],
  };
}

export function parseParent(attrs: Attrs): PersonEntity {
  const { firstName, lastName } = identity(attrs);
  const mail = first(attrs, 'mail');
  return {
    firstName,
    lastName,
    email: EMAIL.test(mail) ? mail : null,
    profile: 'PARENT',
    staffFunction: null,
    structures: [],
    attachmentRequired: false,
    classes: [],
    groups: [],
    relations: [],
    teachings: [],
    principals: [],
  };
}

export function parseStaff(attrs: Attrs, settings: Pick<AafImportSettings, 'functionMap'>): PersonEntity {
  const { firstName, lastName } = identity(attrs);
  const mail = first(attrs, 'mail');
  const structures: string[] = [];
  const attachment = first(attrs, 'ENTPersonStructRattach');
  if (attachment) structures.push(attachment);
  const categories = new Set<FunctionCategory>();
  for (const value of all(attrs, 'ENTPersonFonctions')) {
    const [structure, code] = unpack(value, 'ENTPersonFonctions', 2);
    structures.push(structure!);
    categories.add(settings.functionMap[code!] ?? 'ETA');
  }
  if (categories.size === 0) categories.add(first(attrs, 'PersEducNatPresenceDevantEleves') === 'O' ? 'ENS' : 'ETA');
  const category = categoryPriority.find((c) => categories.has(c))!;
  const teachings: PersonEntity['teachings'] = [];
  for (const [name, target] of [
    ['ENTAuxEnsClassesMatieres', 'class'],
    ['ENTAuxEnsGroupesMatieres', 'group'],
  ] as const) {
    for (const value of all(attrs, name)) {
      const [structure, code, subject] = unpack(value, name, 3, 3);
      teachings.push({ target, ref: { structure: structure!, code: code! }, subject: subject! });
      structures.push(structure!);
    }
  }
  const principals = refs(attrs, 'ENTAuxEnsClassesPrincipal');
  const profile: Profile = category === 'ENS' ? 'ENSEIGNANT' : category === 'COL' ? 'COLLECTIVITE' : 'PERSONNEL';
  const staffFunction: StaffFunction | null = profile !== 'PERSONNEL' ? null : category === 'ACA' ? 'ETA' : (category as StaffFunction);
  const seen = new Set<string>();
  return {
    firstName,
    lastName,
    email: EMAIL.test(mail) ? mail : null,
    profile,
    staffFunction,
    structures: [...new Set(structures)],
    attachmentRequired: false,
    classes: [],
    groups: [],
    relations: [],
    teachings: teachings.filter((t) => {
      const id = `${t.target}$${t.ref.structure}$${t.ref.code}$${t.subject}`;
      return seen.has(id) ? false : (seen.add(id), true);
    }),
    principals,
  };
}

/** Attributes as stored (plain object, names sorted) and their content hash input. */
export function attrsOf(attributes: Map<string, string[]>): Attrs {
  // The default sort orders strings by UTF-16 code units, as `<` does, without a
  // comparator call per pair; a plain loop rather than Object.fromEntries of
  // sorted entries (one allocation per attribute less, and it showed in the
  // re-import profile). Same object, same key order, so the same hash.
  const names = [...attributes.keys()].sort();
  const attrs: Attrs = {};
  for (const name of names) {
    if (name === '__proto__') Object.defineProperty(attrs, name, { value: attributes.get(name)!, enumerable: true, writable: true, configurable: true });
    else attrs[name] = attributes.get(name)!;
  }
  return attrs;
}
