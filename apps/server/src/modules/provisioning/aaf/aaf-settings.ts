import { createHash } from 'node:crypto';

/** What an AAF function code (`ENTPersonFonctions`, 2nd field) makes of a staff member. */
export const functionCategories = ['DIR', 'ENS', 'DOC', 'EVS', 'PSY', 'ETA', 'ACA', 'COL'] as const;
export type FunctionCategory = (typeof functionCategories)[number];

/**
 * Function code → category, from STANDARDS.md §1.2 (alambic, laclasse).
 * Projects disagree on a few codes: override with `--function-map file.json`.
 */
export const defaultFunctionMap: Record<string, FunctionCategory> = {
  ...Object.fromEntries(['DIR', 'DEC', 'DECPR', 'DSES'].map((c) => [c, 'DIR'])),
  DOC: 'DOC',
  ...Object.fromEntries(['ENS', 'FCA', 'FCP', 'FIJ', 'BED', 'EAP', 'IS', 'ISES', 'PPA', 'RH1D', 'RPL', 'UPI'].map((c) => [c, 'ENS'])),
  ...Object.fromEntries(['EDU', 'AED', 'SUR', 'AES', 'ADE'].map((c) => [c, 'EVS'])),
  // STANDARDS.md §1.2 files the psychologues (PSY, and ORI, the former conseillers d'orientation-psychologues) under
  // ETA; Préau keeps them apart because they follow every class's orientation projects (issue 17).
  PSY: 'PSY',
  ORI: 'PSY',
  ...Object.fromEntries(['ADF', 'ADM', 'ADA', 'ALB', 'ASE', 'ASH', 'CFC', 'CPD', 'CTR', 'LAB', 'MDS', 'OUV', 'TEC'].map((c) => [c, 'ETA'])),
  INS: 'ACA',
  INJ: 'ACA',
  COLTER: 'COL',
};

/** When a person has several functions, the first category in this list decides the profile. */
export const categoryPriority: FunctionCategory[] = ['DIR', 'ENS', 'DOC', 'EVS', 'PSY', 'ETA', 'ACA', 'COL'];

/** Everything an AAF import run depends on. */
export interface AafImportSettings {
  /** Prefix of every jointure key (e.g. AC-RENNES): ids are unique only within one academy. */
  academy: string;
  /** The collectivité new structures belong to. */
  collectiviteId: string;
  schoolYear: number;
  /** Records per transaction. */
  batchSize: number;
  /** respLégal values of ENTElevePersRelEleve that make a parent link (SIECLE: 1 and 2 are the legal representatives). */
  respLegal: number[];
  functionMap: Record<string, FunctionCategory>;
  /** Days between "leaving" and blocked. */
  graceDays: number;
  /** Days between "leaving" and purged. */
  retentionDays: number;
  /** Rejections listed in the report (the others are counted). */
  maxRejectionsListed: number;
}

export const defaultSettings = {
  batchSize: 1000,
  respLegal: [1, 2],
  functionMap: defaultFunctionMap,
  graceDays: 30,
  retentionDays: 90,
  maxRejectionsListed: 10_000,
} satisfies Partial<AafImportSettings>;

/** A hash of the settings that change what a record becomes: part of every record hash. */
export function settingsFingerprint(settings: AafImportSettings): string {
  const mapping = Object.entries(settings.functionMap).sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256')
    .update(JSON.stringify([settings.schoolYear, [...settings.respLegal].sort(), mapping]))
    .digest('base64url')
    .slice(0, 16);
}

/** Academy prefixes as they appear in keys: upper case, `AC-` added when missing (RENNES → AC-RENNES). */
export function normalizeAcademy(value: string): string {
  const upper = value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return upper.startsWith('AC-') ? upper : `AC-${upper}`;
}
