import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DB } from '../../platform/db/database.ts';
import { nationalProfile } from '../connected-services/cas-attributes.ts';
import {
  type ExportPerson,
  type ExportStructure,
  findExportStructures,
  findGroupStudents,
  findGroupTeachings,
  findGroupsPage,
  findPersonsPage,
  findRespAffPage,
  findStructureSubjects,
  findStudentSubjects,
} from './gar-export.repository.ts';
import { exportStem, GarFileWriter, type GarFileType, type GarNode, MAX_NODES_PER_FILE, packExport } from './gar-files.ts';

/**
 * The nightly full export to the GAR (STANDARDS.md §4.3): five kinds of XML
 * file (structures, students, teachers and staff, groups, responsables
 * d'affectation) for the instance, a collectivité or one structure, packed as one
 * .tar.gz with its .md5. Each list is read a page at a time and written
 * straight to disk.
 */

export interface GarExportOptions {
  /** The ENT's project id assigned by the GAR (idENT), the prefix of every file name. */
  idEnt: string;
  /** Only this collectivité's structures; undefined: every structure of the instance (all that the idENT covers). */
  collectiviteId?: string;
  /** Only this structure (its UAI), rather than all the collectivité's. */
  uai?: string;
  schoolYear: number;
  outDir: string;
  now: Date;
  pageSize?: number;
  maxNodesPerFile?: number;
  onProgress?: (progress: { type: GarFileType; nodes: number }) => void;
}

export interface GarExportReport {
  archive: string;
  md5File: string;
  md5: string;
  bytes: number;
  structures: number;
  /** Nodes written per file type, and the XML files (names inside the archive). */
  nodes: Record<GarFileType, number>;
  files: string[];
}

const STAFF_PROFILES: ExportPerson['profile'][] = ['ENSEIGNANT', 'PERSONNEL'];

/** Yields each page of a keyset-paged list until a short page. */
async function* pages<T extends { id: string }>(read: (after: string | undefined) => Promise<T[]>, limit: number): AsyncGenerator<T[]> {
  let after: string | undefined;
  for (;;) {
    const page = await read(after);
    if (page.length > 0) yield page;
    if (page.length < limit) return;
    after = page[page.length - 1]!.id;
  }
}

const text = (name: string, value: string | null | undefined): [string, string | null | undefined] => [name, value];

function identity(person: ExportPerson): GarNode[1] {
  const profile = nationalProfile(person.profile, person.staffFunction);
  return [
    text('GARPersonIdentifiant', person.id),
    ...person.uais.map((uai): GarNode => ['GARPersonProfils', [text('GARStructureUAI', uai), text('GARPersonProfil', profile)]]),
    text('GARPersonNom', person.lastName),
    text('GARPersonPrenom', person.firstName),
    // Préau keeps one first-name field; it is the whole list of first names the GAR asks for here.
    text('GARPersonAutresPrenoms', person.firstName),
    text('GARPersonStructRattach', person.uais[0]),
  ];
}

