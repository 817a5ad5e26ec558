import { type PendingActivationPage, PendingActivationQuery } from '@preau/contracts';
import type { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import type { Actor } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { IdCursor, decodeCursor, pageFrom } from '../directory/keyset-cursor.ts';
import { profilesActorMay, requireAdminArea, requireAdministered } from './admin-access.ts';
import { presentPending } from './admin.presenters.ts';
import { findPendingActivations, findPendingSortKey } from './accounts.repository.ts';
import { getStructure } from './structures.repository.ts';

type PendingQuery = z.infer<typeof PendingActivationQuery>;

/**
 * The accounts of a structure still awaiting activation, with their codes,
 * by class then name: the sheets an admin prints and hands out. Reading
 * codes is audited, since a code opens an account.
 */
export async function listPendingActivations(
  platform: Platform,
  actor: Actor,
  structureId: string,
  query: PendingQuery,
): Promise<PendingActivationPage> {
  requireAdminArea(actor);
  const db = platform.database.db;
  const structure = await getStructure(db, structureId);
  requireAdministered(actor, structure);
  const schoolYear = platform.schoolYear();
  const cursor = decodeCursor(IdCursor, query.cursor);
  const after = cursor ? await findPendingSortKey(db, cursor.id, structureId, schoolYear) : undefined;
  if (cursor && !after) throw new AppError('INVALID_CURSOR');
  const rows = await findPendingActivations(
    db,
    { structureId, schoolYear, profiles: profilesActorMay(actor, 'account.read', structure), classId: query.classId },
    { after, limit: query.limit },
  );
  const page = pageFrom(rows, query.limit, (row) => ({ id: row.id }));
  await audit(db, {
    actorId: actor.accountId,
    action: 'activation.list',
    targetType: 'structure',
    targetId: structureId,
    structureId,
    details: { classId: query.classId ?? null, count: page.rows.length },
  });
  return { items: page.rows.map(presentPending), nextCursor: page.nextCursor };
}
