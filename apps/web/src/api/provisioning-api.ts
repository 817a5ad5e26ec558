import type { ImportJobDetail, ImportJobKind, ImportJobList, ImportRejectionPage, ImportStarted } from '@preau/contracts';
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

/** What the CSV upload form sends with the files. */
export interface CsvUploadOptions {
  /** UAI of the structure whose accounts the files hold. */
  structure: string;
  dryRun: boolean;
}

/**
 * Sends a multipart/form-data body with the CSRF header; the browser streams
 * the files (never read into the page's memory). XMLHttpRequest rather than
 * fetch: it reports the bytes sent, and an academy's archive takes a while.
 */
function sendMultipart(path: string, form: FormData, onProgress?: (sent: number, total: number) => void): Promise<ImportStarted> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${path}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    const token = currentCsrfToken();
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded, event.total);
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'NETWORK_ERROR', message: '' }));
    xhr.onload = () => {
      let data: unknown;
      if ((xhr.getResponseHeader('content-type') ?? '').includes('json')) {
        try {
          data = JSON.parse(xhr.responseText);
        } catch {
          data = undefined;
        }
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as ImportStarted);
      else reject(toApiError(xhr.status, data, xhr.getResponseHeader('retry-after')));
    };
    xhr.send(form);
  });
}

/** Sends an AAF archive (or .xml file) and starts its import. */
function uploadAaf(file: File, options: AafUploadOptions, onProgress?: (sent: number, total: number) => void): Promise<ImportStarted> {
  const form = new FormData();
  form.append('file', file, file.name);
  return sendMultipart(withQuery('/admin/imports/aaf', { dryRun: options.dryRun ? 'true' : undefined, academy: options.academy || undefined }), form, onProgress);
}

/** Sends the CSV files of one structure (one per profile, or several) and starts their import. */
function uploadCsv(files: File[], options: CsvUploadOptions, onProgress?: (sent: number, total: number) => void): Promise<ImportStarted> {
  const form = new FormData();
  for (const file of files) form.append('files', file, file.name);
  return sendMultipart(withQuery('/admin/imports/csv', { structure: options.structure, dryRun: options.dryRun ? 'true' : undefined }), form, onProgress);
}

/** The AAF and CSV import routes of the admin area (ADMC). */
export const provisioningApi = {
  upload: uploadAaf,
  uploadCsv,
  jobs: () => api.get<ImportJobList>('/admin/imports'),
  job: (jobId: string) => api.get<ImportJobDetail>(`/admin/imports/${id(jobId)}`),
  rejections: (jobId: string, offset: number, limit = 100) =>
    api.get<ImportRejectionPage>(withQuery(`/admin/imports/${id(jobId)}/rejections`, { offset, limit })),
  downloadReport: (jobId: string, kind: ImportJobKind) => downloadFile(`/admin/imports/${id(jobId)}/report.json`, `import-${kind}-${jobId}.json`),
};

export const provisioningKeys = {
  all: ['provisioning'] as const,
  jobs: () => ['provisioning', 'jobs'] as const,
  job: (jobId: string) => ['provisioning', 'job', jobId] as const,
  rejections: (jobId: string, offset: number) => ['provisioning', 'job', jobId, 'rejections', offset] as const,
};