/** Runs the export; the report names the archive and counts what went in. */
export async function exportGar(db: DB, options: GarExportOptions): Promise<GarExportReport> {
  const limit = options.pageSize ?? 1000;
  const structures: ExportStructure[] = await findExportStructures(db, { collectiviteId: options.collectiviteId, uai: options.uai });
  const structureIds = structures.map((s) => s.id);
  const stem = exportStem(options.idEnt, options.now);
  await mkdir(options.outDir, { recursive: true });
  const work = await mkdtemp(join(options.outDir, '.gar-export-'));
  const writer = (type: GarFileType) => new GarFileWriter(work, stem, type, options.maxNodesPerFile ?? MAX_NODES_PER_FILE);
  const progress = (w: GarFileWriter) => options.onProgress?.({ type: w.type, nodes: w.nodes });
  try {
    const written: GarFileWriter[] = [];

    const etab = writer('Etab');
    for (const s of structures) await etab.add(['GAREtab', [text('GARStructureUAI', s.uai), text('GARStructureNomCourant', s.name)]]);
    for (const s of structures) {
      for (const subject of await findStructureSubjects(db, s.id)) {
        await etab.add(['GARMatiere', [text('GARStructureUAI', s.uai), text('GARMatiereCode', subject.code), text('GARMatiereLibelle', subject.name)]]);
      }
    }
    written.push(etab);
    progress(etab);

    const eleve = writer('Eleve');
    const readStudents = (after: string | undefined) => findPersonsPage(db, { structureIds, schoolYear: options.schoolYear, profiles: ['ELEVE'], after, limit });
    for await (const page of pages(readStudents, limit)) {
      for (const student of page) await eleve.add(['GAREleve', [...identity(student), ...student.uais.map((uai) => text('GARPersonEtab', uai))]]);
      progress(eleve);
    }
    // Second pass: the schema wants every GAREleve before the first GAREleveEnseignement.
    for await (const page of pages(readStudents, limit)) {
      const subjects = await findStudentSubjects(db, { studentIds: page.map((p) => p.id), structureIds });
      for (const row of subjects) {
        await eleve.add(['GAREleveEnseignement', [text('GARStructureUAI', row.uai), text('GARPersonIdentifiant', row.accountId), text('GARMatiereCode', row.subjectCode)]]);
      }
    }
    written.push(eleve);
    progress(eleve);

    const enseignant = writer('Enseignant');
    const readStaff = (after: string | undefined) => findPersonsPage(db, { structureIds, schoolYear: options.schoolYear, profiles: STAFF_PROFILES, after, limit });
    for await (const page of pages(readStaff, limit)) {
      for (const person of page) {
        await enseignant.add([
          'GAREnseignant',
          [...identity(person), ...person.uais.map((uai) => text('GARPersonEtab', uai)), text('GARPersonMail', person.email)],
        ]);
      }
      progress(enseignant);
    }
    written.push(enseignant);

    const groupe = writer('Groupe');
    const readGroups = (after: string | undefined) => findGroupsPage(db, { structureIds, schoolYear: options.schoolYear, after, limit });
    for await (const page of pages(readGroups, limit)) {
      for (const g of page) {
        await groupe.add(['GARGroupe', [text('GARGroupeCode', g.code), text('GARStructureUAI', g.uai), text('GARGroupeLibelle', g.name), text('GARGroupeStatut', g.kind)]]);
      }
    }
    for await (const page of pages(readGroups, limit)) {
      const byId = new Map(page.map((g) => [g.id, g]));
      for (const row of await findGroupStudents(db, [...byId.keys()])) {
        const g = byId.get(row.groupId)!;
        await groupe.add(['GARPersonGroupe', [text('GARStructureUAI', g.uai), text('GARPersonIdentifiant', row.accountId), text('GARGroupeCode', g.code)]]);
      }
    }
    // GAREnsClasseMatiere (all of them), then GAREnsGroupeMatiere: one node per teacher and class or group, its subjects inside.
    for (const kind of ['DIVISION', 'GROUPE'] as const) {
      for await (const page of pages(readGroups, limit)) {
        const byId = new Map(page.filter((g) => g.kind === kind).map((g) => [g.id, g]));
        const subjects = new Map<string, { teacherId: string; groupId: string; codes: Set<string> }>();
        for (const t of await findGroupTeachings(db, { groupIds: [...byId.keys()], structureIds, schoolYear: options.schoolYear })) {
          const groupId = (kind === 'DIVISION' ? t.classId : t.groupId) ?? '';
          if (!byId.has(groupId)) continue;
          const key = `${t.teacherId}/${groupId}`;
          const entry = subjects.get(key) ?? { teacherId: t.teacherId, groupId, codes: new Set<string>() };
          entry.codes.add(t.subjectCode);
          subjects.set(key, entry);
        }
        for (const { teacherId, groupId, codes } of subjects.values()) {
          const g = byId.get(groupId)!;
          await groupe.add([
            kind === 'DIVISION' ? 'GAREnsClasseMatiere' : 'GAREnsGroupeMatiere',
            [text('GARStructureUAI', g.uai), text('GARPersonIdentifiant', teacherId), text('GARGroupeCode', g.code), ...[...codes].sort().map((c) => text('GARMatiereCode', c))],
          ]);
        }
      }
    }
    written.push(groupe);
    progress(groupe);

    const respAff = writer('RespAff');
    const readRespAff = (after: string | undefined) => findRespAffPage(db, { structureIds, after, limit });
    for await (const page of pages(readRespAff, limit)) {
      // The GAR requires a mail for each; naming one without is refused (GAR_RESP_AFF_NO_EMAIL), so only an address removed since is skipped.
      for (const r of page.filter((p) => p.email)) {
        await respAff.add([
          'GARRespAff',
          [
            text('GARPersonIdentifiant', r.id),
            text('GARPersonNom', r.lastName),
            text('GARPersonPrenom', r.firstName),
            text('GARPersonMail', r.email),
            ...r.uais.map((uai) => text('GARRespAffEtab', uai)),
          ],
        ]);
      }
    }
    written.push(respAff);
    progress(respAff);

    const files: string[] = [];
    for (const w of written) files.push(...(await w.close()));
    const packed = await packExport(files, options.outDir, stem);
    const nodes = Object.fromEntries(written.map((w) => [w.type, w.nodes])) as Record<GarFileType, number>;
    return { ...packed, structures: structures.length, nodes, files: files.map((f) => f.slice(work.length + 1)) };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
