import type { CommunicationRule } from '@preau/contracts';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { defaultRules } from './communication-rules.ts';

/** SQL of the communication rules. Every query is of one structure. */

type Executor = Kysely<Database> | Transaction<Database>;

export async function getStructureRef(db: Executor, structureId: string) {
  return db.selectFrom('structures').select(['id', 'collectivite_id']).where('id', '=', structureId).executeTakeFirst();
}

/** The rules of a structure that differ from the defaults. */
export async function findOverrides(db: Executor, structureId: string) {
  return db.selectFrom('communication_rules').select(['from_profile', 'to_profile', 'scope']).where('structure_id', '=', structureId).execute();
}

/**
 * Writes rules of a structure (a rule equal to the default is stored as "no
 * change") and notes when they changed, which ends the reply exception for
 * the messages sent before (recipients.repository.ts).
 */
export async function replaceRules(trx: Transaction<Database>, structureId: string, rules: CommunicationRule[], by: string, at: Date): Promise<void> {
  for (const rule of rules) {
    await trx
      .deleteFrom('communication_rules')
      .where('structure_id', '=', structureId)
      .where('from_profile', '=', rule.from)
      .where('to_profile', '=', rule.to)
      .execute();
    if (defaultRules[rule.from][rule.to] !== rule.scope) {
      await trx
        .insertInto('communication_rules')
        .values({ structure_id: structureId, from_profile: rule.from, to_profile: rule.to, scope: rule.scope, updated_by: by })
        .execute();
    }
  }
  await trx
    .insertInto('communication_rules_versions')
    .values({ structure_id: structureId, changed_at: at })
    .onConflict((oc) => oc.column('structure_id').doUpdateSet({ changed_at: at }))
    .execute();
}
