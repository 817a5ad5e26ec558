import { z } from 'zod';

/** What an AAF import did, as its report, the job page and `--report file.json` show it. */

export const importEntityTypes = ['STRUCTURE', 'SUBJECT', 'MEF', 'STAFF', 'STUDENT', 'PARENT'] as const;
export const ImportEntityType = z.enum(importEntityTypes);
export type ImportEntityType = z.infer<typeof ImportEntityType>;

export const importActions = ['created', 'updated', 'unchanged', 'leaving', 'restored', 'rejected', 'deleted'] as const;
export const ImportAction = z.enum(importActions);
export type ImportAction = z.infer<typeof ImportAction>;

/** Why a record was not applied (the rest of the file goes on). */
export const rejectionReasons = [
  'MISSING_ATTRIBUTE',
  'UNKNOWN_STRUCTURE',
  'MALFORMED_DATE',
  'BAD_UAI',
  'DUPLICATED_JOINTURE',
  'BAD_PACKED_VALUE',
  'JOINTURE_MISMATCH',
  'UNKNOWN_JOINTURE',
  'UAI_TAKEN',
  'PROFILE_CONFLICT',
  'UNSUPPORTED_REQUEST',
  'WRONG_CATEGORY',
  // CSV imports: a class a teacher's row names is not in the structure, a parent's child is not a known student, a staff function is not known.
  'UNKNOWN_CLASS',
  'UNKNOWN_CHILD',
  'UNKNOWN_FUNCTION',
  // A record naming a structure, or the jointure of an account, of another collectivité than the import's.
  'STRUCTURE_OF_ANOTHER_COLLECTIVITE',
  'ACCOUNT_OF_ANOTHER_COLLECTIVITE',
] as const;
export const RejectionReason = z.enum(rejectionReasons);
export type RejectionReason = z.infer<typeof RejectionReason>;

export const ImportRejection = z.object({
  file: z.string(),
  line: z.number().int(),
  jointure: z.string(),
  reason: RejectionReason,
  /** The attribute or value at fault, when there is one (never a person's name). */
  detail: z.string().nullable(),
});
export type ImportRejection = z.infer<typeof ImportRejection>;

export const ImportFileReport = z.object({
  name: z.string(),
  type: z.string(),
  mode: z.enum(['COMPLET', 'DELTA']),
  records: z.number().int(),
  status: z.enum(['DONE', 'FAILED', 'PENDING']),
  /** For a FAILED file: what stopped it, and where. */
  error: z.string().nullable(),
  errorLine: z.number().int().nullable(),
  /** For a FAILED file: 'EARLIER_APPLIED' (the records before the error were applied) or 'NONE_APPLIED' (dry run). */
  appliedBeforeError: z.enum(['EARLIER_APPLIED', 'NONE_APPLIED']).nullable(),
});
export type ImportFileReport = z.infer<typeof ImportFileReport>;

export const ImportCounts = z.record(ImportEntityType, z.record(ImportAction, z.number().int()));
export type ImportCounts = z.infer<typeof ImportCounts>;

export const ImportReport = z.object({
  dryRun: z.boolean(),
  academy: z.string(),
  schoolYear: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string(),
  files: z.array(ImportFileReport),
  /** Files given that are not AAF files, left aside. */
  ignored: z.array(z.string()),
  counts: ImportCounts,
  /** Accounts blocked (grace period over) and purged (retention over) by this run. */
  lifecycle: z.object({ blocked: z.number().int(), purged: z.number().int() }),
  /** Types whose complet files failed: departures were not computed for them. */
  departuresSkipped: z.array(ImportEntityType),
  rejections: z.array(ImportRejection),
  /** Rejections beyond the list's limit (counted, not listed). */
  rejectionsNotListed: z.number().int(),
  /** True when nothing at all was written. */
  unchanged: z.boolean(),
});
export type ImportReport = z.infer<typeof ImportReport>;

/** Progress of a running import, per file: records read so far. */
export const ImportProgress = z.object({
  phase: z.enum(['READING', 'DEPARTURES', 'DONE']),
  files: z.array(z.object({ name: z.string(), type: z.string(), records: z.number().int(), status: z.enum(['DONE', 'FAILED', 'PENDING', 'READING']) })),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

export const ImportJob = z.object({
  id: z.uuid(),
  status: z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED']),
  progress: ImportProgress.nullable(),
  report: ImportReport.nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof ImportJob>;

/** Which import a job runs: AAF files or CSV files of one structure. */
export const ImportJobKind = z.enum(['aaf', 'csv']);
export type ImportJobKind = z.infer<typeof ImportJobKind>;

/** An import job as the admin area lists it (history of a collectivité). */
export const ImportJobSummary = z.object({
  id: z.uuid(),
  kind: ImportJobKind,
  status: ImportJob.shape.status,
  /** The uploaded file's name. */
  fileName: z.string().nullable(),
  dryRun: z.boolean(),
  /** Records read so far (all files). */
  records: z.number().int(),
  rejected: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJobSummary = z.infer<typeof ImportJobSummary>;

export const ImportJobList = z.object({ items: z.array(ImportJobSummary) });
export type ImportJobList = z.infer<typeof ImportJobList>;

/**
 * An import job as the upload page polls it: the report's rejections are cut
 * to the first page (`rejectionsTotal` counts them all; the rest come from
 * the rejections route or the JSON download).
 */
export const ImportJobDetail = ImportJob.extend({
  kind: ImportJobKind,
  fileName: z.string().nullable(),
  dryRun: z.boolean(),
  rejectionsTotal: z.number().int(),
});
export type ImportJobDetail = z.infer<typeof ImportJobDetail>;

export const ImportRejectionPage = z.object({
  items: z.array(ImportRejection),
  total: z.number().int(),
  offset: z.number().int(),
});
export type ImportRejectionPage = z.infer<typeof ImportRejectionPage>;

export const ImportRejectionQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const ImportUploadQuery = z.object({
  dryRun: z.enum(['true', 'false']).optional(),
  /** The academy of the files (RENNES or AC-RENNES), needed when no EtabEducNat file states it (a delta of students). */
  academy: z.string().trim().regex(/^[A-Za-z][A-Za-z-]{1,39}$/).optional(),
  /** The collectivité of new structures; by default the only one the ADMC administers. */
  collectiviteId: z.uuid().optional(),
});

export const CsvUploadQuery = z.object({
  /** UAI of the structure whose accounts the files hold (a structure of the ADMC's collectivité, not provisioned from the AAF). */
  structure: z.string().trim().regex(/^[0-9]{7}[A-Za-z]$/),
  dryRun: z.enum(['true', 'false']).optional(),
  /** By default the only collectivité the ADMC administers. */
  collectiviteId: z.uuid().optional(),
});

export const ImportStarted = z.object({ id: z.uuid() });
export type ImportStarted = z.infer<typeof ImportStarted>;
