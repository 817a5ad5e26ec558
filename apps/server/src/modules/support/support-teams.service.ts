import type { Article, ArticleBody, ArticleList, SupportMe, SupportSettings, SupportTarget, SupportTargets, Team, TeamBody, TeamList, TechnicianList, TicketPriority } from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import { type Actor, authorize, can, isTechnician } from '../../platform/authorization.ts';
import type { DB } from '../../platform/db/database.ts';
import { cleanDisplayText } from '../../platform/display-text.ts';
import { normalizeForSearch, searchTerms } from '../../platform/search-key.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import {
  countStructures,
  countTechnicians,
  deleteTechnicianRole,
  findArticles,
  findSupportDesks,
  findTargets,
  findTeamConflict,
  findTeams,
  findTechnicians,
  getAccountForRole,
  getSupportDesk,
  getTeam,
  getArticle,
  insertArticle,
  updateArticle,
  insertTeam,
  insertTechnicianRole,
  replaceTeam,
  upsertSupportSettings,
  upsertTargets,
} from './support.repository.ts';

/**
 * How a collectivité organises its support (issue 18): its ADMC grants the technician role to agents of the
 * collectivité, groups them in teams per area (a team covers a set of structures, a structure one team), and sets the
 * targets per priority; a structure's ADML lets its students report faults or not.
 */

/**
 * Targets until the ADMC sets his own, in calendar minutes: a blocking fault is seen within half a school day and
 * fixed the next day; a minor one within two days and fixed within two weeks.
 */
export const defaultTargets: Record<TicketPriority, { takeMinutes: number; resolveMinutes: number }> = {
  HIGH: { takeMinutes: 4 * 60, resolveMinutes: 24 * 60 },
  MEDIUM: { takeMinutes: 24 * 60, resolveMinutes: 5 * 24 * 60 },
  LOW: { takeMinutes: 2 * 24 * 60, resolveMinutes: 14 * 24 * 60 },
};

const fullName = (row: { first_name: string | null; last_name: string | null }) => [row.first_name, row.last_name].filter(Boolean).join(' ');

/** The targets in force in the collectivité: its ADMC's, the defaults for the priorities he left. */
export async function targetsOf(db: DB, collectiviteId: string): Promise<SupportTarget[]> {
  const set = new Map((await findTargets(db, collectiviteId)).map((t) => [t.priority, t]));
  return (['HIGH', 'MEDIUM', 'LOW'] as const).map((priority) => {
    const own = set.get(priority);
    return own ? { priority, takeMinutes: own.take_minutes, resolveMinutes: own.resolve_minutes } : { priority, ...defaultTargets[priority] };
  });
}

const collectivite = (id: string) => ({ type: 'collectivite' as const, id });

export async function getTargets(platform: Platform, actor: Actor, collectiviteId: string): Promise<SupportTargets> {
  authorize(actor, 'support.configure', collectivite(collectiviteId));
  return { targets: await targetsOf(platform.database.db, collectiviteId) };
}

/** Sets targets per priority; they apply to the tickets opened from now on (an open ticket keeps its deadlines). */
export async function setTargets(platform: Platform, actor: Actor, collectiviteId: string, targets: SupportTarget[]): Promise<SupportTargets> {
  authorize(actor, 'support.configure', collectivite(collectiviteId));
  if (new Set(targets.map((t) => t.priority)).size !== targets.length || targets.some((t) => t.resolveMinutes < t.takeMinutes)) throw new AppError('VALIDATION_FAILED');
  await platform.database.db.transaction().execute(async (trx) => {
    await upsertTargets(trx, collectiviteId, targets);
    await audit(trx, { actorId: actor.accountId, action: 'support.targets.update', targetType: 'collectivite', targetId: collectiviteId, details: { targets } });
  });
  return getTargets(platform, actor, collectiviteId);
}

export async function listTechnicians(platform: Platform, actor: Actor, collectiviteId: string): Promise<TechnicianList> {
  authorize(actor, 'support.configure', collectivite(collectiviteId));
  const rows = await findTechnicians(platform.database.db, collectiviteId);
  return { items: rows.map((r) => ({ id: r.id, name: fullName(r) })) };
}

/** Grants the role to an active COLLECTIVITE account (an agent of the region or département, not a school's staff). */
export async function grantTechnician(platform: Platform, actor: Actor, collectiviteId: string, accountId: string): Promise<TechnicianList> {
  authorize(actor, 'support.configure', collectivite(collectiviteId));
  await platform.database.db.transaction().execute(async (trx) => {
    const account = await getAccountForRole(trx, accountId);
    if (!account || account.profile !== 'COLLECTIVITE' || account.status !== 'ACTIVE') throw new AppError('SUPPORT_TECHNICIAN_ACCOUNT');
    await insertTechnicianRole(trx, collectiviteId, accountId);
    await audit(trx, { actorId: actor.accountId, action: 'support.technician.grant', targetType: 'account', targetId: accountId, details: { collectiviteId } });
  });
  return listTechnicians(platform, actor, collectiviteId);
}

