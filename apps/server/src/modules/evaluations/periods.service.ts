import type { Period, PeriodList, PutPeriodsBody } from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import { type Actor, authorize } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { parisNow } from '../timetable/dates.ts';
import { findPeriods, findUsedPeriodRanks, getStructureWithOwner, type PeriodRow, replacePeriods } from './evaluations.repository.ts';

/**
 * The school periods of a structure (trimestres or semestres): their dates,
 * the day grade entry closes, the conseil de classe. Set by the direction or
 * an admin of the structure; read by all its members.
 */

/** Today in Paris, `YYYY-MM-DD`: entry is open through the whole of its closing day. */
export function todayIn(platform: Platform): string {
  return parisNow(platform.now()).date;
}

export function presentPeriod(row: PeriodRow, today: string): Period {
  return {
    id: row.id,
    kind: row.kind,
    rank: row.rank,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    entryClosesOn: row.entry_closes_on,
    councilOn: row.council_on,
    isEntryOpen: today <= row.entry_closes_on,
    bulletinsPublishedAt: row.bulletins_published_at ? new Date(row.bulletins_published_at).toISOString() : null,
  };
}

async function structureResource(platform: Platform, structureId: string) {
  const structure = await getStructureWithOwner(platform.database.db, structureId);
  if (!structure) throw new AppError('NOT_FOUND');
  return { type: 'structure' as const, id: structure.id, collectiviteId: structure.collectivite_id };
}

export async function listPeriods(platform: Platform, actor: Actor, structureId: string): Promise<PeriodList> {
  authorize(actor, 'structure.read', await structureResource(platform, structureId));
  const rows = await findPeriods(platform.database.db, structureId, platform.schoolYear());
  const today = todayIn(platform);
  return { items: rows.map((r) => presentPeriod(r, today)) };
}

/** Replaces the structure's periods for the school year; a period that has evaluations may be moved, not removed. */
export async function putPeriods(platform: Platform, actor: Actor, structureId: string, body: PutPeriodsBody): Promise<PeriodList> {
  authorize(actor, 'grades.manage', await structureResource(platform, structureId));
  if (body.periods.length !== (body.kind === 'TRIMESTRE' ? 3 : 2)) throw new AppError('GRADES_PERIOD_COUNT');
  let previousEnd = '';
  for (const p of body.periods) {
    const ordered = p.startsOn > previousEnd && p.startsOn <= p.endsOn && p.entryClosesOn >= p.startsOn && p.councilOn >= p.startsOn;
    if (!ordered) throw new AppError('GRADES_PERIOD_DATES');
    previousEnd = p.endsOn;
  }
  const schoolYear = platform.schoolYear();
  await platform.database.db.transaction().execute(async (trx) => {
    const used = await findUsedPeriodRanks(trx, structureId, schoolYear);
    if (used.some((rank) => rank > body.periods.length)) throw new AppError('GRADES_PERIOD_IN_USE');
    await replacePeriods(trx, structureId, schoolYear, body.kind, body.periods);
    await audit(trx, { actorId: actor.accountId, action: 'grades.periods.set', targetType: 'structure', targetId: structureId, structureId });
  });
  return listPeriods(platform, actor, structureId);
}
