/**
 * The synthetic region: its lycées, and for each lycée the families of its
 * cohorts and its staff posts, all derived from the seed alone.
 *
 * Time model. Year 1 is the school year `schoolYear` (rentrée in September),
 * year 2 the next one. A family belongs to the cohort of its eldest child
 * (the year that child enters seconde) and to an origin lycée; younger
 * children enter one or two years later (twins the same year). A child's
 * level in a year follows from its cohort, and in year 2 from its own draws:
 * move up, repeat, leave; terminales leave. New secondes (cohort year 2),
 * arrivals into 1re and terminale, families moving to the next lycée, class
 * changes and staff turnover are drawn the same way, so both years are pure
 * functions of the seed and the people who stay keep their jointure.
 */
import { uaiCheckLetter } from '@preau/contracts';
import {
  type Address, address, adultFirstName, asciiSlug, dateIn, type Gender, landline, mobile, personalMail, studentFirstName, surname, upper,
} from './people.ts';
import {
  ACADEMIES, type Academy, CLASS_SUBJECTS, departementOf, DISCIPLINES, LV2, LV2_SHARE, MEFS, SCHOOL_NAMES, SPECIALITE_WEIGHT, SPECIALITES,
  SUBJECTS, type SubjectKey, type Town, type Track, TRACK_OFFER, TRACK_PREFERENCE, TRACKS,
} from './reference.ts';
import { hashString, mix, Rng } from './rng.ts';

/** Shape of the full-size region (issue 3): 471 lycées, 400,000 students, ~550,000 parents, 45,000 staff. */
export const FULL_ACCOUNTS = 1_000_000;
export const FULL_LYCEES = 471;
export const STUDENT_SHARE = 0.4;
export const STAFF_PER_STUDENT = 45_000 / 400_000;
export const CLASS_MAX = 35;
const LV2_GROUP_MAX = 32;
const SPE_GROUP_MAX = 30;

/** Children per family present in lycée over time, and their shares. */
const CHILDREN = [1, 2, 3];
const CHILDREN_SHARE = [0.7, 0.26, 0.04];
const MEAN_CHILDREN = CHILDREN.reduce((sum, n, i) => sum + n * CHILDREN_SHARE[i]!, 0);

export interface RegionOptions {
  accounts: number;
  seed: string;
  /** School year of year 1 (2025 = 2025-2026). */
  schoolYear: number;
  academies: number;
}

export interface LyceePlan {
  academy: Academy;
  academyIndex: number;
  /** Index within its academy (jointures are built from it, so they are unique per academy only). */
  index: number;
  isLast: boolean;
  jointure: string;
  uai: string;
  name: string;
  town: Town;
  /** Expected students per level. */
  levelSize: number;
  staffTarget: number;
  offers: Record<Track, boolean>;
  contract: 'PU' | 'CA';
  rng: number;
}

export interface AcademyPlan {
  academy: Academy;
  index: number;
  lycees: LyceePlan[];
}

export interface RegionPlan {
  options: RegionOptions;
  seedHash: number;
  academies: AcademyPlan[];
}

