import type { TicketListQuery } from '@preau/contracts';
import { sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';

/**
 * SQL of support tickets. Lists take their scope (a structure, a collectivité,
 * an author, a technician's teams) and are keyset-paged newest first on
 * (created_at, id).
 */

export interface TicketCursor {
  createdAt: string;
  id: string;
}

export async function getStructureWithOwner(db: DB, structureId: string) {
  return db.selectFrom('structures').select(['id', 'name', 'collectivite_id']).where('id', '=', structureId).executeTakeFirst();
}

/** The structure, its collectivité, whether its students may report faults, and the area team its tickets go to. */
export async function getSupportDesk(db: DB, structureId: string) {
  return db
    .selectFrom('structures as s')
    .leftJoin('support_settings as ss', 'ss.structure_id', 's.id')
    .leftJoin('support_team_structures as ts', 'ts.structure_id', 's.id')
    .select(['s.id', 's.name', 's.collectivite_id', 'ts.team_id', sql<boolean>`coalesce(ss.students_may_report, false)`.as('students_may_report')])
    .where('s.id', '=', structureId)
    .executeTakeFirst();
}

/** The support desks of these structures (the caller's), by name. */
export async function findSupportDesks(db: DB, structureIds: readonly string[]) {
  if (structureIds.length === 0) return [];
  return db
    .selectFrom('structures as s')
    .leftJoin('support_settings as ss', 'ss.structure_id', 's.id')
    .select(['s.id', 's.name', 's.collectivite_id', sql<boolean>`coalesce(ss.students_may_report, false)`.as('students_may_report')])
    .where('s.id', 'in', structureIds)
    .orderBy('s.name')
    .execute();
}

export async function upsertSupportSettings(db: DB, structureId: string, studentsMayReport: boolean) {
  await db
    .insertInto('support_settings')
    .values({ structure_id: structureId, students_may_report: studentsMayReport })
    .onConflict((oc) => oc.column('structure_id').doUpdateSet({ students_may_report: studentsMayReport }))
    .execute();
}

/** The equipment only if it belongs to that structure: another school's id is as unknown as a made-up one. */
export async function getStructureEquipment(db: DB, structureId: string, equipmentId: string) {
  return db.selectFrom('inventory_equipment').select(['id', 'name']).where('structure_id', '=', structureId).where('id', '=', equipmentId).executeTakeFirst();
}

const summaryColumns = [
  't.id',
  't.structure_id',
  's.name as structure_name',
  's.collectivite_id',
  't.author_id',
  't.title',
  't.room',
  't.equipment_id',
  'e.name as equipment_name',
  't.urgency',
  't.impact',
  't.priority',
  't.status',
  't.team_id',
  'tm.name as team_name',
  't.assignee_id',
  'asg.first_name as assignee_first_name',
  'asg.last_name as assignee_last_name',
  't.take_due_at',
  't.resolve_due_at',
  't.taken_at',
  't.resolved_at',
  't.waiting_since',
  't.created_at',
  't.updated_at',
  'a.first_name',
  'a.last_name',
] as const;

function base(db: DB) {
  return db
    .selectFrom('support_tickets as t')
    .innerJoin('structures as s', 's.id', 't.structure_id')
    .innerJoin('accounts as a', 'a.id', 't.author_id')
    .leftJoin('inventory_equipment as e', 'e.id', 't.equipment_id')
    .leftJoin('support_teams as tm', 'tm.id', 't.team_id')
    .leftJoin('accounts as asg', 'asg.id', 't.assignee_id');
}

/**
 * Whose tickets: a structure's, a collectivité's, an author's, or those of the teams a technician belongs to
 * (only in the collectivités where he still holds the role).
 */
export type TicketScope = { structureId: string } | { collectiviteId: string } | { authorId: string } | { technicianId: string; collectiviteIds: string[] };

/** One page of tickets in the scope, newest first, after the cursor; one more row than asked tells whether a next page exists. */
export async function findTicketPage(db: DB, scope: TicketScope, query: Omit<TicketListQuery, 'cursor'>, after: TicketCursor | undefined, now: Date) {
  let q = base(db).select(summaryColumns);
  if ('structureId' in scope) q = q.where('t.structure_id', '=', scope.structureId);
  else if ('collectiviteId' in scope) q = q.where('s.collectivite_id', '=', scope.collectiviteId);
  else if ('authorId' in scope) q = q.where('t.author_id', '=', scope.authorId);
  else {
    if (scope.collectiviteIds.length === 0) return [];
    q = q
      .where('s.collectivite_id', 'in', scope.collectiviteIds)
      .where('t.team_id', 'in', (eb) => eb.selectFrom('support_team_members').select('team_id').where('account_id', '=', scope.technicianId));
  }
  if (query.status) q = q.where('t.status', '=', query.status);
  if (query.overdue !== undefined) {
    const overdue = sql<boolean>`(t.status IN ('NEW','ASSIGNED','PLANNED') AND ((t.taken_at IS NULL AND t.take_due_at < ${now}) OR t.resolve_due_at < ${now}))`;
    q = q.where(query.overdue ? overdue : sql<boolean>`NOT ${overdue}`);
  }
  if (after) q = q.where((eb) => eb(eb.refTuple('t.created_at', 't.id'), '<', eb.tuple(sql<Date>`${after.createdAt}::timestamptz`, after.id)));
  return q.orderBy('t.created_at', 'desc').orderBy('t.id', 'desc').limit(query.limit + 1).execute();
}

export type TicketRow = Awaited<ReturnType<typeof findTicketPage>>[number];

export async function getTicket(db: DB, id: string) {
  return base(db).select([...summaryColumns, 't.description', 't.satisfaction', 't.satisfaction_comment']).where('t.id', '=', id).executeTakeFirst();
}

/** Whether the account is a member of that team. */
export async function isTeamMember(db: DB, teamId: string, accountId: string): Promise<boolean> {
  const row = await db.selectFrom('support_team_members').select('account_id').where('team_id', '=', teamId).where('account_id', '=', accountId).executeTakeFirst();
  return Boolean(row);
}

/** The team's members who still hold the technician role in its collectivité, by name. */
export async function findTeamTechnicians(db: DB, teamId: string) {
  return db
    .selectFrom('support_team_members as m')
    .innerJoin('support_teams as tm', 'tm.id', 'm.team_id')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .innerJoin('admin_roles as r', (join) => join.onRef('r.account_id', '=', 'm.account_id').onRef('r.collectivite_id', '=', 'tm.collectivite_id').on('r.role', '=', 'TECHNICIAN'))
    .select(['a.id', 'a.first_name', 'a.last_name'])
    .where('m.team_id', '=', teamId)
    .where('a.status', '=', 'ACTIVE')
    .orderBy('a.last_name')
    .orderBy('a.first_name')
    .execute();
}

/** The ADMLs of a structure: they follow its tickets. */
export async function findStructureAdmlIds(db: DB, structureId: string): Promise<string[]> {
  const rows = await db.selectFrom('admin_roles').select('account_id').where('role', '=', 'ADML').where('structure_id', '=', structureId).execute();
  return rows.map((r) => r.account_id);
}

/** The ticket's state, locked for the transaction that changes it. */
export async function lockTicket(db: DB, structureId: string, id: string) {
  return db
    .selectFrom('support_tickets')
    .select(['status', 'assignee_id', 'taken_at', 'resolve_due_at', 'waiting_since'])
    .where('structure_id', '=', structureId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertTicket(
  db: DB,
  values: {
    structureId: string;
    authorId: string;
    title: string;
    description: string;
    room: string | null;
    equipmentId: string | null;
    urgency: string;
    impact: string;
    priority: string;
    teamId: string | null;
    takeDueAt: Date | null;
    resolveDueAt: Date | null;
    at: Date;
  },
) {
  return db
    .insertInto('support_tickets')
    .values({
      structure_id: values.structureId,
      author_id: values.authorId,
      title: values.title,
      description: values.description,
      room: values.room,
      equipment_id: values.equipmentId,
      urgency: values.urgency,
      impact: values.impact,
      priority: values.priority,
      team_id: values.teamId,
      take_due_at: values.takeDueAt,
      resolve_due_at: values.resolveDueAt,
      created_at: values.at,
      updated_at: values.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export interface TicketChange {
  status?: string;
  assigneeId?: string | null;
  takenAt?: Date;
  resolvedAt?: Date | null;
  closedAt?: Date;
  resolveDueAt?: Date | null;
  waitingSince?: Date | null;
  satisfaction?: number | null;
  satisfactionComment?: string | null;
  at: Date;
}

export async function updateTicket(db: DB, structureId: string, id: string, change: TicketChange) {
  await db
    .updateTable('support_tickets')
    .set({
      updated_at: change.at,
      ...(change.status !== undefined ? { status: change.status } : {}),
      ...(change.assigneeId !== undefined ? { assignee_id: change.assigneeId } : {}),
      ...(change.takenAt !== undefined ? { taken_at: change.takenAt } : {}),
      ...(change.resolvedAt !== undefined ? { resolved_at: change.resolvedAt } : {}),
      ...(change.closedAt !== undefined ? { closed_at: change.closedAt } : {}),
      ...(change.resolveDueAt !== undefined ? { resolve_due_at: change.resolveDueAt } : {}),
      ...(change.waitingSince !== undefined ? { waiting_since: change.waitingSince } : {}),
      ...(change.satisfaction !== undefined ? { satisfaction: change.satisfaction } : {}),
      ...(change.satisfactionComment !== undefined ? { satisfaction_comment: change.satisfactionComment } : {}),
    })
    .where('structure_id', '=', structureId)
    .where('id', '=', id)
    .execute();
}

export async function insertComment(db: DB, values: { ticketId: string; authorId: string; byHandler: boolean; internal: boolean; body: string; at: Date }) {
  await db
    .insertInto('support_comments')
    .values({ ticket_id: values.ticketId, author_id: values.authorId, by_handler: values.byHandler, internal: values.internal, body: values.body, created_at: values.at })
    .execute();
}

/** The ticket's comments in order, internal notes only when asked (bounded: a ticket is a short exchange). */
export async function findComments(db: DB, ticketId: string, withInternalNotes: boolean, limit = 200) {
  let q = db
    .selectFrom('support_comments as c')
    .leftJoin('accounts as a', 'a.id', 'c.author_id')
    .select(['c.id', 'c.by_handler', 'c.internal', 'c.body', 'c.created_at', 'a.first_name', 'a.last_name'])
    .where('c.ticket_id', '=', ticketId);
  if (!withInternalNotes) q = q.where('c.internal', '=', false);
  return q.orderBy('c.seq').limit(limit).execute();
}

/** The collectivité's targets per priority (rows only for those its ADMC set). */
export async function findTargets(db: DB, collectiviteId: string) {
  return db.selectFrom('support_targets').select(['priority', 'take_minutes', 'resolve_minutes']).where('collectivite_id', '=', collectiviteId).execute();
}

export async function upsertTargets(db: DB, collectiviteId: string, targets: ReadonlyArray<{ priority: string; takeMinutes: number; resolveMinutes: number }>) {
  await db
    .insertInto('support_targets')
    .values(targets.map((t) => ({ collectivite_id: collectiviteId, priority: t.priority, take_minutes: t.takeMinutes, resolve_minutes: t.resolveMinutes })))
    .onConflict((oc) =>
      oc.columns(['collectivite_id', 'priority']).doUpdateSet((eb) => ({ take_minutes: eb.ref('excluded.take_minutes'), resolve_minutes: eb.ref('excluded.resolve_minutes') })),
    )
    .execute();
}

// Interventions (scheduled visits).

const interventionColumns = [
  'i.id',
  'i.ticket_id',
  't.title as ticket_title',
  't.room',
  's.name as structure_name',
  'i.starts_at',
  'i.technician_id',
  'tech.first_name',
  'tech.last_name',
  'i.equipment_id',
  'e.name as equipment_name',
  'i.note',
  'i.parts',
] as const;

function interventions(db: DB) {
  return db
    .selectFrom('support_interventions as i')
    .innerJoin('support_tickets as t', 't.id', 'i.ticket_id')
    .innerJoin('structures as s', 's.id', 't.structure_id')
    .innerJoin('accounts as tech', 'tech.id', 'i.technician_id')
    .leftJoin('inventory_equipment as e', 'e.id', 'i.equipment_id');
}

export async function insertIntervention(db: DB, values: { ticketId: string; technicianId: string; startsAt: Date; equipmentId: string | null; note: string | null; createdBy: string; at: Date }) {
  await db
    .insertInto('support_interventions')
    .values({
      ticket_id: values.ticketId,
      technician_id: values.technicianId,
      starts_at: values.startsAt,
      equipment_id: values.equipmentId,
      note: values.note,
      created_by: values.createdBy,
      created_at: values.at,
    })
    .execute();
}

/** The ticket a visit belongs to. */
export async function getInterventionTicketId(db: DB, id: string) {
  return db.selectFrom('support_interventions').select('ticket_id').where('id', '=', id).executeTakeFirst();
}

/** A visit with its ticket's structure, locked for the transaction that records its parts. */
export async function lockIntervention(db: DB, id: string) {
  return db
    .selectFrom('support_interventions as i')
    .innerJoin('support_tickets as t', 't.id', 'i.ticket_id')
    .select(['i.id', 'i.ticket_id', 'i.equipment_id', 'i.parts', 't.structure_id'])
    .where('i.id', '=', id)
    .forUpdate(['i'])
    .executeTakeFirst();
}

export async function setInterventionParts(db: DB, id: string, parts: readonly string[]) {
  await db.updateTable('support_interventions').set({ parts: JSON.stringify(parts) }).where('id', '=', id).execute();
}

export async function findTicketInterventions(db: DB, ticketId: string) {
  return interventions(db).select(interventionColumns).where('i.ticket_id', '=', ticketId).orderBy('i.starts_at').limit(100).execute();
}

export type InterventionRow = Awaited<ReturnType<typeof findTicketInterventions>>[number];

/** A technician's agenda: his visits from an instant on, in the collectivités where he is still a technician. */
export async function findTechnicianInterventions(db: DB, technicianId: string, collectiviteIds: string[], from: Date, limit: number) {
  if (collectiviteIds.length === 0) return [];
  return interventions(db)
    .select(interventionColumns)
    .where('i.technician_id', '=', technicianId)
    .where('s.collectivite_id', 'in', collectiviteIds)
    .where('i.starts_at', '>=', from)
    .orderBy('i.starts_at')
    .limit(limit)
    .execute();
}

// Technicians and teams of a collectivité.

export async function getAccountForRole(db: DB, accountId: string) {
  return db.selectFrom('accounts').select(['id', 'profile', 'status']).where('id', '=', accountId).where('deleted_at', 'is', null).executeTakeFirst();
}

export async function insertTechnicianRole(db: DB, collectiviteId: string, accountId: string) {
  await db
    .insertInto('admin_roles')
    .values({ account_id: accountId, role: 'TECHNICIAN', collectivite_id: collectiviteId, structure_id: null })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Takes the role away, and the seats in the collectivité's teams with it. */
export async function deleteTechnicianRole(db: DB, collectiviteId: string, accountId: string) {
  await db
    .deleteFrom('support_team_members')
    .where('account_id', '=', accountId)
    .where('team_id', 'in', (eb) => eb.selectFrom('support_teams').select('id').where('collectivite_id', '=', collectiviteId))
    .execute();
  const deleted = await db.deleteFrom('admin_roles').where('account_id', '=', accountId).where('role', '=', 'TECHNICIAN').where('collectivite_id', '=', collectiviteId).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

export async function findTechnicians(db: DB, collectiviteId: string) {
  return db
    .selectFrom('admin_roles as r')
    .innerJoin('accounts as a', 'a.id', 'r.account_id')
    .select(['a.id', 'a.first_name', 'a.last_name'])
    .where('r.role', '=', 'TECHNICIAN')
    .where('r.collectivite_id', '=', collectiviteId)
    .orderBy('a.last_name')
    .orderBy('a.first_name')
    .limit(500)
    .execute();
}

/** How many of these accounts are technicians of the collectivité. */
export async function countTechnicians(db: DB, collectiviteId: string, accountIds: readonly string[]): Promise<number> {
  if (accountIds.length === 0) return 0;
  const row = await db
    .selectFrom('admin_roles')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('role', '=', 'TECHNICIAN')
    .where('collectivite_id', '=', collectiviteId)
    .where('account_id', 'in', accountIds)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many of these structures belong to the collectivité. */
export async function countStructures(db: DB, collectiviteId: string, structureIds: readonly string[]): Promise<number> {
  if (structureIds.length === 0) return 0;
  const row = await db
    .selectFrom('structures')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('collectivite_id', '=', collectiviteId)
    .where('id', 'in', structureIds)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function getTeam(db: DB, teamId: string) {
  return db.selectFrom('support_teams').select(['id', 'collectivite_id', 'name']).where('id', '=', teamId).executeTakeFirst();
}

export async function insertTeam(db: DB, collectiviteId: string, name: string) {
  return db.insertInto('support_teams').values({ collectivite_id: collectiviteId, name }).returning('id').executeTakeFirstOrThrow();
}

/** Renames the team and replaces its structures and members (the caller checked they are of its collectivité). */
export async function replaceTeam(db: DB, collectiviteId: string, teamId: string, values: { name: string; structureIds: readonly string[]; technicianIds: readonly string[] }) {
  await db.updateTable('support_teams').set({ name: values.name }).where('id', '=', teamId).where('collectivite_id', '=', collectiviteId).execute();
  await db.deleteFrom('support_team_structures').where('team_id', '=', teamId).execute();
  await db.deleteFrom('support_team_members').where('team_id', '=', teamId).execute();
  if (values.structureIds.length > 0) {
    await db
      .insertInto('support_team_structures')
      .values(values.structureIds.map((structure_id) => ({ structure_id, team_id: teamId })))
      .execute();
  }
  if (values.technicianIds.length > 0) {
    await db
      .insertInto('support_team_members')
      .values(values.technicianIds.map((account_id) => ({ account_id, team_id: teamId })))
      .execute();
  }
}

/** Whether another team of the collectivité has this name or covers one of these structures. */
export async function findTeamConflict(db: DB, collectiviteId: string, teamId: string | null, name: string, structureIds: readonly string[]) {
  let q = db
    .selectFrom('support_teams as tm')
    .select('tm.id')
    .where('tm.collectivite_id', '=', collectiviteId)
    .where((eb) =>
      eb.or([
        eb(sql`lower(tm.name)`, '=', name.toLowerCase()),
        ...(structureIds.length > 0 ? [eb.exists(eb.selectFrom('support_team_structures as ts').select('ts.team_id').whereRef('ts.team_id', '=', 'tm.id').where('ts.structure_id', 'in', structureIds))] : []),
      ]),
    );
  if (teamId) q = q.where('tm.id', '<>', teamId);
  return q.executeTakeFirst();
}

export async function findTeams(db: DB, collectiviteId: string) {
  return db
    .selectFrom('support_teams as tm')
    .select((eb) => [
      'tm.id',
      'tm.name',
      eb
        .selectFrom('support_team_structures as ts')
        .innerJoin('structures as s', 's.id', 'ts.structure_id')
        .select(sql<Array<{ id: string; name: string }>>`coalesce(json_agg(json_build_object('id', s.id, 'name', s.name) ORDER BY s.name), '[]')`.as('x'))
        .whereRef('ts.team_id', '=', 'tm.id')
        .as('structures'),
      eb
        .selectFrom('support_team_members as m')
        .innerJoin('accounts as a', 'a.id', 'm.account_id')
        .select(sql<Array<{ id: string; first_name: string; last_name: string }>>`coalesce(json_agg(json_build_object('id', a.id, 'first_name', a.first_name, 'last_name', a.last_name) ORDER BY a.last_name, a.first_name), '[]')`.as('x'))
        .whereRef('m.team_id', '=', 'tm.id')
        .as('technicians'),
    ])
    .where('tm.collectivite_id', '=', collectiviteId)
    .orderBy('tm.name')
    .limit(200)
    .execute();
}

// Knowledge base.

export async function insertArticle(db: DB, values: { collectiviteId: string; title: string; body: string; searchKey: string; authorId: string; at: Date }) {
  return db
    .insertInto('support_articles')
    .values({ collectivite_id: values.collectiviteId, title: values.title, body: values.body, search_key: values.searchKey, author_id: values.authorId, created_at: values.at })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** An answer with its collectivité (to check who may change it) and its author's name. */
export async function getArticle(db: DB, id: string) {
  return db
    .selectFrom('support_articles as ar')
    .leftJoin('accounts as a', 'a.id', 'ar.author_id')
    .select(['ar.id', 'ar.collectivite_id', 'ar.title', 'ar.body', 'ar.created_at', 'a.first_name', 'a.last_name'])
    .where('ar.id', '=', id)
    .executeTakeFirst();
}

export async function updateArticle(db: DB, id: string, values: { title: string; body: string; searchKey: string }) {
  await db.updateTable('support_articles').set({ title: values.title, body: values.body, search_key: values.searchKey }).where('id', '=', id).execute();
}

/** The collectivité's answers, newest first; with terms, those holding every term (title or body, accents ignored). */
export async function findArticles(db: DB, collectiviteId: string, terms: readonly string[], limit: number) {
  let q = db
    .selectFrom('support_articles as ar')
    .leftJoin('accounts as a', 'a.id', 'ar.author_id')
    .select(['ar.id', 'ar.title', 'ar.body', 'ar.created_at', 'a.first_name', 'a.last_name'])
    .where('ar.collectivite_id', '=', collectiviteId);
  for (const term of terms) q = q.where('ar.search_key', 'like', `%${term}%`);
  return q.orderBy('ar.created_at', 'desc').orderBy('ar.id', 'desc').limit(limit).execute();
}

// Closing by itself.

/** Tickets resolved before that instant and still waiting for their requester, oldest first, a batch at a time. */
export async function findStaleResolved(db: DB, before: Date, limit: number) {
  return db
    .selectFrom('support_tickets')
    .select(['id', 'structure_id'])
    .where('status', '=', 'RESOLVED')
    .where('resolved_at', '<', before)
    .orderBy('resolved_at')
    .limit(limit)
    .execute();
}
