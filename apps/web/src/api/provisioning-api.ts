import type { ImportJobDetail, ImportJobKind, ImportJobList, ImportRejectionPage, ImportStarted } from '@preau/contracts';
import { api, upload, type UploadProgress } from './client.ts';
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

/** Sends an AAF archive (or .xml file) and starts its import. */
function uploadAaf(file: File, options: AafUploadOptions, onProgress?: UploadProgress): Promise<ImportStarted> {
  const path = withQuery('/admin/imports/aaf', { dryRun: options.dryRun ? 'true' : undefined, academy: options.academy || undefined });
  return upload<ImportStarted>(path, file, { onProgress });
}

/** Sends the CSV files of one structure (one per profile, or several) and starts their import. */
function uploadCsv(files: File[], options: CsvUploadOptions, onProgress?: UploadProgress): Promise<ImportStarted> {
  const path = withQuery('/admin/imports/csv', { structure: options.structure, dryRun: options.dryRun ? 'true' : undefined });
  return upload<ImportStarted>(path, files, { field: 'files', onProgress });
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
