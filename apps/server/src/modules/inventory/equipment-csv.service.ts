import {
  type EquipmentCsvReport,
  type EquipmentKind,
  type EquipmentStatus,
  CreateEquipmentBody,
  equipmentKinds,
  equipmentStatuses,
} from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import type { Actor } from '../../platform/authorization.ts';
import { cleanDisplayText } from '../../platform/display-text.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
// The project's RFC 4180 reader (separator detection, quoted fields), shared with the AAF/CSV provisioning.
import { CsvFileError, parseCsv } from '../provisioning/csv/csv-parser.ts';
import { authorizeStructure } from './equipment.service.ts';
import { findEquipmentPage, insertEquipment, insertHistory, serialExists } from './inventory.repository.ts';

/**
 * The other equipment (projectors, boards, printers…) from and to the
 * spreadsheets schools already keep: one row per equipment, French headers,
 * `;` or `,`, UTF-8 or Windows-1252. Valid rows are imported together, the
 * others come back with their line and the reason; a serial already in the
 * register is left alone.
 */

export const MAX_CSV_BYTES = 2 * 1024 * 1024;
const MAX_ROWS = 5000;
const MAX_EXPORT = 20_000;

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Header (folded) → field; the first names are the ones the export writes. */
const COLUMNS: Record<string, keyof CreateEquipmentBody> = {
  type: 'kind',
  nom: 'name',
  designation: 'name',
  batiment: 'building',
  salle: 'room',
  'numero de serie': 'serial',
  'n de serie': 'serial',
  serie: 'serial',
  marque: 'manufacturer',
  fabricant: 'manufacturer',
  modele: 'model',
  'date d achat': 'purchasedOn',
  achat: 'purchasedOn',
  'fin de garantie': 'warrantyEndsOn',
  garantie: 'warrantyEndsOn',
  statut: 'status',
  etat: 'status',
};
const HEADERS = ['Type', 'Nom', 'Bâtiment', 'Salle', 'Numéro de série', 'Marque', 'Modèle', "Date d'achat", 'Fin de garantie', 'Statut'];

const KIND_WORDS: Record<string, EquipmentKind> = {
  ordinateur: 'COMPUTER',
  'poste fixe': 'COMPUTER',
  pc: 'COMPUTER',
  portable: 'LAPTOP',
  'ordinateur portable': 'LAPTOP',
  tablette: 'TABLET',
  imprimante: 'PRINTER',
  videoprojecteur: 'PROJECTOR',
  projecteur: 'PROJECTOR',
  tbi: 'INTERACTIVE_BOARD',
  tni: 'INTERACTIVE_BOARD',
  'ecran interactif': 'INTERACTIVE_BOARD',
  'tableau interactif': 'INTERACTIVE_BOARD',
  reseau: 'NETWORK',
  switch: 'NETWORK',
  'borne wifi': 'NETWORK',
  autre: 'OTHER',
};
/** The French names of the types, as schools write them (CSV columns, printed labels). */
export const KIND_LABELS: Record<EquipmentKind, string> = {
  COMPUTER: 'Ordinateur',
  LAPTOP: 'Portable',
  TABLET: 'Tablette',
  PRINTER: 'Imprimante',
  PROJECTOR: 'Vidéoprojecteur',
  INTERACTIVE_BOARD: 'Écran interactif',
  NETWORK: 'Réseau',
  OTHER: 'Autre',
};
const STATUS_WORDS: Record<string, EquipmentStatus> = {
  'en service': 'IN_SERVICE',
  'en panne': 'BROKEN',
  panne: 'BROKEN',
  'en reparation': 'IN_REPAIR',
  reforme: 'RETIRED',
  retire: 'RETIRED',
};
const STATUS_LABELS: Record<EquipmentStatus, string> = { IN_SERVICE: 'En service', BROKEN: 'En panne', IN_REPAIR: 'En réparation', RETIRED: 'Réformé' };

