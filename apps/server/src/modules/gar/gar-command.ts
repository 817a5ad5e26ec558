import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isValidUai } from '@preau/contracts';
import type { Config } from '../../platform/config.ts';
import { enqueueJob, runJob } from '../../platform/jobs/jobs.ts';
import { createPlatform, type Platform } from '../../platform/platform.ts';
import { findCollectiviteOfUai, findCollectivites } from './gar-export.repository.ts';
import { garExportJob } from './gar-export-job.service.ts';
import type { GarExportReport } from './gar-export.service.ts';

export const garUsage = `Usage:
  preau gar export --out <dir> [--structure <UAI>] [--collectivite <id|name>] [--id-ent <idENT>]
    Writes the GAR export (docs/gar/EXPORT.md): <idENT>_GAR-ENT_Complet_<date>_2D.tar.gz and its .md5 in <dir>.
    Without --structure nor --collectivite: every structure of the instance. --id-ent defaults to GAR_ID_ENT.`;

/** What the command prints and how it ends; `runGar` takes the platform so tests drive it directly. */
export interface CommandResult {
  code: number;
  out: string[];
  err: string[];
}

/** `preau gar export`: the same job the nightly run queues, run here and waited for. */
export async function runGar(platform: Platform, argv: string[]): Promise<CommandResult> {
  const result: CommandResult = { code: 0, out: [], err: [] };
  const fail = (message: string, code = 2) => ({ ...result, code, err: [message] });
  const [sub, ...rest] = argv;
  if (sub !== 'export') return fail(garUsage);
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { out: { type: 'string' }, structure: { type: 'string' }, collectivite: { type: 'string' }, 'id-ent': { type: 'string' } },
    }));
  } catch (error) {
    return fail(`${(error as Error).message}\n${garUsage}`);
  }
  if (!values.out) return fail(`--out <dir> is required.\n${garUsage}`);
  const idEnt = values['id-ent'] ?? platform.config.gar.idEnt;
  if (!idEnt) return fail('No idENT: pass --id-ent or set GAR_ID_ENT.');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(idEnt)) return fail(`idENT ${JSON.stringify(idEnt)}: letters, digits, - and _ only, at most 64.`);
  const db = platform.database.db;

  let collectiviteId: string | undefined;
  let uai: string | undefined;
  if (values.structure) {
    uai = values.structure.trim().toUpperCase();
    if (!isValidUai(uai)) return fail(`${values.structure} is not a UAI (7 digits and their check letter).`);
    collectiviteId = await findCollectiviteOfUai(db, uai);
    if (!collectiviteId) return fail(`No structure with UAI ${uai}.`, 1);
  }
  if (values.collectivite) {
    const given = values.collectivite;
    const match = (await findCollectivites(db)).filter((c) => c.id === given || c.name === given);
    if (match.length !== 1) return fail(`No collectivité ${given}.`, 1);
    if (collectiviteId && collectiviteId !== match[0]!.id) return fail(`The structure ${uai} is not in ${given}.`, 1);
    collectiviteId = match[0]!.id;
  }

  const id = await enqueueJob(db, garExportJob, { params: { idEnt, collectiviteId, uai, outDir: resolve(values.out) }, actorId: null });
  const job = await runJob(platform, garExportJob, id);
  if (job.status !== 'SUCCEEDED') return fail(`GAR export failed: ${job.error ?? 'unknown error'}`, 1);
  const report = job.result as GarExportReport;
  result.out.push(
    `${report.archive} (${report.bytes} bytes, md5 ${report.md5})`,
    `${report.md5File}`,
    // In the files' order (the job's result comes back from jsonb, whose keys have their own order).
    `${report.structures} structure(s); ${(['Etab', 'Eleve', 'Enseignant', 'Groupe', 'RespAff'] as const).map((type) => `${type} ${report.nodes[type]}`).join(', ')}; ${report.files.length} file(s).`,
  );
  return result;
}

export async function runGarCommand(config: Config, argv: string[]): Promise<number> {
  const platform = await createPlatform(config);
  try {
    const result = await runGar(platform, argv);
    for (const line of result.out) console.log(line);
    for (const line of result.err) console.error(line);
    return result.code;
  } finally {
    await platform.close();
  }
}
