import { ApiError, toApiError } from './api-error.ts';

/**
 * Fetches a file from the API and hands it to the browser as a download. A
 * plain link would show the API's JSON error as a file when there is nothing
 * to download; this way the page can say why instead.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { credentials: 'same-origin' });
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: '' });
  }
  if (!response.ok) {
    const body: unknown = (response.headers.get('content-type') ?? '').includes('json') ? await response.json().catch(() => undefined) : undefined;
    throw toApiError(response.status, body, response.headers.get('retry-after'));
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
