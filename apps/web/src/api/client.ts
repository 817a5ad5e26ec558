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
 * every state-changing method. Throws an `ApiError` for any non-2xx answer
 * but those listed in `answered` (a report the server sends with its refusal).
 */
export async function request<T>(method: Method, path: string, body?: unknown, answered: readonly number[] = []): Promise<T> {
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
  if (!response.ok && !answered.includes(response.status)) throw toApiError(response.status, data, response.headers.get('retry-after'));
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

/** Bytes sent so far of an upload, and its total. */
export type UploadProgress = (sent: number, total: number) => void;

/** What an upload sends besides its files. */
export interface UploadOptions {
  /** The multipart field of the files: `file` (one) unless the route takes `files`. */
  field?: string;
  /** Called as the body leaves the browser (an academy's archive takes a while). */
  onProgress?: UploadProgress | undefined;
  /** PUT for a route that replaces a file (a new version of a document). */
  method?: 'POST' | 'PUT';
}

function parseJson(text: string, type: string | null): unknown {
  if (!(type ?? '').includes('json')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Sends files as multipart/form-data with the CSRF header, the one way the
 * app uploads. The browser streams the files (never read into the page's
 * memory). XMLHttpRequest rather than fetch: it reports the bytes sent.
 */
export function upload<T>(path: string, files: File | File[], { field = 'file', onProgress, method = 'POST' }: UploadOptions = {}): Promise<T> {
  const form = new FormData();
  for (const file of Array.isArray(files) ? files : [files]) form.append(field, file, file.name);
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, BASE + path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded, event.total);
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'NETWORK_ERROR', message: '' }));
    xhr.onload = () => {
      const data = parseJson(xhr.responseText, xhr.getResponseHeader('content-type'));
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
      else reject(toApiError(xhr.status, data, xhr.getResponseHeader('retry-after')));
    };
    xhr.send(form);
  });
}
