import { ApiError, toApiError } from './api-error.ts';

export { ApiError, isApiError } from './api-error.ts';

const BASE = '/api/v1';
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** The CSRF token of the current session, kept in memory only (never in storage). */
let csrfToken: string | undefined;

/** Remembers the token answered by login, activation or `GET /me`; `undefined` forgets it. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** The token, for the few calls that are not JSON (file uploads). */
export function currentCsrfToken(): string | undefined {
  return csrfToken;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined;
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

/**
 * Calls the API: JSON in and out, same-origin cookies, and the CSRF header on
 * every state-changing method. Throws an `ApiError` for any non-2xx answer.
 */
export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(BASE + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: '' });
  }
  const data = await readBody(response);
  if (!response.ok) throw toApiError(response.status, data, response.headers.get('retry-after'));
  return data as T;
}

/** Shorthands of `request` per HTTP method. */
export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
