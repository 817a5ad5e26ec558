import { resolve } from 'node:path';
import { z } from 'zod';
import type { Profile } from '@preau/contracts';

/**
 * The whole configuration, read from the environment once, here and nowhere
 * else. A wrong value stops the start with a list of every bad variable.
 */
const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PREAU_DATA: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().default('Préau <ne-pas-repondre@preau.localhost>'),
  PUBLIC_URL: z.url().default('http://localhost:3000'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: booleanish.default(false),
  /**
   * Longest wait, on SIGTERM, for the clients (nginx's kept-alive upstream connections, browsers) to close
   * their connections themselves before the idle ones are cut: a cut races a request the client is sending.
   */
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().min(0).max(60).default(5),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
  LOGIN_MAX_PER_IP: z.coerce.number().int().min(1).default(100),
  LOGIN_FREE_FAILURES: z.coerce.number().int().min(1).default(5),
  /** Node's own variable, read here only to size the password-hashing limit (argon2 runs on libuv's pool). */
  UV_THREADPOOL_SIZE: z.coerce.number().int().min(1).max(1024).default(4),
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(1024).optional(),
  PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(100_000).default(64),
  /** Bearer token that opens /metrics from any address; unset: only from METRICS_ALLOW. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  METRICS_ALLOW: z.string().default('127.0.0.1,::1'),
  SCHOOL_YEAR: z.coerce.number().int().min(2000).max(2100).optional(),
  /** Outside production only: the server's clock starts at this instant and runs from there (browser tests of dated journeys). */
  CLOCK_START: z.iso.datetime({ offset: true }).optional(),
  WEB_DIST: z.string().optional(),
  /** Holiday zone of structures that have not chosen theirs (timetable). */
  SCHOOL_ZONE: z.enum(['A', 'B', 'C']).default('B'),
  S3_ENDPOINT: z.url().optional(),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: booleanish.default(true),
  MESSAGING_ATTACHMENT_MAX_MB: z.coerce.number().min(0.001).max(1024).default(10),
  MESSAGING_MESSAGE_MAX_MB: z.coerce.number().min(0.001).max(4096).default(25),
  MESSAGING_MAX_ATTACHMENTS: z.coerce.number().int().min(1).max(100).default(20),
  /** Bytes an account may keep in stored files (attachments, hand-ins, documents), per profile (MiB). */
  STORAGE_QUOTA_ELEVE_MB: z.coerce.number().min(0).max(1024 * 1024).default(100),
  STORAGE_QUOTA_PARENT_MB: z.coerce.number().min(0).max(1024 * 1024).default(100),
  STORAGE_QUOTA_ENSEIGNANT_MB: z.coerce.number().min(0).max(1024 * 1024).default(1024),
  STORAGE_QUOTA_PERSONNEL_MB: z.coerce.number().min(0).max(1024 * 1024).default(1024),
  STORAGE_QUOTA_COLLECTIVITE_MB: z.coerce.number().min(0).max(1024 * 1024).default(1024),
  STORAGE_QUOTA_INVITE_MB: z.coerce.number().min(0).max(1024 * 1024).default(20),
  /** Files one account may upload in ten minutes, whatever the app. */
  UPLOADS_PER_TEN_MINUTES: z.coerce.number().int().min(1).default(60),
  /** Largest AAF archive the admin area accepts (MiB). */
  PROVISIONING_UPLOAD_MAX_MB: z.coerce.number().min(0.001).max(100 * 1024).default(2048),
  /** false: imports parse and prepare their records on the main thread (one core) rather than a worker thread. */
  PROVISIONING_IMPORT_THREAD: booleanish.default(false),
  /** An import archive (.zip, .tar.gz) is refused beyond this many uncompressed MiB or this many entries (a "zip bomb"). */
  PROVISIONING_ARCHIVE_MAX_MB: z.coerce.number().min(0.001).max(1024 * 1024).default(20 * 1024),
  PROVISIONING_ARCHIVE_MAX_ENTRIES: z.coerce.number().int().min(1).max(10_000_000).default(10_000),
  /** ClamAV's clamd, which scans every document uploaded (espace documentaire): its Unix socket, or host and port. */
  CLAMD_SOCKET: z.string().min(1).optional(),
  CLAMD_HOST: z.string().min(1).optional(),
  CLAMD_PORT: z.coerce.number().int().min(1).max(65535).default(3310),
  CLAMD_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(60),
  /** true: production starts without an antivirus (documents then show "analyse désactivée"). */
  ANTIVIRUS_DISABLED: booleanish.default(false),
  /** Largest file of the espace documentaire (MiB). */
  WORKSPACE_FILE_MAX_MB: z.coerce.number().min(0.001).max(100 * 1024).default(100),
  /** ÉduConnect login (Préau as a SAML service provider): off unless turned on with its IdP metadata and SP key pair. */
  EDUCONNECT_ENABLED: booleanish.default(false),
  /** The IdP's metadata: an https:// (or http://) URL, or a file path. */
  EDUCONNECT_IDP_METADATA: z.string().min(1).optional(),
  /** PEM files of the SP's private key and certificate (signing the AuthnRequests, published in the SP metadata). */
  EDUCONNECT_SP_KEY_FILE: z.string().min(1).optional(),
  EDUCONNECT_SP_CERT_FILE: z.string().min(1).optional(),
  /** Clock difference tolerated with the IdP on NotBefore / NotOnOrAfter. */
  EDUCONNECT_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  // GAR médiacentre (issue 14): the ENT's project id assigned by the GAR, and where the nightly export is written.
  GAR_ID_ENT: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _, at most 64').optional(),
  GAR_EXPORT_DIR: z.string().min(1).optional(),
  /** Inventory agents' requests handled at once per process (default: half the database pool, the rest stays for users). */
  INVENTORY_AGENT_CONCURRENCY: z.coerce.number().int().min(1).max(200).optional(),
  /** Agents' requests waiting for a slot; past that, 503 with Retry-After. */
  INVENTORY_AGENT_QUEUE: z.coerce.number().int().min(0).max(100_000).default(50),
});

