import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';

/**
 * Opaque page cursors: base64url JSON naming the last row of the page (its id,
 * and its kind when a list mixes tables). The sort key itself (a name) is
 * looked up again from that id rather than carried, so no name ends up in a
 * URL or an access log, and a cursor stays short whatever the name's length.
 */
export const IdCursor = z.strictObject({ id: z.uuid() });
export type IdCursor = z.infer<typeof IdCursor>;

/** Encodes the cursor of a page's last row. */
export function encodeCursor<T extends object>(value: T): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Decodes a cursor sent back by a client; anything malformed is INVALID_CURSOR (400). */
export function decodeCursor<S extends z.ZodType>(schema: S, raw: string | undefined): z.infer<S> | undefined {
  if (raw === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // Not base64url JSON: same answer as a well-formed but wrong cursor.
  }
  throw new AppError('INVALID_CURSOR');
}

/** Splits a limit+1 fetch into the page and the cursor of its last row (null at the end). */
export function pageFrom<R, C extends object>(
  rows: R[],
  limit: number,
  cursorOf: (row: R) => C,
): { rows: R[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: encodeCursor(cursorOf(page[page.length - 1]!)) };
}
