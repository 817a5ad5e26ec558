import type { ErrorCode } from '@preau/contracts';

/** Codes the client can meet: the API's own, plus a network failure seen only by the browser. */
export type ClientErrorCode = ErrorCode | 'NETWORK_ERROR';

/** An error answered by the API (`{ error: { code, message, fields?, retryAfter? } }`), or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ClientErrorCode;
  readonly fields: Record<string, string> | undefined;
  readonly retryAfter: number | undefined;

  constructor(options: {
    status: number;
    code: ClientErrorCode;
    message: string;
    fields?: Record<string, string> | undefined;
    retryAfter?: number | undefined;
  }) {
    super(options.message);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.fields = options.fields;
    this.retryAfter = options.retryAfter;
  }
}

/** True when the error is an `ApiError` carrying one of `codes`. */
export function isApiError(error: unknown, ...codes: ClientErrorCode[]): error is ApiError {
  return error instanceof ApiError && (codes.length === 0 || codes.includes(error.code));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const entries = Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

function positiveNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? Math.ceil(number) : undefined;
}

/**
 * Builds the `ApiError` of a failed answer from its status, its parsed body
 * (anything: a proxy may answer HTML) and its `Retry-After` header.
 */
export function toApiError(status: number, body: unknown, retryAfterHeader?: string | null): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const code = typeof error?.code === 'string' ? (error.code as ErrorCode) : fallbackCode(status);
  return new ApiError({
    status,
    code,
    message: typeof error?.message === 'string' ? error.message : '',
    fields: stringRecord(error?.fields),
    retryAfter: positiveNumber(error?.retryAfter) ?? positiveNumber(retryAfterHeader),
  });
}

function fallbackCode(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 502 || status === 503 || status === 504) return 'SERVICE_UNAVAILABLE';
  return 'INTERNAL_ERROR';
}