/** Lycées of the region, their academy, size and identity. */
export function planRegion(options: RegionOptions): RegionPlan {
  const seedHash = hashString(`preau-aaf:${options.seed}`);
  const academies = ACADEMIES.slice(0, Math.max(1, Math.min(ACADEMIES.length, options.academies)));
  const lyceeCount = Math.max(academies.length, Math.round((FULL_LYCEES * options.accounts) / FULL_ACCOUNTS));
  // Lycées per academy: largest remainder on the weights, at least one each.
  const totalWeight = academies.reduce((s, a) => s + a.weight, 0);
  const quotas = academies.map((a) => (lyceeCount * a.weight) / totalWeight);
  const counts = quotas.map((q) => Math.max(1, Math.floor(q)));
  let missing = lyceeCount - counts.reduce((s, n) => s + n, 0);
  const byRemainder = quotas.map((q, i) => [q - Math.floor(q), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; missing > 0; k++, missing--) counts[byRemainder[k % byRemainder.length]![1]]!++;

  // Sizes: log-normal-ish weights, normalised so the region has STUDENT_SHARE of the accounts as students.
  const sizeWeights: number[][] = academies.map((_, a) =>
    Array.from({ length: counts[a]! }, (_, i) => Math.min(2.2, Math.max(0.45, Math.exp(0.35 * Rng.of(seedHash, 1, a, i).normal())))),
  );
  const weightSum = sizeWeights.flat().reduce((s, w) => s + w, 0);
  const students = options.accounts * STUDENT_SHARE;

  const plans: AcademyPlan[] = academies.map((academy, a) => {
    const perDepartement = new Map<string, number>();
    const lycees = sizeWeights[a]!.map((w, i): LyceePlan => {
      const rng = Rng.of(seedHash, 1, a, i);
      rng.normal(); // the size draw above
      const town = rng.pick(academy.towns);
      const dep = departementOf(town.postalCode);
      const k = perDepartement.get(dep) ?? 0;
      perDepartement.set(dep, k + 1);
      const digits = `${dep}${String(10 + k * 9 + rng.int(9)).padStart(4, '0')}`;
      const levelSize = (students * w) / weightSum / 3;
      const offers = Object.fromEntries(TRACKS.map((t) => [t, rng.chance(TRACK_OFFER[t])])) as Record<Track, boolean>;
      offers.G = true;
      return {
        academy,
        academyIndex: a,
        index: i,
        isLast: i === counts[a]! - 1,
        jointure: String(1001 + i),
        uai: `${digits}${uaiCheckLetter(digits)}`,
        name: rng.pick(SCHOOL_NAMES),
        town,
        levelSize,
        staffTarget: Math.max(12, Math.round(levelSize * 3 * STAFF_PER_STUDENT)),
        offers,
        contract: rng.chance(0.1) ? 'CA' : 'PU',
        rng: mix(seedHash, 1, a, i, 7),
      };
    });
    return { academy, index: a, lycees };
  });
  return { options, seedHash, academies: plans };
}

// ---------------------------------------------------------------------------
// Families and children

export interface Parent {
  id: string;
  gender: Gender;
  lastName: string;
  birthName: string;
  firstName: string;
  title: 'M.' | 'Mme';
  birthDate: string;
  /** lienParenté (BCN N_LIEN_ELEVE_RESPONSABLE): 10 mère, 20 père, 38 ascendant, 50 tuteur. */
  link: string;
  /** respLégal: 1, 2 (legal representatives) or 0 (contact only). */
  respLegal: 0 | 1 | 2;
  financial: boolean;
  payer: boolean;
  home: Address;
  /** Address after the family moved (year 2). */
  movedHome: Address | null;
  homePhone: string | null;
  workPhone: string | null;
  mobile: string | null;
  sms: boolean;
  mail: string | null;
  /** Year-2 contact details when they changed (2 %). */
  changed: { mobile: string | null; mail: string | null } | null;
  shareAddress: boolean;
}

export interface Child {
  id: string;
  /** Key for the SIECLE id in the establishment. */
  localKey: number;
  ine: string;
  family: Family;
  /** Year the child enters (entered) seconde. */
  cohort: number;
  /** Child of a split family studying in the next lycée. */
  away: boolean;
  gender: Gender;
  lastName: string;
  birthName: string;
  firstName: string;
  otherFirstNames: string[];
  birthDate: string;
  trackPreference: Track;
  lv2: SubjectKey;
  specialites: [SubjectKey, SubjectKey, SubjectKey];
  /** Index of the spécialité dropped in terminale. */
  dropped: number;
  latin: boolean;
  regime: string;
  boursier: boolean;
  transport: boolean;
  /** Position used to form classes (rank order), and the new one for a class change. */
  position: number;
  newPosition: number;
  /** Year-2 draws. */
  leaveDraw: number;
  repeatDraw: number;
  classChange: boolean;
  /** Index of the parent whose address is the child's (ENTEleveAdresseRel). */
  addressParent: number;
}

export interface Family {
  key: number;
  origin: number;
  /** Arrival into 1re (1) or terminale (2) in year 2, from outside the region. */
  arrivalLevel: number | null;
  moves: boolean;
  parents: Parent[];
  children: Child[];
  movedTown: Town | null;
}

const LEAVE = [0.03, 0.015, 1]; // year-1 level → chance of leaving the lycée (terminales leave unless they repeat)
const REPEAT = [0.02, 0.015, 0.04];

/** Level of a child in year 1 or 2, or null when not in a lycée that year. */
export function levelOf(child: Child, year: 1 | 2, schoolYear: number): number | null {
  const family = child.family;
  if (family.arrivalLevel !== null) return year === 2 ? family.arrivalLevel : null;
  const level1 = schoolYear - child.cohort;
  if (year === 1) return level1 >= 0 && level1 <= 2 ? level1 : null;
  if (level1 === -1) return 0;
  if (level1 < 0 || level1 > 2) return null;
  if (child.repeatDraw < REPEAT[level1]!) return level1;
  if (child.leaveDraw < LEAVE[level1]!) return null;
  return level1 + 1 <= 2 ? level1 + 1 : null;
}

/** Index (within the academy) of the lycée a child attends in the given year. */
export function lyceeOf(child: Child, year: 1 | 2): number {
  const family = child.family;
  return family.origin + (family.moves && year === 2 ? 1 : 0) + (child.away ? 1 : 0);
}

export function familyHome(family: Family, year: 1 | 2): number {
  return family.origin + (family.moves && year === 2 ? 1 : 0);
}

export function familyPresent(family: Family, year: 1 | 2, schoolYear: number): boolean {
  return family.children.some((c) => levelOf(c, year, schoolYear) !== null);
}

const INE_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const INE_MULTIPLIER = 7_919_274_817n; // odd and not a multiple of 5: a bijection modulo 10^10
const INE_OFFSET = 3_141_592_653n;

/** A region-unique INE in the 10 digits + letter form, scrambled from the child's key. */
function ineOf(academyIndex: number, lycee: number, cohortSlot: number, familyIndex: number, childIndex: number): string {
  const key = BigInt((((academyIndex * 500 + lycee) * 10 + cohortSlot) * 6000 + familyIndex) * 4 + childIndex);
  const scrambled = (key * INE_MULTIPLIER + INE_OFFSET) % 10_000_000_000n;
  return `${scrambled.toString().padStart(10, '0')}${INE_LETTERS[Number(scrambled % 23n)]}`;
}

const REGIMES = ['EXTERNE LIBRE', 'DEMI-PENSIONNAIRE DANS L\'ETABLISSEMENT', 'INTERNE DANS L\'ETABLISSEMENT'];
const REGIME_SHARE = [0.35, 0.55, 0.1];

function pickSpecialites(rng: Rng): [SubjectKey, SubjectKey, SubjectKey] {
  const chosen: SubjectKey[] = [];
  while (chosen.length < 3) {
    const s = rng.weighted(SPECIALITES, SPECIALITE_WEIGHT);
    if (!chosen.includes(s)) chosen.push(s);
  }
  return chosen as [SubjectKey, SubjectKey, SubjectKey];
}

/** Number of families of a cohort at a lycée (year independent). */
function familiesInCohort(plan: RegionPlan, lycee: LyceePlan, cohort: number): number {
  const rng = Rng.of(plan.seedHash, 2, lycee.academyIndex, lycee.index, cohort);
  return Math.max(1, Math.round((lycee.levelSize / MEAN_CHILDREN) * (1 + 0.04 * rng.normal())));
}

/**
 * The families whose origin is this lycée and who have a child in a lycée in
 * year 1 or year 2 (cohorts schoolYear-4 … schoolYear+1, and the year-2 arrivals).
 */
export function familiesOf(plan: RegionPlan, academy: AcademyPlan, lycee: LyceePlan): Family[] {
  const Y = plan.options.schoolYear;
  const families: Family[] = [];
  for (let cohort = Y - 4; cohort <= Y + 1; cohort++) {
    const count = familiesInCohort(plan, lycee, cohort);
    for (let f = 0; f < count; f++) {
      const family = makeFamily(plan, academy, lycee, cohort, f, null);
      if (family) families.push(family);
    }
  }
  for (const level of [1, 2]) {
    const count = Math.round(lycee.levelSize * 0.012);
    for (let f = 0; f < count; f++) {
      const family = makeFamily(plan, academy, lycee, Y + 1 - level, 5000 + (level - 1) * 500 + f, level);
      if (family) families.push(family);
    }
  }
  return families;
}

function makeFamily(
  plan: RegionPlan, academy: AcademyPlan, lycee: LyceePlan, cohort: number, index: number, arrivalLevel: number | null,
): Family | null {
  const Y = plan.options.schoolYear;
  const a = lycee.academyIndex;
  const rng = Rng.of(plan.seedHash, 3, a, lycee.index, cohort, index);
  const nChildren = arrivalLevel !== null ? 1 : rng.weighted(CHILDREN, CHILDREN_SHARE);
  const offsets = [0];
  for (let k = 1; k < nChildren; k++) offsets.push(rng.chance(0.08) ? offsets[k - 1]! : Math.min(2, offsets[k - 1]! + rng.range(1, 2)));
  // Never in a lycée in year 1 or 2: skip before drawing anything else.
  if (arrivalLevel === null && cohort + offsets[offsets.length - 1]! < Y - 2) return null;

  const split = nChildren >= 2 && !lycee.isLast && rng.chance(0.08);
  const moves = !split && arrivalLevel === null && !lycee.isLast && rng.chance(0.012);
  const cohortSlot = cohort - Y + 5;
  const idBase = `${String(lycee.index).padStart(3, '0')}${String(((cohort % 100) + 100) % 100).padStart(2, '0')}${String(index).padStart(4, '0')}`;
  const family: Family = { key: mix(rng.uint32(), index), origin: lycee.index, arrivalLevel, moves, parents: [], children: [], movedTown: null };
  const academyData = academy.academy;
  const homeTown = rng.chance(0.7) ? lycee.town : rng.pick(academyData.towns);
  const home = address(rng, homeTown);
  if (moves) {
    const next = academy.lycees[lycee.index + 1]!;
    family.movedTown = next.town;
  }
  const movedHome = moves ? address(rng, family.movedTown!) : null;

  // Parents. Two legal representatives in most families, one in about a third.
  const familyName = surname(rng);
  const two = rng.chance(0.6);
  type Role = { gender: Gender; link: string };
  const roles: Role[] = [];
  if (two) {
    const pair = rng.weighted(['MF', 'FF', 'MM'], [0.985, 0.01, 0.005]);
    roles.push(pair === 'MM' ? { gender: 'M', link: '20' } : { gender: 'F', link: '10' });
    roles.push(pair === 'FF' ? { gender: 'F', link: '10' } : { gender: 'M', link: '20' });
  } else {
    const who = rng.weighted(['F', 'M', 'T'], [0.74, 0.2, 0.06]);
    roles.push(who === 'F' ? { gender: 'F', link: '10' } : who === 'M' ? { gender: 'M', link: '20' } : { gender: rng.chance(0.5) ? 'F' : 'M', link: '50' });
  }
  const contact = rng.chance(0.03);
  if (contact) roles.push({ gender: rng.chance(0.6) ? 'F' : 'M', link: '38' });
  const separated = two && rng.chance(0.28);
  const eldestBirthYear = cohort - 15;
  const fatherPresent = roles.some((r) => r.link === '20');
  const financialIndex = rng.int(two ? 2 : 1);

  roles.forEach((role, p) => {
    const prng = Rng.of(plan.seedHash, 4, a, lycee.index, cohort, index, p);
    let birthName: string;
    let lastName: string;
    if (role.link === '20' && p === 0) birthName = lastName = familyName;
    else if (role.link === '20') birthName = lastName = fatherPresent && roles[0]!.link === '20' ? surname(prng) : familyName;
    else if (role.link === '10') {
      birthName = fatherPresent || p > 0 ? surname(prng) : familyName;
      lastName = fatherPresent && prng.chance(0.6) ? familyName : birthName;
    } else if (role.link === '50') birthName = lastName = surname(prng);
    else {
      birthName = surname(prng);
      lastName = prng.chance(0.5) ? familyName : birthName;
    }
    const firstName = adultFirstName(prng, role.gender);
    const age = role.link === '38' ? prng.range(55, 75) : prng.range(24, 46);
    const ownHome = separated && p === 1 ? address(prng, prng.chance(0.6) ? homeTown : prng.pick(academyData.towns)) : home;
    const hasMobile = prng.chance(0.93);
    const hasMail = prng.chance(0.82);
    const phone = hasMobile ? mobile(prng) : null;
    const mail = hasMail ? personalMail(prng, firstName, lastName) : null;
    const changes = prng.chance(0.02);
    family.parents.push({
      id: `2${idBase}${p}`,
      gender: role.gender,
      lastName: upper(lastName),
      birthName: upper(birthName),
      firstName,
      title: role.gender === 'F' ? 'Mme' : 'M.',
      birthDate: prng.chance(0.3) ? dateIn(prng, eldestBirthYear - age) : '',
      link: role.link,
      respLegal: role.link === '38' ? 0 : p === 0 ? 1 : 2,
      financial: role.link !== '38' && p === financialIndex,
      payer: role.link !== '38' && p === financialIndex,
      home: ownHome,
      movedHome: moves ? (separated && p === 1 ? ownHome : movedHome) : null,
      homePhone: prng.chance(0.4) ? landline(prng) : null,
      workPhone: prng.chance(0.25) ? landline(prng) : null,
      mobile: phone,
      sms: hasMobile && prng.chance(0.7),
      mail,
      changed: changes ? { mobile: mobile(prng), mail: personalMail(prng, firstName, lastName) } : null,
      shareAddress: prng.chance(0.8),
    });
  });

  const mother = family.parents.find((p) => p.link === '10');
  const legal = family.parents.filter((p) => p.respLegal > 0);
  const childName = fatherPresent ? familyName : (mother?.birthName ?? legal[0]!.lastName);
  const doubleName = fatherPresent && mother && rng.chance(0.06) ? `${upper(familyName)} ${mother.birthName}` : null;
  const usedFirst = new Set<string>();
  for (let k = 0; k < nChildren; k++) {
    const crng = Rng.of(plan.seedHash, 5, a, lycee.index, cohort, index, k);
    const gender: Gender = crng.chance(0.5) ? 'F' : 'M';
    let firstName = studentFirstName(crng, gender);
    for (let t = 0; t < 5 && usedFirst.has(firstName); t++) firstName = studentFirstName(crng, gender);
    usedFirst.add(firstName);
    const childCohort = cohort + offsets[k]!;
    const ahead = crng.next();
    const birthYear = childCohort - 15 - (ahead < 0.12 ? 1 : 0) + (ahead > 0.98 ? 1 : 0);
    const others: string[] = [];
    const nOthers = crng.weighted([0, 1, 2], [0.45, 0.4, 0.15]);
    for (let o = 0; o < nOthers; o++) others.push(adultFirstName(crng, gender));
    const name = doubleName ?? upper(childName);
    family.children.push({
      id: `1${idBase}${k}`,
      localKey: ((cohortSlot * 6000 + index) * 4 + k),
      ine: ineOf(a, lycee.index, cohortSlot, index, k),
      family,
      cohort: childCohort,
      away: split && k === nChildren - 1,
      gender,
      lastName: name,
      birthName: name,
      firstName,
      otherFirstNames: others,
      birthDate: k > 0 && offsets[k] === offsets[k - 1] ? family.children[k - 1]!.birthDate : dateIn(crng, birthYear),
      trackPreference: crng.weighted(TRACKS, TRACK_PREFERENCE),
      lv2: crng.weighted(LV2, LV2_SHARE),
      specialites: pickSpecialites(crng),
      dropped: crng.int(3),
      latin: crng.chance(0.06),
      regime: crng.weighted(REGIMES, REGIME_SHARE),
      boursier: crng.chance(0.22),
      transport: crng.chance(0.3),
      position: crng.next(),
      newPosition: crng.next(),
      leaveDraw: crng.next(),
      repeatDraw: crng.next(),
      classChange: crng.chance(0.03),
      addressParent: separated && crng.chance(0.3) ? 1 : 0,
    });
  }
  return family;
}

// ---------------------------------------------------------------------------
// Staff posts

export type PostRole = 'DIR' | 'DOC' | 'EDU' | 'AED' | 'ADF' | 'LAB' | 'ORI' | 'MDS' | 'ENS';

export interface Occupant {
  id: string;
  gender: Gender;
  lastName: string;
  birthName: string;
  firstName: string;
  birthDate: string;
  mail: string;
}

export interface Post {
  index: number;
  role: PostRole;
  discipline: string | null;
  /** Also teaches in the next lycée (complément de service). */
  shared: boolean;
  year1: Occupant;
  /** The same person when they stay, a newcomer otherwise. */
  year2: Occupant;
}

const TURNOVER: Record<PostRole, number> = { DIR: 0.1, DOC: 0.05, EDU: 0.06, AED: 0.2, ADF: 0.06, LAB: 0.05, ORI: 0.08, MDS: 0.08, ENS: 0.07 };

/** Expected (class or group, subject) slots per discipline, from the lycée's expected size: sizes its teaching posts. */
function expectedSlots(lycee: LyceePlan): Map<string, number> {
  const slots = new Map<string, number>();
  const add = (key: SubjectKey, n: number) => {
    const d = SUBJECTS[key].discipline;
    slots.set(d, (slots.get(d) ?? 0) + n);
  };
  const size = lycee.levelSize;
  const classes = (share: number) => (size * share) / (CLASS_MAX - 2.5);
  for (const key of CLASS_SUBJECTS['0:2NDE']!) add(key, classes(1));
  const offered = TRACKS.filter((t) => lycee.offers[t]);
  const share = new Map<Track, number>();
  TRACKS.forEach((t, i) => {
    const target = lycee.offers[t] ? t : 'G';
    share.set(target, (share.get(target) ?? 0) + TRACK_PREFERENCE[i]!);
  });
  for (const level of [1, 2]) {
    for (const t of offered) for (const key of CLASS_SUBJECTS[`${level}:${t}`]!) add(key, classes(share.get(t) ?? 0));
    SPECIALITES.forEach((s, i) => add(s, (size * (share.get('G') ?? 0) * (level === 1 ? 3 : 2) * SPECIALITE_WEIGHT[i]!) / (SPE_GROUP_MAX - 3)));
  }
  LV2.forEach((l, i) => add(l, (3 * size * LV2_SHARE[i]!) / (LV2_GROUP_MAX - 3)));
  add('LATIN', (3 * size * 0.06) / (SPE_GROUP_MAX - 3));
  return slots;
}

/** Staff posts of a lycée. `allocateMail` keeps academic addresses unique in the academy. */
export function postsOf(plan: RegionPlan, lycee: LyceePlan, allocateMail: (first: string, last: string) => string): Post[] {
  const students = lycee.levelSize * 3;
  const roles: PostRole[] = [];
  const push = (role: PostRole, n: number) => {
    for (let i = 0; i < n; i++) roles.push(role);
  };
  push('DIR', students > 1200 ? 3 : 2);
  push('DOC', students > 1000 ? 2 : 1);
  push('EDU', Math.max(1, Math.round(students / 400)));
  push('AED', Math.max(2, Math.round(students / 120)));
  push('ADF', 3 + Math.round(students / 500));
  push('LAB', 1);
  push('ORI', 1);
  push('MDS', 1);
  const expected = expectedSlots(lycee);
  const disciplines = [...expected.keys()].sort();
  const teachers = Math.max(disciplines.length, lycee.staffTarget - roles.length);
  const total = [...expected.values()].reduce((s, n) => s + n, 0);
  const quotas = disciplines.map((d) => (teachers * expected.get(d)!) / total);
  const perDiscipline = quotas.map((q) => Math.max(1, Math.floor(q)));
  let missing = teachers - perDiscipline.reduce((s, n) => s + n, 0);
  const order = quotas.map((q, i) => [q - Math.floor(q), i] as const).sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (let k = 0; missing > 0; k++, missing--) perDiscipline[order[k % order.length]![1]]!++;

  const posts: Post[] = [];
  const make = (index: number, generation: number): Occupant => {
    const rng = Rng.of(plan.seedHash, 6, lycee.academyIndex, lycee.index, index, generation);
    const gender: Gender = rng.chance(0.6) ? 'F' : 'M';
    const birthName = surname(rng);
    const lastName = gender === 'F' && rng.chance(0.4) ? surname(rng) : birthName;
    const firstName = adultFirstName(rng, gender);
    return {
      id: `3${String(lycee.index).padStart(3, '0')}${generation}${String(index).padStart(4, '0')}`,
      gender,
      lastName: upper(lastName),
      birthName: upper(birthName),
      firstName,
      birthDate: dateIn(rng, plan.options.schoolYear - rng.range(23, 63)),
      mail: allocateMail(firstName, lastName),
    };
  };
  const addPost = (role: PostRole, discipline: string | null) => {
    const index = posts.length;
    const rng = Rng.of(plan.seedHash, 7, lycee.academyIndex, lycee.index, index);
    const shared = role === 'ENS' && !lycee.isLast && rng.chance(0.03);
    const leaves = rng.chance(TURNOVER[role]);
    const year1 = make(index, 0);
    const year2 = leaves ? make(index, 1) : year1;
    posts.push({ index, role, discipline: role === 'DOC' ? 'L0080' : discipline, shared, year1, year2 });
  };
  for (const role of roles) addPost(role, null);
  disciplines.forEach((d, i) => {
    for (let k = 0; k < perDiscipline[i]!; k++) addPost('ENS', d);
  });
  return posts;
}

/** Academic e-mail addresses, unique within an academy (prenom.nom, then prenom.nom2…). */
export function mailAllocator(academy: Academy): (first: string, last: string) => string {
  const seen = new Map<string, number>();
  return (first, last) => {
    const base = `${asciiSlug(first)}.${asciiSlug(last)}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return `${base}${n === 1 ? '' : n}@${academy.mailDomain}`;
  };
}

export { DISCIPLINES, MEFS };
