import { type Kysely, sql } from 'kysely';

/**
 * Comments on actualités (issue 16, entcore's actualites as the anchor): off
 * unless the item's writer turns them on; the structure's publishers hide or
 * delete any, a commenter deletes his own. Expand only: a column with a
 * default and a new table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE news_items ADD COLUMN comments_enabled boolean NOT NULL DEFAULT false`.execute(db);
  await sql`CREATE TABLE news_comments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    news_id uuid NOT NULL REFERENCES news_items (id) ON DELETE CASCADE,
    author_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
    author_name text NOT NULL,
    body text NOT NULL,
    hidden_at timestamptz,
    hidden_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  // An item's comments, oldest first.
  await sql`CREATE INDEX news_comments_news_idx ON news_comments (news_id, created_at, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE news_comments`.execute(db);
  await sql`ALTER TABLE news_items DROP COLUMN comments_enabled`.execute(db);
}
