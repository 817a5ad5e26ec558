import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { OnisepActionsTable, OnisepFormationsTable, OnisepMetiersTable, OnisepStructuresTable } from '../../platform/db/schema-orientation.ts';
import { normalizeForSearch } from '../../platform/search-key.ts';
import type { RawRecord } from './onisep-reader.ts';

/**
 * From an Onisep record to a catalogue row: which dataset a file holds (by
 * its columns, STANDARDS.md §5), the Onisep identifier taken from the URL
 * column (`…/formation/slug/FOR.1234`), and why a row is rejected.
 */

export type Dataset = 'formations' | 'structures' | 'actions' | 'metiers';

/** The column that tells each dataset apart, in the order they are tried. */
const signatures: [Dataset, string][] = [
  ['actions', 'action_de_formation_af_identifiant_onisep'],
  ['formations', 'libelle_formation_principal'],
  ['metiers', 'libelle_metier'],
  ['structures', 'type_detablissement'],
];

export function datasetOf(fields: Record<string, string>): Dataset | undefined {
  return signatures.find(([, column]) => column in fields)?.[0];
}

/** A catalogue row as the import writes it (the search vector is computed by the database). */
export type FormationRow = Omit<Selectable<OnisepFormationsTable>, 'search_vector'>;
export type StructureRow = Selectable<OnisepStructuresTable>;
export type ActionRow = Selectable<OnisepActionsTable>;
export interface MetierRow extends Omit<Selectable<OnisepMetiersTable>, 'search_vector'> {
  /** Formations leading to it (FOR ids), kept in onisep_formation_metiers. */
  formation_ids: string[];
}

export type CatalogueRow =
  | { dataset: 'formations'; row: FormationRow }
  | { dataset: 'structures'; row: StructureRow }
  | { dataset: 'actions'; row: ActionRow }
  | { dataset: 'metiers'; row: MetierRow };

export type Mapped = { ok: true; value: CatalogueRow } | { ok: false; reason: string };

const MAX_TEXT = 500;

function opt(value: string | undefined): string | null {
  const v = (value ?? '').trim();
  return v ? v.slice(0, MAX_TEXT) : null;
}

/** The Onisep identifier of a kind (FOR, ENS, AF, MET) in a URL or a bare id. */
export function onisepId(value: string | undefined, kind: 'FOR' | 'ENS' | 'AF' | 'MET'): string | undefined {
  const match = (value ?? '').match(new RegExp(`(?:^|[^A-Za-z])(${kind}\\.\\d{1,10})(?!\\d)`));
  return match?.[1];
}

/** The Onisep id a record names, whether or not the rest of the row can be used (the same columns mapRecord reads). */
export function idNamedBy(dataset: Dataset, fields: Record<string, string>): string | undefined {
  switch (dataset) {
    case 'formations':
      return onisepId(fields.url_et_id_onisep, 'FOR');
    case 'structures':
      return onisepId(fields.url_et_id_onisep, 'ENS');
    case 'actions':
      return onisepId(fields.action_de_formation_af_identifiant_onisep, 'AF');
    case 'metiers':
      return onisepId(fields.lien_site_onisepfr, 'MET');
  }
}

/** onisep.fr pages only: the URL is shown as a link. */
function onisepUrl(value: string | undefined, id: string, kind: string): string {
  const v = (value ?? '').trim();
  if (/^https:\/\/(www\.)?onisep\.fr\//.test(v)) return v.slice(0, MAX_TEXT);
  return `https://www.onisep.fr/http/redirection/${kind}/slug/${id}`;
}

/** "bac + 2", "CAP ou équivalent", "bac + 5 et plus" → CAP, BAC, BAC+1 … BAC+5. */
export function levelCode(label: string | undefined): string | null {
  const v = normalizeForSearch(label ?? '');
  if (!v) return null;
  const plus = v.match(/bac (\d)/);
  if (plus) return `BAC+${Math.min(Number(plus[1]), 5)}`;
  if (/\b(cap|bep|niveau 3)\b/.test(v)) return 'CAP';
  if (/\bbac\b|niveau 4/.test(v)) return 'BAC';
  if (/niveau 5/.test(v)) return 'BAC+2';
  if (/niveau 6/.test(v)) return 'BAC+3';
  if (/niveau [78]/.test(v)) return 'BAC+5';
  return null;
}

function coordinate(value: string | undefined, limit: number): number | null | 'invalid' {
  const v = (value ?? '').trim().replace(',', '.');
  if (!v) return null;
  const n = Number(v);
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : 'invalid';
}

function hashOf(value: object): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 32);
}

function words(...values: (string | null | undefined)[]): string {
  return normalizeForSearch(values.filter(Boolean).join(' '));
}

