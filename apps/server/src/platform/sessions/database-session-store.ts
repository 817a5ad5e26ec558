import type { DB } from '../db/database.ts';
import type { Session, SessionStore } from './session-store.ts';

export class DatabaseSessionStore implements SessionStore {
  constructor(private readonly db: DB) {}

  async create(idHash: string, session: Session): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id_hash: idHash,
        account_id: session.accountId,
        data: JSON.stringify(session),
        idle_expires_at: new Date(session.idleExpiresAt),
        absolute_expires_at: new Date(session.absoluteExpiresAt),
      })
      .execute();
  }

  async get(idHash: string, now: number): Promise<Session | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .select(['data'])
      .where('id_hash', '=', idHash)
      .where('idle_expires_at', '>', new Date(now))
      .where('absolute_expires_at', '>', new Date(now))
      .executeTakeFirst();
    if (!row) return undefined;
    return (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Session;
  }

  async touch(idHash: string, session: Session): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ data: JSON.stringify(session), idle_expires_at: new Date(session.idleExpiresAt) })
      .where('id_hash', '=', idHash)
      .execute();
  }

  async delete(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  async deleteAllFor(accountId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('account_id', '=', accountId).execute();
  }

  /** Removes expired rows; run by the periodic cleanup. */
  async purgeExpired(now: number): Promise<number> {
    const result = await this.db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('idle_expires_at', '<=', new Date(now)), eb('absolute_expires_at', '<=', new Date(now))]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