function kindOf(value: string): EquipmentKind | undefined {
  const upper = value.trim().toUpperCase();
  if ((equipmentKinds as readonly string[]).includes(upper)) return upper as EquipmentKind;
  return KIND_WORDS[fold(value)];
}

function statusOf(value: string): EquipmentStatus | undefined {
  const upper = value.trim().toUpperCase();
  if ((equipmentStatuses as readonly string[]).includes(upper)) return upper as EquipmentStatus;
  return STATUS_WORDS[fold(value)];
}

/** 31/01/2027 (as French spreadsheets write it) or 2027-01-31; a day that does not exist is no date. */
function dateOf(value: string): string | undefined {
  const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  const iso = fr ? `${fr[3]}-${fr[2]!.padStart(2, '0')}-${fr[1]!.padStart(2, '0')}` : value.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return undefined;
  const day = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(iso) ? iso : undefined;
}

/** Column names as the sheet's reader knows them, for the rejection report. */
const FIELD_LABELS: Record<keyof CreateEquipmentBody, string> = {
  kind: 'Type',
  name: 'Nom',
  building: 'Bâtiment',
  room: 'Salle',
  serial: 'Numéro de série',
  manufacturer: 'Marque',
  model: 'Modèle',
  purchasedOn: 'Date d’achat',
  warrantyEndsOn: 'Fin de garantie',
  status: 'Statut',
};

function decode(body: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body).replace(/^\uFEFF/, '');
  } catch {
    // Excel's "CSV (séparateur : point-virgule)" writes Windows-1252.
    return new TextDecoder('windows-1252').decode(body);
  }
}

async function* once(text: string) {
  yield text;
}