export function mapRecord(dataset: Dataset, record: RawRecord): Mapped {
  const f = record.fields;
  switch (dataset) {
    case 'formations': {
      const id = onisepId(f.url_et_id_onisep, 'FOR');
      if (!id) return { ok: false, reason: 'url_et_id_onisep: no FOR.n identifier' };
      const label = opt(f.libelle_formation_principal);
      if (!label) return { ok: false, reason: 'libelle_formation_principal: empty' };
      const base = {
        onisep_id: id,
        url: onisepUrl(f.url_et_id_onisep, id, 'formation'),
        label,
        acronym: opt(f.sigle_formation),
        type_acronym: opt(f.sigle_type_formation),
        type_label: opt(f.libelle_type_formation),
        level: levelCode(f.niveau_de_sortie_indicatif),
        level_label: opt(f.niveau_de_sortie_indicatif),
        duration: opt(f.duree),
        nsf_code: opt(f.code_nsf),
        cfd: opt(f.code_scolarite),
        rncp: opt(f.code_rncp),
        tutelle: opt(f.tutelle),
      };
      const row = {
        ...base,
        search_title: words(base.label, base.acronym, base.type_acronym),
        search_extra: words(base.type_label, base.level_label),
      };
      return { ok: true, value: { dataset, row: { ...row, content_hash: hashOf(row) } } };
    }
    case 'structures': {
      const id = onisepId(f.url_et_id_onisep, 'ENS');
      if (!id) return { ok: false, reason: 'url_et_id_onisep: no ENS.n identifier' };
      const name = opt(f.nom);
      if (!name) return { ok: false, reason: 'nom: empty' };
      const latitude = coordinate(f.latitude_y, 90);
      const longitude = coordinate(f.longitude_x, 180);
      if (latitude === 'invalid') return { ok: false, reason: 'latitude_y: not a latitude' };
      if (longitude === 'invalid') return { ok: false, reason: 'longitude_x: not a longitude' };
      const row = {
        onisep_id: id,
        url: onisepUrl(f.url_et_id_onisep, id, 'etablissement'),
        uai: opt(f.code_uai)?.toUpperCase() ?? null,
        name,
        kind: opt(f.type_detablissement),
        status: statusOf(f.statut),
        address: opt(f.adresse),
        postcode: opt(f.cp),
        city: opt(f.commune),
        departement: opt(f.departement),
        academie: opt(f.academie),
        region: opt(f.region),
        latitude,
        longitude,
      };
      return { ok: true, value: { dataset, row: { ...row, content_hash: hashOf(row) } } };
    }
    case 'actions': {
      const id = onisepId(f.action_de_formation_af_identifiant_onisep, 'AF');
      if (!id) return { ok: false, reason: 'action_de_formation_af_identifiant_onisep: no AF.n identifier' };
      const formationId = onisepId(f.for_url_et_id_onisep, 'FOR');
      if (!formationId) return { ok: false, reason: 'for_url_et_id_onisep: no FOR.n identifier' };
      const structureId = onisepId(f.ens_url_et_id_onisep, 'ENS');
      if (!structureId) return { ok: false, reason: 'ens_url_et_id_onisep: no ENS.n identifier' };
      const row = {
        onisep_id: id,
        formation_id: formationId,
        structure_id: structureId,
        apprenticeship: isApprenticeship(f),
        duration: opt(f.af_duree_cycle_standard),
      };
      return { ok: true, value: { dataset, row: { ...row, content_hash: hashOf(row) } } };
    }
    case 'metiers': {
      const id = onisepId(f.lien_site_onisepfr, 'MET');
      if (!id) return { ok: false, reason: 'lien_site_onisepfr: no MET.n identifier' };
      const label = opt(f.libelle_metier);
      if (!label) return { ok: false, reason: 'libelle_metier: empty' };
      const formationIds = [...new Set([...(f.formations_min_requise ?? '').matchAll(/FOR\.\d{1,10}/g)].map((m) => m[0]))].sort();
      const base = {
        onisep_id: id,
        url: onisepUrl(f.lien_site_onisepfr, id, 'metier'),
        label,
        rome_code: opt(f.code_rome),
        rome_label: opt(f.libelle_rome),
        domain: opt(f['domainesous-domaine']),
      };
      const row = { ...base, search_title: words(base.label), search_extra: words(base.rome_label, base.domain) };
      return { ok: true, value: { dataset, row: { ...row, content_hash: hashOf({ ...row, formationIds }), formation_ids: formationIds } } };
    }
  }
}

function statusOf(value: string | undefined): string | null {
  const v = normalizeForSearch(value ?? '');
  if (!v) return null;
  if (v.startsWith('public')) return 'PUBLIC';
  if (v.startsWith('prive')) return 'PRIVE';
  return null;
}

/** Apprenticeship is named in the action's modality columns (`apprentissage`, `modalite…`, `for_type`). */
function isApprenticeship(fields: Record<string, string>): boolean {
  return Object.entries(fields).some(
    ([name, value]) => (name === 'apprentissage' && /^(oui|o|1|true|vrai)$/i.test(value)) ||
      ((name.startsWith('modalite') || name.startsWith('af_modalite') || name === 'for_type') && /apprentissage/i.test(value)),
  );
}
