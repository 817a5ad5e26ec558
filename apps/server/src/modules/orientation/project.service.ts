import type {
  ClassWishes,
  CommentBody,
  FavoriteBody,
  FavoriteKind,
  FollowedClassList,
  Locale,
  OrientationProject,
  OrientationStep,
  OrientationStudentList,
  PutWishesBody,
  Wish,
} from '@preau/contracts';
import { type Actor, authorize, can, isPsychologistOf, type OrientationRelation, type Resource } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import type { DB } from '../../platform/db/database.ts';
import { catalogueEntryExists, findCatalogueLabels } from './catalogue.repository.ts';
import {
  findChildren,
  findClassesOfStructures,
  findPrincipalClasses,
  findStudentsOf,
  getStudentOfYear,
  isParentOf,
  isPrincipalOfClass,
  type StudentOfYear,
} from '../directory/relations.repository.ts';
import {
  countFavorites,
  deleteFavorite,
  lockProject,
  findClassWishes,
  findComments,
  findFavorites,
  findWishes,
  insertComment,
  type ProjectScope,
  replaceWishes,
  upsertFavorite,
} from './project.repository.ts';
import { renderClassWishesPdf } from './class-wishes.pdf.ts';
import { getClassWithOwner, getDisplayName } from './school.repository.ts';

/**
 * A student's orientation project: favourites with notes, ordered wishes per
 * step with a motivation, and his professeurs principaux' comments. The
 * student writes it; his parents read it; his professeurs principaux read it,
 * comment on it and see the whole class's wishes. Nobody else sees it.
 */

/** A student's favourites, all kinds together: enough for a real search, bounded for the page and the database. */
export const MAX_FAVORITES = 200;

async function relationTo(db: DB, actor: Actor, student: StudentOfYear): Promise<OrientationRelation> {
  if (actor.accountId === student.id) return 'self';
  if (actor.profile === 'PARENT' && (await isParentOf(db, actor.accountId, student.id))) return 'parent';
  if (actor.profile === 'ENSEIGNANT' && student.class_id && (await isPrincipalOfClass(db, actor.accountId, student.class_id))) return 'principal';
  return 'none';
}

interface LoadedProject {
  student: StudentOfYear;
  resource: Resource;
  scope: ProjectScope;
}

/** The student of this school year and the actor's rights on his project; NOT_FOUND when the actor may not see it. */
async function loadProject(platform: Platform, actor: Actor, studentId: string, action: 'orientation.read' | 'orientation.write' | 'orientation.comment'): Promise<LoadedProject> {
  const db = platform.database.db;
  const schoolYear = platform.schoolYear();
  const student = await getStudentOfYear(db, studentId, schoolYear);
  if (!student) throw new AppError('NOT_FOUND');
  const resource: Resource = {
    type: 'orientation-project',
    studentId: student.id,
    structureId: student.structure_id,
    collectiviteId: student.collectivite_id,
    relation: await relationTo(db, actor, student),
  };
  authorize(actor, action, resource);
  return { student, resource, scope: { studentId: student.id, structureId: student.structure_id, schoolYear } };
}

function presentStudent(s: { id: string; first_name: string; last_name: string; class_name?: string | null }) {
  return { id: s.id, firstName: s.first_name, lastName: s.last_name, className: s.class_name ?? null };
}

function presentWish(w: { rank: number; label: string; formation_id: string | null; motivation: string }): Wish {
  return { rank: w.rank, label: w.label, formationId: w.formation_id, motivation: w.motivation };
}

async function presentProject(platform: Platform, actor: Actor, loaded: LoadedProject): Promise<OrientationProject> {
  const db = platform.database.db;
  const [favorites, wishes, comments] = await Promise.all([
    findFavorites(db, loaded.student.id),
    findWishes(db, loaded.scope),
    findComments(db, loaded.scope),
  ]);
  const labels = await findCatalogueLabels(db, favorites.map((f) => ({ kind: f.kind, id: f.onisep_id })));
  return {
    student: presentStudent(loaded.student),
    favorites: favorites.map((f) => ({
      kind: f.kind,
      id: f.onisep_id,
      // An entry Onisep has since withdrawn keeps its id as label, so the note is not lost.
      label: labels.get(f.onisep_id)?.label ?? f.onisep_id,
      url: labels.get(f.onisep_id)?.url ?? null,
      note: f.note,
    })),
    wishes: {
      FIN_SECONDE: wishes.filter((w) => w.step === 'FIN_SECONDE').map(presentWish),
      TERMINALE: wishes.filter((w) => w.step === 'TERMINALE').map(presentWish),
    },
    comments: comments.map((c) => ({ id: c.id, authorName: c.author_name, body: c.body, createdAt: new Date(c.created_at).toISOString() })),
    canEdit: can(actor, 'orientation.write', loaded.resource),
    canComment: can(actor, 'orientation.comment', loaded.resource),
  };
}

