import { type ErrorCode, errorMessages } from '@preau/contracts';

/**
 * An error the API answers as `{ error: { code, message } }`. Throw it from
 * anywhere; its HTTP status comes from the catalogue (packages/contracts
 * errors.ts), so one code always answers with one status; the error handler
 * picks the message in the request's language.
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    options: { fields?: Record<string, string>; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(code, { cause: options.cause });
    this.name = 'AppError';
    this.status = errorMessages[code].status;
    this.fields = options.fields;
    this.retryAfter = options.retryAfter;
  }
  readonly fields: Record<string, string> | undefined;
  readonly retryAfter: number | undefined;
}

/** True when a PostgreSQL error is a unique violation (optionally of one constraint). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e?.code !== '23505') return false;
  return !constraint || e.constraint === constraint || (e.message ?? '').includes(constraint);
}
