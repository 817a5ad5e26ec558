/**
 * One lycée in one school year: its students placed in classes and groups,
 * its teachers' class–subject and group–subject links, and the AAF entities
 * (EtabEducNat, Eleve, PersRelEleve, PersEducNat) that describe it.
 */
import { pad2 } from './people.ts';
import {
  type AcademyPlan, type Child, CLASS_MAX, type Family, familyHome, levelOf, type LyceePlan, lyceeOf, type Occupant, type Parent, type Post, type RegionPlan,
} from './region.ts';
import { CLASS_SUBJECTS, DISCIPLINES, FUNCTIONS, LV2, MEFS, SPECIALITES, SUBJECTS, type SubjectKey, type Track, TRACKS } from './reference.ts';
import { hashString, mix } from './rng.ts';
import type { AafEntity, Attr } from './xml-writer.ts';

const LEVEL_PREFIX = ['2', '1', 'T'];
const LEVEL_LABEL = ['2NDE', '1ERE', 'TERM'];
const TRACK_LABEL: Record<Track, string> = { G: 'GENERALE', STMG: 'STMG', STI2D: 'STI2D', ST2S: 'ST2S', STL: 'STL' };

interface Placed {
  child: Child;
  level: number;
  bucket: string;
  classCode: string;
  groups: string[];
  subjects: SubjectKey[];
}

interface Division {
  code: string;
  label: string;
  mef: string;
  bucket: string;
}

interface Slot {
  target: 'class' | 'group';
  code: string;
  subject: SubjectKey;
  mef: string | null;
}

/** What one teacher does in one structure. */
export interface Teaching {
  structure: string;
  classes: string[];
  groups: string[];
  principal: string[];
  mefs: string[];
  subjects: string[];
}

/** The output of one lycée for one year. */
export interface LyceeYear {
  structure: AafEntity;
  students: AafEntity[];
  parents: AafEntity[];
  staff: AafEntity[];
  /** Teachers of this lycée who also teach in the next one: completed there. */
  carried: CarriedTeacher[];
  classes: number;
  groups: number;
  /** Parents whose children present this year are in two lycées. */
  multiLyceeParents: number;
}

export interface CarriedTeacher {
  post: Post;
  lycee: LyceePlan;
  teaching: Teaching;
}

function position(child: Child, year: 1 | 2): number {
  return year === 2 && child.classChange ? child.newPosition : child.position;
}

function byPosition(year: 1 | 2) {
  return (a: Placed, b: Placed) => position(a.child, year) - position(b.child, year) || (a.child.id < b.child.id ? -1 : 1);
}

/** Splits a sorted list into `ceil(n / max)` even chunks; calls back with each chunk index. */
function chunks<T>(items: T[], max: number, each: (item: T, chunk: number) => void): number {
  const n = Math.ceil(items.length / max);
  items.forEach((item, rank) => each(item, Math.floor((rank * n) / items.length)));
  return n;
}

