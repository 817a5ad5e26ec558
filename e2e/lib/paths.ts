import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The e2e workspace folder. */
export const e2eDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The root of the repository. */
export const repoRoot = resolve(e2eDir, '..');
/** Screenshots, traces, server log and results (gitignored). */
export const artifactsDir = resolve(e2eDir, 'artifacts');
/** The built single-page app the server serves at `/`. */
export const webDist = process.env.WEB_DIST ? resolve(process.env.WEB_DIST) : resolve(repoRoot, 'apps/web/dist');
/** Debian's chromium (`apt-get install -y chromium`); override with CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
