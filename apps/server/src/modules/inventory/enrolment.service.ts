import type { EnrolmentSettings } from '@preau/contracts';
import { timingSafeEqual } from 'node:crypto';
import { audit } from '../../platform/audit.ts';
import { type Actor, authorize } from '../../platform/authorization.ts';
import { cleanDisplayText } from '../../platform/display-text.ts';
import type { DB } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { hashToken, newToken } from '../../platform/tokens.ts';
import { authorizeStructure } from './equipment.service.ts';
import {
  findEnrolments,
  getEnrolmentOwner,
  getLiveEnrolment,
  getStructureByUai,
  insertEnrolment,
  revokeEnrolment,
  touchEnrolment,
} from './inventory.repository.ts';

/**
 * Enrolment secrets: what a structure's inventory agents present (HTTP Basic,
 * user = the enrolment's id, password = its secret). The secret is shown once
 * and stored hashed; a random 256-bit secret needs no slow hash, so an agent's
 * report costs one indexed read, not an argon2 round. Revoked, it stops at once.
 */

/** The path agents post to, under the public URL. */
export const AGENT_PATH = '/inventory/agent';

const present = (row: { id: string; label: string; created_at: Date; revoked_at: Date | null; last_used_at: Date | null }) => ({
  id: row.id,
  label: row.label,
  createdAt: row.created_at.toISOString(),
  revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
  lastUsedAt: row.last_used_at ? row.last_used_at.toISOString() : null,
});

async function enrol(platform: Platform, structureId: string, label: string, createdBy: string | null): Promise<EnrolmentSettings> {
  const password = newToken();
  const row = await platform.database.db.transaction().execute(async (trx) => {
    const created = await insertEnrolment(trx, { structureId, label: cleanDisplayText(label), secretHash: hashToken(password), createdBy });
    await audit(trx, { actorId: createdBy, action: 'inventory.enrolment.create', targetType: 'inventory_enrolment', targetId: created.id, structureId });
    return created;
  });
  return { enrolment: present(row), server: `${platform.config.publicUrl}${AGENT_PATH}`, user: row.id, password };
}

/** A new secret for the structure's agents (its admins); the answer is the only time it is shown. */
export async function createEnrolment(platform: Platform, actor: Actor, structureId: string, label: string): Promise<EnrolmentSettings> {
  await authorizeStructure(platform, actor, 'inventory.manage', structureId);
  return enrol(platform, structureId, label, actor.accountId);
}

/** `preau inventory enrol --structure <UAI>`: the operator's way, without a session. */
export async function enrolStructureByUai(platform: Platform, uai: string, label: string): Promise<EnrolmentSettings> {
  const structure = await getStructureByUai(platform.database.db, uai.toUpperCase());
  if (!structure) throw new AppError('NOT_FOUND');
  return enrol(platform, structure.id, label, null);
}

export async function listEnrolments(platform: Platform, actor: Actor, structureId: string) {
  await authorizeStructure(platform, actor, 'inventory.manage', structureId);
  return { items: (await findEnrolments(platform.database.db, structureId)).map(present) };
}

/** Revokes a secret: agents using it are refused from the next report on. */
export async function revokeEnrolmentById(platform: Platform, actor: Actor, enrolmentId: string) {
  const db = platform.database.db;
  const owner = await getEnrolmentOwner(db, enrolmentId);
  if (!owner) throw new AppError('NOT_FOUND');
  authorize(actor, 'inventory.manage', { type: 'structure', id: owner.structure_id, collectiviteId: owner.collectivite_id });
  await db.transaction().execute(async (trx) => {
    await revokeEnrolment(trx, owner.structure_id, enrolmentId, new Date(platform.now()));
    await audit(trx, { actorId: actor.accountId, action: 'inventory.enrolment.revoke', targetType: 'inventory_enrolment', targetId: enrolmentId, structureId: owner.structure_id });
  });
  const after = await getEnrolmentOwner(db, enrolmentId);
  if (!after) throw new AppError('NOT_FOUND');
  return present(after);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The structure an agent's Basic credentials write into, or undefined (a
 * wrong, revoked or malformed one). `last_used_at` moves at most hourly.
 */
export async function authenticateAgent(db: DB, authorization: string | undefined, now: Date): Promise<{ enrolmentId: string; structureId: string } | undefined> {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (!UUID.test(user) || password.length === 0 || password.length > 200) return undefined;
  const enrolment = await getLiveEnrolment(db, user.toLowerCase());
  if (!enrolment) return undefined;
  const expected = Buffer.from(enrolment.secret_hash);
  const given = Buffer.from(hashToken(password));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  if (!enrolment.last_used_at || now.getTime() - enrolment.last_used_at.getTime() > 3_600_000) await touchEnrolment(db, enrolment.id, now);
  return { enrolmentId: enrolment.id, structureId: enrolment.structure_id };
}
