import { aafImportJob } from './modules/provisioning/aaf/aaf-import.service.ts';
import { csvImportJob } from './modules/provisioning/csv/csv-import.service.ts';
import { onisepImportJob } from './modules/orientation/onisep-upload.service.ts';
import { createJobRegistry } from './platform/jobs/jobs.ts';
import { garExportJob } from './modules/gar/gar-export-job.service.ts';

/** Every kind of background job, registered here and nowhere else: the worker runs these (serve.ts). */
export const jobRegistry = createJobRegistry([aafImportJob, csvImportJob, onisepImportJob, garExportJob]);