export type Env = z.input<typeof EnvSchema>;

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  redisUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  publicUrl: string;
  secureCookies: boolean;
  logLevel: string;
  trustProxy: boolean;
  /** On SIGTERM, longest wait for clients to close their kept-alive connections (SHUTDOWN_DRAIN_SECONDS). */
  shutdownDrainSeconds: number;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  bodyLimit: number;
  loginMaxPerIp: number;
  loginFreeFailures: number;
  /** argon2 hashings run at once, and how many may wait before SERVICE_UNAVAILABLE. */
  passwordHashing: { concurrency: number; queue: number };
  /** Who may read /metrics: a bearer token, or direct (unproxied) requests from these addresses. */
  metrics: { token: string | undefined; allow: string[] };
  /** Fixed school year (start year), or undefined to follow the calendar. */
  schoolYear: number | undefined;
  /** The instant (ms) the clock showed when the process started, or undefined for the real clock; never set in production. */
  clockStart: number | undefined;
  webDist: string | undefined;
  /** Default school-holiday zone of a structure (A, B or C). */
  schoolZone: 'A' | 'B' | 'C';
  /** S3-compatible file storage; undefined: files on local disk under <data>/files. */
  s3: { endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string; forcePathStyle: boolean } | undefined;
  messaging: { attachmentMaxBytes: number; messageMaxBytes: number; maxAttachments: number };
  /** Per-account storage quota by profile, and the upload rate limit (platform/storage/uploads.ts). */
  storage: { quotaBytes: Record<Profile, number>; uploadsPerTenMinutes: number };
  /** clamd to scan documents with; undefined: no antivirus ("analyse désactivée"), refused in production unless disabled on purpose. */
  clamd: { socket: string } | { host: string; port: number } | undefined;
  clamdTimeoutMs: number;
  workspace: { fileMaxBytes: number };
  /** GAR médiacentre: idENT (undefined: not linked to the GAR), and the folder of the nightly export (undefined: no nightly export). */
  gar: { idEnt: string | undefined; exportDir: string | undefined };
  /** Inventory agents' requests handled at once per process, and how many may wait (agent.routes.ts). */
  inventoryAgents: { concurrency: number; queue: number };
  /** AAF uploads of the admin area: size limit, streamed to <data>/imports. */
  provisioning: { uploadMaxBytes: number; importThread: boolean; archive: { maxBytes: number; maxEntries: number } };
  /** ÉduConnect SAML login; undefined when not enabled (docs/CONFIGURATION.md, "ÉduConnect"). */
  educonnect: EduConnectConfig | undefined;
}