export function buildLyceeYear(
  plan: RegionPlan,
  academy: AcademyPlan,
  lycee: LyceePlan,
  year: 1 | 2,
  previous: { families: Family[]; carried: CarriedTeacher[] } | null,
  families: Family[],
  posts: Post[],
): LyceeYear {
  const Y = plan.options.schoolYear;
  const schoolYear = Y + year - 1;
  const rentree = `01/09/${schoolYear}`;
  const structure = lycee.jointure;

  // 1. Students of this lycée this year.
  const placed: Placed[] = [];
  const consider = (family: Family) => {
    for (const child of family.children) {
      if (lyceeOf(child, year) !== lycee.index) continue;
      const level = levelOf(child, year, Y);
      if (level === null) continue;
      const track: Track | '2NDE' = level === 0 ? '2NDE' : lycee.offers[child.trackPreference] ? child.trackPreference : 'G';
      placed.push({ child, level, bucket: `${level}:${track}`, classCode: '', groups: [], subjects: [] });
    }
  };
  if (previous) for (const family of previous.families) consider(family);
  for (const family of families) consider(family);

  // 2. Classes: each (level, track) sorted by position and cut into classes of at most CLASS_MAX.
  const buckets = new Map<string, Placed[]>();
  for (const p of placed) {
    const list = buckets.get(p.bucket);
    if (list) list.push(p);
    else buckets.set(p.bucket, [p]);
  }
  const divisions: Division[] = [];
  const sortBy = byPosition(year);
  for (let level = 0; level < 3; level++) {
    for (const track of level === 0 ? (['2NDE'] as const) : TRACKS) {
      const bucket = `${level}:${track}`;
      const list = buckets.get(bucket);
      if (!list) continue;
      list.sort(sortBy);
      const mef = MEFS[bucket]!.code;
      const n = chunks(list, CLASS_MAX, (p, i) => {
        p.classCode = level === 0 ? `2NDE${i + 1}` : `${LEVEL_PREFIX[level]}${track}${i + 1}`;
        p.subjects.push(...CLASS_SUBJECTS[bucket]!);
      });
      for (let i = 0; i < n; i++) {
        const label = level === 0 ? `2NDE ${i + 1}` : `${level === 1 ? '1ERE' : 'TERMINALE'} ${TRACK_LABEL[track as Track]} ${i + 1}`;
        divisions.push({ code: level === 0 ? `2NDE${i + 1}` : `${LEVEL_PREFIX[level]}${track}${i + 1}`, label, mef, bucket });
      }
    }
  }

  // 3. Groups: LV2 per level, spécialités (voie générale), latin option.
  const groups: { code: string; label: string; subject: SubjectKey }[] = [];
  const byLevel: Placed[][] = [[], [], []];
  for (const p of placed) byLevel[p.level]!.push(p);
  const byClass = (a: Placed, b: Placed) => (a.classCode < b.classCode ? -1 : a.classCode > b.classCode ? 1 : sortBy(a, b));
  const makeGroups = (members: Placed[], max: number, codeBase: string, labelBase: string, subject: SubjectKey) => {
    if (members.length === 0) return;
    members.sort(byClass);
    const n = chunks(members, max, (p, i) => {
      p.groups.push(`${codeBase}G${i + 1}`);
      p.subjects.push(subject);
    });
    for (let i = 0; i < n; i++) groups.push({ code: `${codeBase}G${i + 1}`, label: `${labelBase} G${i + 1}`, subject });
  };
  for (let level = 0; level < 3; level++) {
    const prefix = LEVEL_PREFIX[level]!;
    const list = byLevel[level]!;
    for (const lang of LV2) {
      makeGroups(list.filter((p) => p.child.lv2 === lang), 32, `${prefix}${SUBJECTS[lang].short}`, `${SUBJECTS[lang].label} ${LEVEL_LABEL[level]}`, lang);
    }
    if (level > 0) {
      for (const spe of SPECIALITES) {
        const members = list.filter((p) => {
          if (!p.bucket.endsWith(':G')) return false;
          const chosen = p.child.specialites;
          const index = chosen.indexOf(spe);
          return index >= 0 && (level === 1 || index !== p.child.dropped);
        });
        makeGroups(members, 30, `${prefix}SPE${spe}`, `SPE ${SUBJECTS[spe].label} ${LEVEL_LABEL[level]}`, spe);
      }
    }
    makeGroups(list.filter((p) => p.child.latin), 30, `${prefix}LATIN`, `LATIN ${LEVEL_LABEL[level]}`, 'LATIN');
  }

  // 4. Teaching slots and their teachers (rendezvous hashing: stable when a teacher leaves or arrives).
  const slots: Slot[] = [];
  for (const d of divisions) for (const subject of CLASS_SUBJECTS[d.bucket]!) slots.push({ target: 'class', code: d.code, subject, mef: d.mef });
  for (const g of groups) slots.push({ target: 'group', code: g.code, subject: g.subject, mef: null });

  interface Candidate { post: Post; occupant: Occupant; hash: number; teaching: Teaching }
  const occupantOf = (post: Post) => (year === 1 ? post.year1 : post.year2);
  const newTeaching = (): Teaching => ({ structure, classes: [], groups: [], principal: [], mefs: [], subjects: [] });
  const candidates = new Map<string, Candidate[]>();
  const allTeachers: Candidate[] = [];
  const addCandidate = (post: Post) => {
    const occupant = occupantOf(post);
    const candidate = { post, occupant, hash: hashString(occupant.id), teaching: newTeaching() };
    const list = candidates.get(post.discipline!);
    if (list) list.push(candidate);
    else candidates.set(post.discipline!, [candidate]);
    allTeachers.push(candidate);
    return candidate;
  };
  const own = posts.filter((p) => p.role === 'ENS').map(addCandidate);
  const visiting = (previous?.carried ?? []).map((c) => ({ carried: c, candidate: addCandidate(c.post) }));
  const classTeachers = new Map<string, Candidate[]>();
  for (const slot of slots) {
    const pool = candidates.get(SUBJECTS[slot.subject].discipline) ?? allTeachers;
    const slotHash = hashString(`${slot.code}|${slot.subject}`);
    let best = pool[0]!;
    let bestScore = -1;
    for (const c of pool) {
      const score = mix(slotHash, c.hash);
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    const code = SUBJECTS[slot.subject].code;
    const t = best.teaching;
    if (slot.target === 'class') {
      t.classes.push(`${structure}$${slot.code}$${code}`);
      const list = classTeachers.get(slot.code);
      if (!list) classTeachers.set(slot.code, [best]);
      else if (!list.includes(best)) list.push(best);
      if (slot.mef && !t.mefs.includes(slot.mef)) t.mefs.push(slot.mef);
    } else t.groups.push(`${structure}$${slot.code}$${code}`);
    const label = SUBJECTS[slot.subject].label;
    if (!t.subjects.includes(label)) t.subjects.push(label);
  }
  for (const d of divisions) {
    const list = classTeachers.get(d.code) ?? [];
    const key = hashString(`PP|${d.code}`);
    let best: Candidate | undefined;
    let bestScore = -1;
    for (const c of list) {
      const score = mix(key, c.hash);
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    best?.teaching.principal.push(`${structure}$${d.code}`);
  }

  // 5. Entities.
  const structureEntity = structureOf(academy, lycee, divisions, groups);
  const students = placed.map((p) => studentOf(lycee, p, rentree, year));
  const parents: AafEntity[] = [];
  let multiLyceeParents = 0;
  const emitParents = (family: Family) => {
    if (familyHome(family, year) !== lycee.index) return;
    const present = family.children.filter((c) => levelOf(c, year, Y) !== null);
    if (present.length === 0) return;
    if (new Set(present.map((c) => lyceeOf(c, year))).size > 1) multiLyceeParents += family.parents.length;
    for (const parent of family.parents) parents.push(parentOf(parent, present, year));
  };
  if (previous) for (const family of previous.families) if (family.moves) emitParents(family);
  for (const family of families) emitParents(family);

  const staff: AafEntity[] = [];
  const carried: CarriedTeacher[] = [];
  const ownByPost = new Map(own.map((c) => [c.post, c]));
  for (const post of posts) {
    const occupant = occupantOf(post);
    if (post.role !== 'ENS') {
      staff.push(staffOf(post, occupant, lycee, []));
      continue;
    }
    const teaching = ownByPost.get(post)!.teaching;
    if (post.shared) carried.push({ post, lycee, teaching });
    else staff.push(staffOf(post, occupant, lycee, [teaching]));
  }
  for (const { carried: c, candidate } of visiting) staff.push(staffOf(c.post, occupantOf(c.post), c.lycee, [c.teaching, candidate.teaching]));

  return { structure: structureEntity, students, parents, staff, carried, classes: divisions.length, groups: groups.length, multiLyceeParents };
}

function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

function structureOf(
  academy: AcademyPlan, lycee: LyceePlan, divisions: Division[], groups: { code: string; label: string }[],
): AafEntity {
  const rng = mix(lycee.rng, 1);
  const phone = `04${String(rng % 100_000_000).padStart(8, '0')}`;
  const fax = `04${String(mix(rng, 2) % 100_000_000).padStart(8, '0')}`;
  const name = `LYCEE ${stripAccents(lycee.name).toUpperCase()}`.replace(/-/g, '$');
  const general = lycee.offers.STMG || lycee.offers.STI2D || lycee.offers.ST2S || lycee.offers.STL;
  const attrs: Attr[] = [
    ['ENTStructureJointure', [lycee.jointure]],
    ['ENTStructureUAI', [lycee.uai]],
    ['ENTEtablissementUAI', [lycee.uai]],
    ['ENTStructureSIREN', [`19${lycee.uai.slice(0, 7)}000${pad2((rng >>> 8) % 90 + 10)}`]],
    ['ENTStructureNomCourant', [name]],
    ['ENTStructureTypeStruct', [general ? 'LYCEE GENERAL ET TECHNOLOGIQUE' : 'LYCEE GENERAL']],
    ['ENTStructureCodeTypeStruct', [general ? '300' : '302']],
    ['ENTEtablissementMinistereTutelle', ["MINISTERE DE L'EDUCATION NATIONALE"]],
    ['ENTEtablissementCodeMinistereTutelle', ['06']],
    ['ENTEtablissementContrat', [lycee.contract]],
    ['street', [`${(rng >>> 4) % 120 + 1} RUE ${stripAccents(lycee.name).toUpperCase()}`]],
    ['postalCode', [lycee.town.postalCode]],
    ['l', [lycee.town.name.toUpperCase()]],
    ['telephoneNumber', [phone]],
    ['facsimileTelephoneNumber', [fax]],
    ['ENTStructureMailSI', [`ce.${lycee.uai.toLowerCase()}@${academy.academy.mailDomain}`]],
    ['ENTEtablissementBassin', [`${lycee.town.postalCode.slice(0, 2)}${pad2(lycee.index % 7 + 1)}$BASSIN ${stripAccents(lycee.town.name).toUpperCase()}`]],
    ['ENTServAcAcademie', [academy.academy.name]],
    ['ENTServAcCodeAcademie', [academy.academy.code]],
    ['ENTStructureClasses', divisions.map((d) => `${d.code}$${d.label}$${d.mef}`)],
    ['ENTStructureGroupes', groups.map((g) => `${g.code}$${g.label}`)],
  ];
  return { type: 'EtabEducNat', id: lycee.jointure, attrs };
}

function studentOf(lycee: LyceePlan, p: Placed, rentree: string, year: 1 | 2): AafEntity {
  const c = p.child;
  const mef = MEFS[p.bucket]!;
  const structure = lycee.jointure;
  const parents = c.family.parents;
  const addressParent = parents[Math.min(c.addressParent, parents.length - 1)]!;
  const home = year === 2 && addressParent.movedHome ? addressParent.movedHome : addressParent.home;
  const attrs: Attr[] = [
    ['ENTPersonJointure', [c.id]],
    ['ENTEleveINE', [c.ine]],
    ['ENTEleveStructRattachId', [String((lyceeOf(c, year) === c.family.origin ? 1_000_000 : 2_000_000) + c.localKey)]],
    ['ENTPersonDateNaissance', [c.birthDate]],
    ['ENTPersonNomPatro', [c.birthName]],
    ['sn', [c.lastName]],
    ['givenName', [c.firstName]],
    ['ENTPersonAutresPrenoms', [c.firstName, ...c.otherFirstNames]],
    ['personalTitle', [c.gender === 'F' ? 'Mme' : 'M.']],
    ['ENTPersonStructRattach', [structure]],
    ['ENTEleveMEF', [mef.code]],
    ['ENTEleveLibelleMEF', [mef.label]],
    ['ENTEleveNivFormation', [mef.level]],
    ['ENTEleveFiliere', [mef.track]],
    ['ENTEleveClasses', [`${structure}$${p.classCode}`]],
    ['ENTEleveGroupes', p.groups.map((g) => `${structure}$${g}`)],
    ['ENTEleveDateEntreeClasses', [`${structure}$${rentree}$${p.classCode}`]],
    ['ENTEleveEnseignements', p.subjects.map((s) => SUBJECTS[s].label)],
    ['ENTEleveCodeEnseignements', p.subjects.map((s) => SUBJECTS[s].code)],
    ['ENTEleveRegime', [c.regime]],
    ['ENTEleveBoursier', [c.boursier ? 'O' : 'N']],
    ['ENTEleveTransport', [c.transport ? 'O' : 'N']],
    ['ENTEleveStatutEleve', ['SCOLAIRE']],
    ['ENTPersonAdresse', [home.lines]],
    ['ENTPersonCodePostal', [home.postalCode]],
    ['ENTPersonVille', [home.town]],
    ['ENTPersonPays', ['FRANCE']],
    ['ENTEleveAdresseRel', [addressParent.id]],
    [
      'ENTElevePersRelEleve',
      parents.map((r) => `${r.id}$${r.link}$${r.financial ? 1 : 0}$${r.respLegal}$1$${r.payer ? 1 : 0}`),
    ],
  ];
  return { type: 'Eleve', id: c.id, attrs: attrs.filter(([, values]) => values.length > 0) };
}

function parentOf(parent: Parent, children: Child[], year: 1 | 2): AafEntity {
  const home = year === 2 && parent.movedHome ? parent.movedHome : parent.home;
  const changed = year === 2 ? parent.changed : null;
  const phone = changed ? changed.mobile : parent.mobile;
  const mail = changed ? changed.mail : parent.mail;
  const attrs: Attr[] = [
    ['ENTPersonJointure', [parent.id]],
    ['sn', [parent.lastName]],
    ['givenName', [parent.firstName]],
    ['ENTPersonNomPatro', [parent.birthName]],
    ['personalTitle', [parent.title]],
    ['ENTPersonDateNaissance', [parent.birthDate]],
  ];
  if (parent.homePhone) attrs.push(['homePhone', [parent.homePhone]]);
  if (parent.workPhone) attrs.push(['telephoneNumber', [parent.workPhone]]);
  if (phone) attrs.push(['mobile', [phone]]);
  if (phone && parent.sms) attrs.push(['ENTPersonMobileSMS', [phone]]);
  if (mail) attrs.push(['mail', [mail]]);
  attrs.push(
    ['ENTPersonAdresse', [home.lines]],
    ['ENTPersonCodePostal', [home.postalCode]],
    ['ENTPersonVille', [home.town]],
    ['ENTPersonPays', ['FRANCE']],
    ['ENTPersonAdresseDiffusion', [parent.shareAddress ? 'O' : 'N']],
    ['ENTAuxPersRelEleveEleve', children.map((c) => c.id)],
  );
  return { type: 'PersRelEleve', id: parent.id, attrs };
}

function staffOf(post: Post, occupant: Occupant, lycee: LyceePlan, teachings: Teaching[]): AafEntity {
  const structure = lycee.jointure;
  const attrs: Attr[] = [
    ['ENTPersonJointure', [occupant.id]],
    ['sn', [occupant.lastName]],
    ['givenName', [occupant.firstName]],
    ['ENTPersonNomPatro', [occupant.birthName]],
    ['personalTitle', [occupant.gender === 'F' ? 'Mme' : 'M.']],
    ['ENTPersonDateNaissance', [occupant.birthDate]],
    ['mail', [occupant.mail]],
    ['ENTPersonStructRattach', [structure]],
  ];
  if (post.role === 'ENS') {
    const d = post.discipline!;
    const label = DISCIPLINES[d]!;
    attrs.push(
      ['ENTPersonFonctions', teachings.map((t) => `${t.structure}$ENS$ENSEIGNEMENT$${d}$${label}`)],
      ['ENTAuxEnsCategoDiscipline', [`${d}$${label}`]],
      ['ENTAuxEnsDisciplinesPoste', [`${label}$${d}`]],
    );
    const mefs = teachings.flatMap((t) => t.mefs.map((m) => `${t.structure}$${m}$${mefLabel(m)}`));
    const subjects = teachings.flatMap((t) => t.subjects.map((s) => `${t.structure}$${s}`));
    const classes = teachings.flatMap((t) => t.classes);
    const groups = teachings.flatMap((t) => t.groups);
    const principal = teachings.flatMap((t) => t.principal);
    if (mefs.length) attrs.push(['ENTAuxEnsMEF', mefs]);
    if (subjects.length) attrs.push(['ENTAuxEnsMatiereEnseignEtab', subjects]);
    if (classes.length) attrs.push(['ENTAuxEnsClassesMatieres', classes]);
    if (groups.length) attrs.push(['ENTAuxEnsGroupesMatieres', groups]);
    if (principal.length) attrs.push(['ENTAuxEnsClassesPrincipal', principal]);
    attrs.push(['PersEducNatPresenceDevantEleves', ['O']]);
  } else {
    const fn =
      post.role === 'DOC' ? `${structure}$DOC$${FUNCTIONS.DOC}$L0080$${DISCIPLINES.L0080}` : `${structure}$${post.role}$${FUNCTIONS[post.role]}`;
    attrs.push(['ENTPersonFonctions', [fn]], ['PersEducNatPresenceDevantEleves', [post.role === 'DOC' || post.role === 'AED' ? 'O' : 'N']]);
  }
  return { type: 'PersEducNat', id: occupant.id, attrs };
}

const MEF_LABELS = new Map(Object.values(MEFS).map((m) => [m.code, m.label]));
function mefLabel(code: string): string {
  return MEF_LABELS.get(code) ?? '';
}

