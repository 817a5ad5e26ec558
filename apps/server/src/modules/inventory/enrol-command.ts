import { parseArgs } from 'node:util';
import type { Config } from '../../platform/config.ts';
import { AppError } from '../../platform/errors.ts';
import { createPlatform } from '../../platform/platform.ts';
import { enrolStructureByUai } from './enrolment.service.ts';

const usage = 'Usage: preau inventory enrol --structure <UAI> [--label "Salle info B102"]';

/**
 * `preau inventory enrol --structure <UAI>`: a new enrolment secret for the
 * structure's inventory agents. Prints the agent's settings once; only the
 * hash is stored, so a lost secret is revoked and replaced, never read again.
 */
export async function runInventoryCommand(config: Config, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { structure: { type: 'string' }, label: { type: 'string' } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (sub !== 'enrol' || !parsed.values.structure) {
    console.error(usage);
    return 2;
  }
  const platform = await createPlatform(config);
  try {
    const settings = await enrolStructureByUai(platform, parsed.values.structure, parsed.values.label ?? 'Ligne de commande');
    console.log(`Enrolment ${settings.enrolment.id} created for ${parsed.values.structure.toUpperCase()}. The password is shown only now.`);
    console.log(`server=${settings.server}`);
    console.log(`user=${settings.user}`);
    console.log(`password=${settings.password}`);
    console.log(`fusioninventory-agent --server ${settings.server} --user ${settings.user} --password '${settings.password}' --tasks=inventory`);
    return 0;
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') {
      console.error(`No structure with UAI ${parsed.values.structure}`);
      return 1;
    }
    throw error;
  } finally {
    await platform.close();
  }
}