export interface EduConnectConfig {
  idpMetadata: { url: string } | { file: string };
  spKeyFile: string;
  spCertFile: string;
  clockSkewMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        return `${name}=${JSON.stringify(cleaned[name] ?? '')}: ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  // An ENT receives files from pupils' home computers: production serves none unscanned unless someone chose to.
  if (e.NODE_ENV === 'production' && !e.CLAMD_SOCKET && !e.CLAMD_HOST && !e.ANTIVIRUS_DISABLED) {
    throw new ConfigError(['CLAMD_SOCKET="": production needs ClamAV (set CLAMD_SOCKET or CLAMD_HOST), or ANTIVIRUS_DISABLED=true to run without it']);
  }
  const educonnect = e.EDUCONNECT_ENABLED ? educonnectConfig(e) : undefined;
  // A moved clock would date absences, marks and sessions wrongly: a test and demo tool only.
  if (e.NODE_ENV === 'production' && e.CLOCK_START) {
    throw new ConfigError([`CLOCK_START=${JSON.stringify(e.CLOCK_START)}: not allowed in production (the server keeps the real time)`]);
  }
  return {
    nodeEnv: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.PREAU_DATA),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: e.PUBLIC_URL.replace(/\/$/, ''),
    secureCookies: e.PUBLIC_URL.startsWith('https://'),
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    shutdownDrainSeconds: e.SHUTDOWN_DRAIN_SECONDS,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    bodyLimit: e.BODY_LIMIT_BYTES,
    loginMaxPerIp: e.LOGIN_MAX_PER_IP,
    loginFreeFailures: e.LOGIN_FREE_FAILURES,
    // One thread of the pool stays free for file and DNS work; at least one hashing at a time.
    passwordHashing: { concurrency: e.PASSWORD_HASH_CONCURRENCY ?? Math.max(1, e.UV_THREADPOOL_SIZE - 1), queue: e.PASSWORD_HASH_QUEUE },
    metrics: {
      token: e.METRICS_TOKEN,
      allow: e.METRICS_ALLOW.split(',').map((a) => a.trim()).filter(Boolean),
    },
    schoolYear: e.SCHOOL_YEAR,
    clockStart: e.CLOCK_START ? Date.parse(e.CLOCK_START) : undefined,
    webDist: e.WEB_DIST,
    schoolZone: e.SCHOOL_ZONE,
    s3:
      e.S3_ENDPOINT && e.S3_BUCKET && e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
        ? {
            endpoint: e.S3_ENDPOINT.replace(/\/$/, ''),
            bucket: e.S3_BUCKET,
            region: e.S3_REGION,
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
          }
        : undefined,
    messaging: {
      attachmentMaxBytes: Math.round(e.MESSAGING_ATTACHMENT_MAX_MB * 1024 * 1024),
      messageMaxBytes: Math.round(e.MESSAGING_MESSAGE_MAX_MB * 1024 * 1024),
      maxAttachments: e.MESSAGING_MAX_ATTACHMENTS,
    },
    storage: {
      quotaBytes: {
        ELEVE: mebibytes(e.STORAGE_QUOTA_ELEVE_MB),
        PARENT: mebibytes(e.STORAGE_QUOTA_PARENT_MB),
        ENSEIGNANT: mebibytes(e.STORAGE_QUOTA_ENSEIGNANT_MB),
        PERSONNEL: mebibytes(e.STORAGE_QUOTA_PERSONNEL_MB),
        COLLECTIVITE: mebibytes(e.STORAGE_QUOTA_COLLECTIVITE_MB),
        INVITE: mebibytes(e.STORAGE_QUOTA_INVITE_MB),
      } satisfies Record<Profile, number>,
      uploadsPerTenMinutes: e.UPLOADS_PER_TEN_MINUTES,
    },
    clamd: e.CLAMD_SOCKET ? { socket: e.CLAMD_SOCKET } : e.CLAMD_HOST ? { host: e.CLAMD_HOST, port: e.CLAMD_PORT } : undefined,
    clamdTimeoutMs: e.CLAMD_TIMEOUT_SECONDS * 1000,
    workspace: { fileMaxBytes: Math.round(e.WORKSPACE_FILE_MAX_MB * 1024 * 1024) },
    gar: { idEnt: e.GAR_ID_ENT, exportDir: e.GAR_EXPORT_DIR },
    inventoryAgents: { concurrency: e.INVENTORY_AGENT_CONCURRENCY ?? Math.max(1, Math.floor(e.DATABASE_POOL_SIZE / 2)), queue: e.INVENTORY_AGENT_QUEUE },
    provisioning: {
      uploadMaxBytes: Math.round(e.PROVISIONING_UPLOAD_MAX_MB * 1024 * 1024),
      importThread: e.PROVISIONING_IMPORT_THREAD,
      archive: { maxBytes: Math.round(e.PROVISIONING_ARCHIVE_MAX_MB * 1024 * 1024), maxEntries: e.PROVISIONING_ARCHIVE_MAX_ENTRIES },
    },
    educonnect,
  };
}

/** ÉduConnect turned on needs all three of its files; each missing one is reported. */
function educonnectConfig(e: z.output<typeof EnvSchema>): EduConnectConfig {
  const missing = (['EDUCONNECT_IDP_METADATA', 'EDUCONNECT_SP_KEY_FILE', 'EDUCONNECT_SP_CERT_FILE'] as const).filter((name) => !e[name]);
  if (missing.length > 0) throw new ConfigError(missing.map((name) => `${name}="": required when EDUCONNECT_ENABLED=true`));
  const metadata = e.EDUCONNECT_IDP_METADATA!;
  // The metadata carries the certificate that assertions are checked against: fetched over plain http, anyone on
  // the path could put his own in and log in as anyone.
  if (/^http:\/\//i.test(metadata)) throw new ConfigError([`EDUCONNECT_IDP_METADATA="${metadata}": an https:// address or a file, never http://`]);
  return {
    idpMetadata: /^https:\/\//i.test(metadata) ? { url: metadata } : { file: resolve(metadata) },
    spKeyFile: resolve(e.EDUCONNECT_SP_KEY_FILE!),
    spCertFile: resolve(e.EDUCONNECT_SP_CERT_FILE!),
    clockSkewMs: e.EDUCONNECT_CLOCK_SKEW_SECONDS * 1000,
  };
}

const mebibytes = (mb: number) => Math.round(mb * 1024 * 1024);

/** The school year a date falls in, named by its start year (rentrée in late August). */
export function schoolYearOf(date: Date, config: Pick<Config, 'schoolYear'>): number {
  if (config.schoolYear) return config.schoolYear;
  return date.getUTCMonth() >= 7 ? date.getUTCFullYear() : date.getUTCFullYear() - 1;
}