/** Takes the role back, and his seats in the collectivité's teams; his tickets stay assigned to him until someone takes them. */
export async function revokeTechnician(platform: Platform, actor: Actor, collectiviteId: string, accountId: string): Promise<TechnicianList> {
  authorize(actor, 'support.configure', collectivite(collectiviteId));
  await platform.database.db.transaction().execute(async (trx) => {
    if ((await deleteTechnicianRole(trx, collectiviteId, accountId)) === 0) throw new AppError('NOT_FOUND');
    await audit(trx, { actorId: actor.accountId, action: 'support.technician.revoke', targetType: 'account', targetId: accountId, details: { collectiviteId } });
  });
  return listTechnicians(platform, actor, collectiviteId);
}

export async function listTeams(platform: Platform, actor: Actor, collectiviteId: string): Promise<TeamList> {
  authorize(actor, 'support.configure', collectivite(collectiviteId));
  const rows = await findTeams(platform.database.db, collectiviteId);
  return {
    items: rows.map(
      (r): Team => ({
        id: r.id,
        name: r.name,
        structures: r.structures ?? [],
        technicians: (r.technicians ?? []).map((t) => ({ id: t.id, name: fullName(t) })),
      }),
    ),
  };
}

/** Checks a team's content against the collectivité: its structures, its technicians, no other team on them. */
async function checkTeam(db: DB, collectiviteId: string, teamId: string | null, name: string, body: TeamBody) {
  const structureIds = [...new Set(body.structureIds)];
  const technicianIds = [...new Set(body.technicianIds)];
  if ((await countStructures(db, collectiviteId, structureIds)) !== structureIds.length) throw new AppError('SUPPORT_TEAM_STRUCTURE');
  if ((await countTechnicians(db, collectiviteId, technicianIds)) !== technicianIds.length) throw new AppError('SUPPORT_NOT_A_TECHNICIAN');
  if (await findTeamConflict(db, collectiviteId, teamId, name, structureIds)) throw new AppError('SUPPORT_TEAM_CONFLICT');
  return { name, structureIds, technicianIds };
}

/** A new team of the collectivité: its name, the structures of its area, its technicians. */
export async function createTeam(platform: Platform, actor: Actor, collectiviteId: string, body: TeamBody): Promise<TeamList> {
  authorize(actor, 'support.configure', collectivite(collectiviteId));
  const name = cleanDisplayText(body.name);
  if (!name) throw new AppError('VALIDATION_FAILED');
  await platform.database.db.transaction().execute(async (trx) => {
    const values = await checkTeam(trx, collectiviteId, null, name, body);
    const team = await insertTeam(trx, collectiviteId, name);
    await replaceTeam(trx, collectiviteId, team.id, values);
    await audit(trx, { actorId: actor.accountId, action: 'support.team.create', targetType: 'support_team', targetId: team.id, details: values });
  });
  return listTeams(platform, actor, collectiviteId);
}

/** Replaces a team's name, area and technicians. Its open tickets stay with it; new ones of a structure it left go to the structure's new team. */
export async function updateTeam(platform: Platform, actor: Actor, teamId: string, body: TeamBody): Promise<TeamList> {
  const db = platform.database.db;
  const team = await getTeam(db, teamId);
  if (!team) throw new AppError('NOT_FOUND');
  authorize(actor, 'support.configure', collectivite(team.collectivite_id));
  const name = cleanDisplayText(body.name);
  if (!name) throw new AppError('VALIDATION_FAILED');
  await db.transaction().execute(async (trx) => {
    const values = await checkTeam(trx, team.collectivite_id, teamId, name, body);
    await replaceTeam(trx, team.collectivite_id, teamId, values);
    await audit(trx, { actorId: actor.accountId, action: 'support.team.update', targetType: 'support_team', targetId: teamId, details: values });
  });
  return listTeams(platform, actor, team.collectivite_id);
}

/** Where the caller may report faults (his structures, as `support.open` decides) and whether he is a technician. */
export async function getSupportMe(platform: Platform, actor: Actor): Promise<SupportMe> {
  const desks = await findSupportDesks(platform.database.db, actor.structureIds);
  const reportIn = desks.filter((d) => can(actor, 'support.open', { type: 'support-desk', structureId: d.id, collectiviteId: d.collectivite_id, studentsMayReport: d.students_may_report }));
  return { reportIn: reportIn.map((d) => ({ id: d.id, name: d.name })), technician: isTechnician(actor), technicianCollectiviteIds: actor.technicianCollectiviteIds };
}

