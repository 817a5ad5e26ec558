/**
 * Weighs the JavaScript a browser downloads before the first screens can draw (issue 12: ≤ 150 KB gzipped for
 * the login and portal pages): the entry chunk and everything it imports statically, plus the portal page's own
 * lazy chunk for the portal. Reads the build's manifest (`npm run build:web` first); prints raw and gzipped sizes.
 *
 *   npm run -w @preau/bench web-size
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

interface Chunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  src?: string;
}

const dist = resolve(import.meta.dirname, '../apps/web/dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;

/** The chunk's key and those it imports statically, transitively. */
function closure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const next of manifest[key]?.imports ?? []) closure(next, seen);
  return seen;
}

function weigh(keys: Set<string>): { files: number; raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const key of keys) {
    const bytes = readFileSync(join(dist, manifest[key]!.file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: keys.size, raw, gzip };
}

const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
const portal = Object.keys(manifest).find((key) => key.endsWith('pages/portal/PortalPage.tsx'));
if (!entry || !portal) throw new Error('entry or portal chunk missing from the manifest: build the web app first');
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const login = weigh(closure(entry));
const portalPage = weigh(closure(portal, closure(entry)));
const lazyPages = Object.values(manifest).filter((chunk) => chunk.isDynamicEntry).length;
console.log(`login page (entry and its static imports): ${login.files} files, ${kb(login.raw)} raw, ${kb(login.gzip)} gzipped`);
console.log(`portal page (the above and the portal's chunk): ${portalPage.files} files, ${kb(portalPage.raw)} raw, ${kb(portalPage.gzip)} gzipped`);
console.log(`pages loaded on first visit: ${lazyPages}`);