/** The projects the actor may open from the orientation home: his own, or his children's. */
export async function listProjectStudents(platform: Platform, actor: Actor): Promise<OrientationStudentList> {
  authorize(actor, 'app.use', { type: 'app', id: 'orientation' });
  const db = platform.database.db;
  const year = platform.schoolYear();
  if (actor.profile === 'ELEVE') {
    const me = await getStudentOfYear(db, actor.accountId, year);
    return { items: me ? [presentStudent(me)] : [] };
  }
  if (actor.profile === 'PARENT') {
    const children = await Promise.all((await findChildren(db, actor.accountId)).map((c) => getStudentOfYear(db, c.id, year)));
    const ofYear = children.filter((c): c is StudentOfYear => c !== undefined).sort((a, b) => a.first_name.localeCompare(b.first_name, 'fr'));
    return { items: ofYear.map(presentStudent) };
  }
  return { items: [] };
}

export async function getProject(platform: Platform, actor: Actor, studentId: string): Promise<OrientationProject> {
  return presentProject(platform, actor, await loadProject(platform, actor, studentId, 'orientation.read'));
}

/** Replaces the student's ordered wishes of one step. */
export async function putWishes(platform: Platform, actor: Actor, studentId: string, step: OrientationStep, body: PutWishesBody): Promise<OrientationProject> {
  const loaded = await loadProject(platform, actor, studentId, 'orientation.write');
  const db = platform.database.db;
  for (const [i, wish] of body.wishes.entries()) {
    if (wish.formationId && !(await catalogueEntryExists(db, 'FORMATION', wish.formationId))) {
      throw new AppError('ORIENTATION_UNKNOWN_FORMATION', { fields: { [`wishes.${i}.formationId`]: 'unknown' } });
    }
  }
  await db.transaction().execute(async (trx) => {
    await lockProject(trx, loaded.student.id);
    await replaceWishes(
      trx,
      loaded.scope,
      step,
      body.wishes.map((w) => ({ label: w.label, formationId: w.formationId ?? null, motivation: w.motivation })),
    );
  });
  return presentProject(platform, actor, loaded);
}

/** Adds a catalogue entry to the student's favourites, or changes its note. */
export async function putFavorite(
  platform: Platform,
  actor: Actor,
  studentId: string,
  kind: FavoriteKind,
  onisepId: string,
  body: FavoriteBody,
): Promise<OrientationProject> {
  const loaded = await loadProject(platform, actor, studentId, 'orientation.write');
  const db = platform.database.db;
  const prefix = { FORMATION: 'FOR.', METIER: 'MET.', STRUCTURE: 'ENS.' }[kind];
  if (!onisepId.startsWith(prefix) || !(await catalogueEntryExists(db, kind, onisepId))) throw new AppError('ORIENTATION_UNKNOWN_ITEM');
  await db.transaction().execute(async (trx) => {
    // Counted under the project's lock, then checked after the write: concurrent additions cannot pass the limit.
    await lockProject(trx, loaded.student.id);
    const added = await upsertFavorite(trx, loaded.student.id, kind, onisepId, body.note);
    if (added && (await countFavorites(trx, loaded.student.id)) > MAX_FAVORITES) throw new AppError('ORIENTATION_TOO_MANY_FAVORITES');
  });
  return presentProject(platform, actor, loaded);
}

export async function removeFavorite(platform: Platform, actor: Actor, studentId: string, kind: FavoriteKind, onisepId: string): Promise<OrientationProject> {
  const loaded = await loadProject(platform, actor, studentId, 'orientation.write');
  await deleteFavorite(platform.database.db, loaded.student.id, kind, onisepId);
  return presentProject(platform, actor, loaded);
}

