import type { ImportJobDetail, ImportJobList, ImportRejectionPage, ImportStarted } from '@preau/contracts';
import { ApiError, toApiError } from './api-error.ts';
import { api, currentCsrfToken } from './client.ts';
import { downloadFile } from './download.ts';
import { withQuery } from './query-string.ts';

const id = encodeURIComponent;

/** What the upload form sends with the file. */
export interface AafUploadOptions {
  dryRun: boolean;
  /** The academy of the files, when no EtabEducNat file states it (a delta). */
  academy?: string | undefined;
}

/**
 * Sends the archive as multipart/form-data with the CSRF header; the browser
 * streams the file (never read into the page's memory).
 */
async function uploadAaf(file: File, options: AafUploadOptions): Promise<ImportStarted> {
  const form = new FormData();
  form.append('file', file, file.name);
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = currentCsrfToken();
  if (token) headers['X-CSRF-Token'] = token;
  const path = withQuery('/admin/imports/aaf', { dryRun: options.dryRun ? 'true' : undefined, academy: options.academy || undefined });
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { method: 'POST', headers, credentials: 'same-origin', body: form });
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: '' });
  }
  const type = response.headers.get('content-type') ?? '';
  const data: unknown = type.includes('json') ? await response.json().catch(() => undefined) : undefined;
  if (!response.ok) throw toApiError(response.status, data, response.headers.get('retry-after'));
  return data as ImportStarted;
}

/** The AAF import routes of the admin area (ADMC). */
export const provisioningApi = {
  upload: uploadAaf,
  jobs: () => api.get<ImportJobList>('/admin/imports'),
  job: (jobId: string) => api.get<ImportJobDetail>(`/admin/imports/${id(jobId)}`),
  rejections: (jobId: string, offset: number, limit = 100) =>
    api.get<ImportRejectionPage>(withQuery(`/admin/imports/${id(jobId)}/rejections`, { offset, limit })),
  downloadReport: (jobId: string) => downloadFile(`/admin/imports/${id(jobId)}/report.json`, `import-aaf-${jobId}.json`),
};

export const provisioningKeys = {
  all: ['provisioning'] as const,
  jobs: () => ['provisioning', 'jobs'] as const,
  job: (jobId: string) => ['provisioning', 'job', jobId] as const,
  rejections: (jobId: string, offset: number) => ['provisioning', 'job', jobId, 'rejections', offset] as const,
};