/** Imports a structure's equipment from a CSV file (its admins); `dryRun` reports without writing. */
export async function importEquipmentCsv(platform: Platform, actor: Actor, structureId: string, body: Buffer, dryRun: boolean): Promise<EquipmentCsvReport> {
  await authorizeStructure(platform, actor, 'inventory.manage', structureId);
  const report: EquipmentCsvReport = { dryRun, created: 0, skipped: [], rejected: [] };
  const valid: { line: number; value: CreateEquipmentBody }[] = [];
  let columns: (keyof CreateEquipmentBody | undefined)[] | undefined;
  const seenSerials = new Set<string>();
  try {
    for await (const row of parseCsv(once(decode(body)))) {
      if (!columns) {
        columns = row.fields.map((h) => COLUMNS[fold(h)]);
        if (!columns.includes('kind') || !columns.includes('name')) throw new AppError('VALIDATION_FAILED', { fields: { file: 'Les colonnes « Type » et « Nom » sont obligatoires.' } });
        continue;
      }
      if (valid.length + report.rejected.length >= MAX_ROWS) {
        report.rejected.push({ line: row.line, reason: `Plus de ${MAX_ROWS} lignes : la suite du fichier n’est pas lue.` });
        break;
      }
      const raw: Record<string, unknown> = {};
      const problems: string[] = [];
      const reported = new Set<string>();
      columns.forEach((field, i) => {
        const cell = (row.fields[i] ?? '').trim();
        if (!field || cell === '') return;
        reported.add(field);
        if (field === 'kind') raw.kind = kindOf(cell) ?? (problems.push(`type inconnu « ${cell} »`), undefined);
        else if (field === 'status') raw.status = statusOf(cell) ?? (problems.push(`statut inconnu « ${cell} »`), undefined);
        else if (field === 'purchasedOn' || field === 'warrantyEndsOn') raw[field] = dateOf(cell) ?? (problems.push(`date illisible « ${cell} » (attendu JJ/MM/AAAA)`), undefined);
        else raw[field] = cell;
      });
      const parsed = CreateEquipmentBody.safeParse(raw);
      if (problems.length > 0 || !parsed.success) {
        // A cell already explained above is not explained twice.
        const zodProblems = parsed.success
          ? []
          : parsed.error.issues
              .filter((i) => !(problems.length > 0 && reported.has(String(i.path[0]))))
              .map((i) => `${FIELD_LABELS[i.path[0] as keyof CreateEquipmentBody] ?? 'ligne'} manquant, trop long ou invalide`);
        report.rejected.push({ line: row.line, reason: [...problems, ...zodProblems].join(' ; ') });
        continue;
      }
      if (parsed.data.serial) {
        if (seenSerials.has(parsed.data.serial)) {
          report.rejected.push({ line: row.line, reason: `numéro de série ${parsed.data.serial} en double dans le fichier` });
          continue;
        }
        seenSerials.add(parsed.data.serial);
      }
      valid.push({ line: row.line, value: parsed.data });
    }
  } catch (error) {
    if (error instanceof CsvFileError) throw new AppError('VALIDATION_FAILED', { fields: { file: `Fichier CSV illisible (ligne ${error.line}) : ${error.message}` } });
    throw error;
  }
  if (!columns) throw new AppError('VALIDATION_FAILED', { fields: { file: 'Le fichier est vide.' } });

  await platform.database.db.transaction().execute(async (trx) => {
    for (const { line, value } of valid) {
      if (value.serial && (await serialExists(trx, structureId, value.serial))) {
        report.skipped.push({ line, serial: value.serial });
        continue;
      }
      report.created += 1;
      if (dryRun) continue;
      const created = await insertEquipment(trx, structureId, {
        kind: value.kind,
        name: cleanDisplayText(value.name),
        building: value.building ?? null,
        room: value.room ?? null,
        serial: value.serial ?? null,
        manufacturer: value.manufacturer ?? null,
        model: value.model ?? null,
        purchased_on: value.purchasedOn ?? null,
        warranty_ends_on: value.warrantyEndsOn ?? null,
        status: value.status,
        source: 'CSV',
      });
      await insertHistory(trx, { equipmentId: created.id, kind: 'CREATED', summary: `Importé d’un tableur (ligne ${line})`, actorId: actor.accountId });
    }
    if (!dryRun) {
      await audit(trx, { actorId: actor.accountId, action: 'inventory.csv.import', targetType: 'structure', targetId: structureId, structureId, details: { created: report.created, rejected: report.rejected.length } });
    }
  });
  return report;
}

/** A spreadsheet cell: quoted, and never read as a formula (CSV injection). */
function csvCell(value: string | null): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

const frDate = (iso: string | null) => (iso ? iso.split('-').reverse().join('/') : '');

/** The structure's register as CSV (UTF-8 with BOM and `;`, as French spreadsheets open it), the import's columns. */
export async function exportEquipmentCsv(platform: Platform, actor: Actor, structureId: string): Promise<{ fileName: string; csv: string }> {
  const structure = await authorizeStructure(platform, actor, 'inventory.read', structureId);
  const lines = [HEADERS.map(csvCell).join(';')];
  let after: { name: string; id: string } | undefined;
  const now = new Date(platform.now());
  // Page by page (the list's keyset), bounded: a lycée has a few thousand items.
  while (lines.length <= MAX_EXPORT) {
    const rows = await findEquipmentPage(platform.database.db, structureId, { limit: 1000 }, after, now);
    for (const r of rows.slice(0, 1000)) {
      lines.push(
        [KIND_LABELS[r.kind as EquipmentKind] ?? r.kind, r.name, r.building, r.room, r.serial, r.manufacturer, r.model, frDate(r.purchased_on), frDate(r.warranty_ends_on), STATUS_LABELS[r.status as EquipmentStatus] ?? r.status]
          .map(csvCell)
          .join(';'),
      );
    }
    if (rows.length <= 1000) break;
    const last = rows[999]!;
    after = { name: last.name, id: last.id };
  }
  return { fileName: `inventaire-${structure.uai}.csv`, csv: `\uFEFF${lines.join('\r\n')}\r\n` };
}