/** A professeur principal's comment on the student's project. */
export async function addComment(platform: Platform, actor: Actor, studentId: string, body: CommentBody): Promise<OrientationProject> {
  const loaded = await loadProject(platform, actor, studentId, 'orientation.comment');
  const db = platform.database.db;
  await insertComment(db, loaded.scope, { id: actor.accountId, name: await getDisplayName(db, actor.accountId) }, body.body);
  return presentProject(platform, actor, loaded);
}

/** The classes of this school year the actor follows: as professeur principal, or all of his school's as its psychologue. */
export async function listFollowedClasses(platform: Platform, actor: Actor): Promise<FollowedClassList> {
  authorize(actor, 'app.use', { type: 'app', id: 'orientation' });
  const db = platform.database.db;
  const psychologistOf = actor.structureIds.filter((id) => isPsychologistOf(actor, id));
  if (actor.profile !== 'ENSEIGNANT' && psychologistOf.length === 0) return { items: [] };
  const rows =
    psychologistOf.length > 0
      ? await findClassesOfStructures(db, psychologistOf, platform.schoolYear())
      : await findPrincipalClasses(db, actor.accountId, platform.schoolYear());
  return { items: rows.map((r) => ({ id: r.id, name: r.name, studentCount: Number(r.student_count ?? 0) })) };
}

/** The wishes of one step of a class, one row per student, for its professeurs principaux. */
export async function getClassWishes(platform: Platform, actor: Actor, classId: string, step: OrientationStep): Promise<ClassWishes> {
  const db = platform.database.db;
  const schoolYear = platform.schoolYear();
  const schoolClass = await getClassWithOwner(db, classId);
  if (!schoolClass || schoolClass.school_year !== schoolYear) throw new AppError('NOT_FOUND');
  const principal = actor.profile === 'ENSEIGNANT' && (await isPrincipalOfClass(db, actor.accountId, classId));
  authorize(actor, 'orientation.follow', {
    type: 'orientation-class',
    classId,
    structureId: schoolClass.structure_id,
    collectiviteId: schoolClass.collectivite_id,
    relation: principal ? 'principal' : 'none',
  });
  const students = await findStudentsOf(db, { class_id: classId, group_id: null });
  const { wishes, comments } = await findClassWishes(
    db,
    { structureId: schoolClass.structure_id, schoolYear, studentIds: students.map((s) => s.id) },
    step,
  );
  const commentCount = new Map(comments.map((c) => [c.student_id, Number(c.n)]));
  return {
    classId,
    className: schoolClass.name,
    step,
    students: students.map((s) => ({
      ...presentStudent({ ...s, class_name: schoolClass.name }),
      wishes: wishes.filter((w) => w.student_id === s.id).map(presentWish),
      commentCount: commentCount.get(s.id) ?? 0,
    })),
  };
}

/** A spreadsheet cell: quoted, and never read as a formula (CSV injection). */
function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** The class's wishes as PDF for the conseil de classe, in the reader's language. */
export async function exportClassWishesPdf(platform: Platform, actor: Actor, classId: string, step: OrientationStep, locale: Locale) {
  const table = await getClassWishes(platform, actor, classId, step);
  const pdf = await renderClassWishesPdf(table, { locale, createdAt: new Date(platform.now()) });
  return { fileName: `voeux-${fileSafe(table.className)}-${step.toLowerCase()}.pdf`, pdf };
}

/** A class name as a file name: ASCII letters and digits, the rest folded to dashes. */
function fileSafe(name: string): string {
  return name.normalize('NFD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'classe';
}

/** The class's wishes as CSV for the conseil de classe (UTF-8 with BOM and `;`, as French spreadsheets open it). */
export async function exportClassWishesCsv(platform: Platform, actor: Actor, classId: string, step: OrientationStep) {
  const table = await getClassWishes(platform, actor, classId, step);
  const lines = [['Nom', 'Prénom', 'Rang', 'Vœu', 'Formation Onisep', 'Motivation'].map(csvCell).join(';')];
  for (const s of table.students) {
    if (s.wishes.length === 0) lines.push([s.lastName, s.firstName, '', '', '', ''].map(csvCell).join(';'));
    for (const w of s.wishes) lines.push([s.lastName, s.firstName, w.rank, w.label, w.formationId ?? '', w.motivation].map(csvCell).join(';'));
  }
  return { fileName: `voeux-${fileSafe(table.className)}-${step.toLowerCase()}.csv`, csv: `\uFEFF${lines.join('\r\n')}\r\n` };
}