function presentArticle(row: Pick<Awaited<ReturnType<typeof findArticles>>[number], 'id' | 'title' | 'body' | 'created_at' | 'first_name' | 'last_name'>): Article {
  return { id: row.id, title: row.title, body: row.body, authorName: fullName(row), createdAt: new Date(row.created_at).toISOString() };
}

/** An answer's title and text as others will read them: invisible and direction characters gone, line breaks kept. */
function cleanArticle(body: ArticleBody) {
  const title = cleanDisplayText(body.title);
  const text = body.body
    .split(/\r?\n/)
    .map(cleanDisplayText)
    .join('\n')
    .trim();
  if (!title || !text) throw new AppError('VALIDATION_FAILED');
  return { title, body: text, searchKey: normalizeForSearch(`${title} ${text}`) };
}

async function presentArticleById(db: DB, id: string): Promise<Article> {
  const row = await getArticle(db, id);
  if (!row) throw new AppError('NOT_FOUND');
  return presentArticle(row);
}

/** A technician (or the ADMC) publishes an answer to a frequent problem in his collectivité's knowledge base. */
export async function publishArticle(platform: Platform, actor: Actor, collectiviteId: string, body: ArticleBody): Promise<Article> {
  authorize(actor, 'support.publish', collectivite(collectiviteId));
  const article = cleanArticle(body);
  const db = platform.database.db;
  const id = await db.transaction().execute(async (trx) => {
    const created = await insertArticle(trx, { collectiviteId, ...article, authorId: actor.accountId, at: new Date(platform.now()) });
    await audit(trx, { actorId: actor.accountId, action: 'support.article.create', targetType: 'support_article', targetId: created.id, details: { collectiviteId } });
    return created.id;
  });
  return presentArticleById(db, id);
}

/**
 * Rewrites an answer of the knowledge base: any technician of its collectivité or its ADMC (the base is the team's,
 * so a colleague corrects an answer whose author left); it keeps its author and date.
 */
export async function editArticle(platform: Platform, actor: Actor, articleId: string, body: ArticleBody): Promise<Article> {
  const db = platform.database.db;
  const owner = await getArticle(db, articleId);
  if (!owner) throw new AppError('NOT_FOUND');
  authorize(actor, 'support.publish', collectivite(owner.collectivite_id));
  const article = cleanArticle(body);
  await db.transaction().execute(async (trx) => {
    await updateArticle(trx, articleId, article);
    await audit(trx, { actorId: actor.accountId, action: 'support.article.update', targetType: 'support_article', targetId: articleId, details: { collectiviteId: owner.collectivite_id } });
  });
  return presentArticleById(db, articleId);
}

/** The collectivité's latest answers, for those who write them. */
export async function listArticles(platform: Platform, actor: Actor, collectiviteId: string): Promise<ArticleList> {
  authorize(actor, 'support.publish', collectivite(collectiviteId));
  return { items: (await findArticles(platform.database.db, collectiviteId, [], 50)).map(presentArticle) };
}

/** Answers of the structure's collectivité matching what a requester is typing (at most 5), for whoever may report there. */
export async function searchArticles(platform: Platform, actor: Actor, structureId: string, q: string): Promise<ArticleList> {
  const desk = await getSupportDesk(platform.database.db, structureId);
  if (!desk) throw new AppError('NOT_FOUND');
  authorize(actor, 'support.open', { type: 'support-desk', structureId, collectiviteId: desk.collectivite_id, studentsMayReport: desk.students_may_report });
  const terms = searchTerms(q).filter((term) => term.length >= 3);
  if (terms.length === 0) return { items: [] };
  return { items: (await findArticles(platform.database.db, desk.collectivite_id, terms, 5)).map(presentArticle) };
}

async function deskResource(platform: Platform, structureId: string) {
  const desk = await getSupportDesk(platform.database.db, structureId);
  if (!desk) throw new AppError('NOT_FOUND');
  return { desk, structure: { type: 'structure' as const, id: structureId, collectiviteId: desk.collectivite_id } };
}

/** Whether the structure's students may report faults: its members read it (the page adapts), its admins change it. */
export async function getSupportSettings(platform: Platform, actor: Actor, structureId: string): Promise<SupportSettings> {
  const { desk, structure } = await deskResource(platform, structureId);
  authorize(actor, 'structure.read', structure);
  return { studentsMayReport: desk.students_may_report };
}

export async function setSupportSettings(platform: Platform, actor: Actor, structureId: string, settings: SupportSettings): Promise<SupportSettings> {
  const { structure } = await deskResource(platform, structureId);
  authorize(actor, 'support.settings', structure);
  await platform.database.db.transaction().execute(async (trx) => {
    await upsertSupportSettings(trx, structureId, settings.studentsMayReport);
    await audit(trx, { actorId: actor.accountId, action: 'support.settings.update', targetType: 'structure', targetId: structureId, structureId, details: settings });
  });
  return getSupportSettings(platform, actor, structureId);
}
