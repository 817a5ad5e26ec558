/**
 * Checks a generated AAF région with a streaming XML parser (saxes): every
 * file well formed in its declared encoding, requests shaped as the DTD says,
 * identifier = jointure, jointures unique per academy, UAIs with their check
 * letter, dates dd/MM/yyyy, `$`-packed values with the right number of fields,
 * and every reference resolved: student → structure, class, groups, MEF,
 * subjects, responsables (and back); teacher → structure, class/group,
 * subject, professeur principal. Counts are compared with manifest.json.
 *
 *   node --import tsx bench/aaf/check-aaf-region.ts /tmp/aaf-region/y1
 *
 * Holds ids and references in memory (not the records): meant for test-sized
 * régions, and works at full size with a few hundred MB.
 */
import { closeSync, createReadStream, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isValidUai } from '@preau/contracts';
import { SaxesParser } from 'saxes';
import type { Manifest } from './generate-aaf-region.ts';
import { CATEGORY, FILE_TYPES, type FileType } from './xml-writer.ts';

export interface AafRequest {
  op: 'add' | 'modify' | 'delete';
  category: string;
  id: string;
  attrs: Map<string, string[]>;
}

/** Streams the requests of one AAF file, decoding it in the encoding its XML declaration names. */
export async function* readRequests(path: string): AsyncGenerator<AafRequest> {
  const fd = openSync(path, 'r');
  const headBytes = Buffer.alloc(200);
  const n = readSync(fd, headBytes, 0, 200, 0);
  closeSync(fd);
  const head = headBytes.subarray(0, n).toString('latin1');
  const declared = /encoding="([^"]+)"/.exec(head)?.[1]?.toLowerCase() ?? 'utf-8';
  const decoder = new TextDecoder(declared, { fatal: true });
  const parser = new SaxesParser();
  const ready: AafRequest[] = [];
  let current: AafRequest | null = null;
  let section = '';
  let attr: string | null = null;
  let values: string[] = [];
  let text: string | null = null;
  let depth = 0;
  parser.on('opentag', (tag) => {
    depth++;
    if (depth === 1 && tag.name !== 'ficAlimMENESR') throw new Error(`root is <${tag.name}>`);
    if (depth === 2) {
      const op = ({ addRequest: 'add', modifyRequest: 'modify', deleteRequest: 'delete' } as const)[tag.name];
      if (!op) throw new Error(`unexpected <${tag.name}>`);
      current = { op, category: '', id: '', attrs: new Map() };
    } else if (tag.name === 'operationalAttributes' || tag.name === 'identifier' || tag.name === 'attributes' || tag.name === 'modifications') {
      section = tag.name;
    } else if (tag.name === 'attr' || tag.name === 'modification') {
      attr = String(tag.attributes.name);
      values = [];
    } else if (tag.name === 'value' || tag.name === 'id') text = '';
  });
  parser.on('text', (t) => {
    if (text !== null) text += t;
  });
  parser.on('closetag', (tag) => {
    depth--;
    if (!current) return;
    if (tag.name === 'value') {
      values.push(text ?? '');
      text = null;
    } else if (tag.name === 'id') {
      current.id = text ?? '';
      text = null;
    } else if (tag.name === 'attr' || tag.name === 'modification') {
      if (section === 'operationalAttributes') current.category = values[0] ?? '';
      else current.attrs.set(attr!, values);
      attr = null;
    } else if (depth === 1) {
      ready.push(current);
      current = null;
    }
  });
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    parser.write(decoder.decode(chunk as Buffer, { stream: true }));
    while (ready.length) yield ready.shift()!;
  }
  parser.write(decoder.decode());
  parser.close();
  while (ready.length) yield ready.shift()!;
}

/** Subjects and MEFs first, then structures, so that each reference can be checked when read. */
const READ_ORDER: FileType[] = ['MatiereEducNat', 'MefEducNat', 'EtabEducNat', 'PersEducNat', 'Eleve', 'PersRelEleve'];

/** The AAF files of a folder, grouped by type in reading order. */
export function aafFiles(dir: string): { type: FileType; path: string }[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();
  const out: { type: FileType; path: string }[] = [];
  for (const type of READ_ORDER) {
    const pattern = new RegExp(`_${type}_\\d{4}\\.xml$`);
    for (const f of files) if (pattern.test(f)) out.push({ type, path: join(dir, f) });
  }
  return out;
}

const JOINTURE: Record<FileType, string> = {
  EtabEducNat: 'ENTStructureJointure', MatiereEducNat: 'ENTMatJointure', MefEducNat: 'ENTMefJointure',
  PersEducNat: 'ENTPersonJointure', Eleve: 'ENTPersonJointure', PersRelEleve: 'ENTPersonJointure',
};
const DATE = /^(0[1-9]|[12]\d|3[01])\/(0[1-9]|1[0-2])\/(19|20)\d\d$/;

export interface CheckReport {
  counts: Record<string, Record<FileType, number>>;
  links: { studentParent: number; respLegal: Record<string, number>; classSubject: number; groupSubject: number; principal: number; multiLyceeParents: number; sharedTeachers: number };
  errors: string[];
}

/** Checks every academy folder of a generated région (complete files). */
export async function checkRegion(dir: string): Promise<CheckReport> {
  const errors: string[] = [];
  const fail = (message: string) => {
    if (errors.length < 200) errors.push(message);
  };
  const report: CheckReport = {
    counts: {},
    links: { studentParent: 0, respLegal: {}, classSubject: 0, groupSubject: 0, principal: 0, multiLyceeParents: 0, sharedTeachers: 0 },
    errors,
  };
  const academies = readdirSync(dir).filter((d) => d.startsWith('AC-') && statSync(join(dir, d)).isDirectory()).sort();
  if (academies.length === 0) fail(`${dir}: no academy folder`);
  for (const academy of academies) {
    const counts = Object.fromEntries(FILE_TYPES.map((t) => [t, 0])) as Record<FileType, number>;
    report.counts[academy] = counts;
    const ids = new Map<FileType, Set<string>>(FILE_TYPES.map((t) => [t, new Set()]));
    const personIds = new Set<string>();
    const classes = new Map<string, Set<string>>();
    const groups = new Map<string, Set<string>>();
    const subjects = ids.get('MatiereEducNat')!;
    const mefs = ids.get('MefEducNat')!;
    const studentParents = new Map<string, Set<string>>();
    const studentStructure = new Map<string, string>();
    const parentChildren = new Map<string, string[]>();
    const classesTaught = new Set<string>();
    const principals = new Map<string, number>();
    const check = (where: string, ok: boolean, message: string) => {
      if (!ok) fail(`${academy} ${where}: ${message}`);
    };
    const packed = (where: string, value: string, fields: number) => {
      const parts = value.split('$');
      check(where, parts.length === fields && parts.every((p) => p !== ''), `"${value}" is not ${fields} $-separated fields`);
      return parts;
    };

    for (const { type, path } of aafFiles(join(dir, academy))) {
      const file = path.slice(path.lastIndexOf('/') + 1);
      for await (const r of readRequests(path)) {
        const where = `${file} ${r.id}`;
        counts[type]++;
        check(where, r.op === 'add', `${r.op}Request in a Complet file`);
        check(where, r.category === CATEGORY[type][1], `category ${r.category}`);
        const a = (name: string) => r.attrs.get(name) ?? [];
        check(where, a(JOINTURE[type])[0] === r.id && r.id !== '', 'identifier/id differs from the jointure');
        check(where, !ids.get(type)!.has(r.id), 'duplicated jointure');
        ids.get(type)!.add(r.id);
        if (type === 'Eleve' || type === 'PersRelEleve' || type === 'PersEducNat') {
          check(where, !personIds.has(r.id), 'jointure used by two persons');
          personIds.add(r.id);
          check(where, a('sn')[0] !== undefined && a('sn')[0] !== '' && (a('givenName')[0] ?? '') !== '', 'missing sn or givenName');
          const birth = a('ENTPersonDateNaissance')[0] ?? '';
          check(where, birth === '' || DATE.test(birth), `bad date ${birth}`);
        }
        if (type === 'EtabEducNat') {
          check(where, isValidUai(a('ENTStructureUAI')[0] ?? ''), `bad UAI ${a('ENTStructureUAI')[0]}`);
          classes.set(r.id, new Set(a('ENTStructureClasses').map((v) => {
            const [code, , mef] = packed(where, v, 3);
            check(where, mefs.has(mef!), `class MEF ${mef} unknown`);
            return code!;
          })));
          groups.set(r.id, new Set(a('ENTStructureGroupes').map((v) => packed(where, v, 2)[0]!)));
        } else if (type === 'Eleve') {
          const structure = a('ENTPersonStructRattach')[0] ?? '';
          check(where, classes.has(structure), `unknown structure ${structure}`);
          studentStructure.set(r.id, structure);
          const cls = a('ENTEleveClasses');
          check(where, cls.length === 1, `${cls.length} classes`);
          for (const v of cls) {
            const [s, c] = packed(where, v, 2);
            check(where, classes.get(s!)?.has(c!) === true, `unknown class ${v}`);
          }
          for (const v of a('ENTEleveGroupes')) {
            const [s, g] = packed(where, v, 2);
            check(where, groups.get(s!)?.has(g!) === true, `unknown group ${v}`);
          }
          const entry = packed(where, a('ENTEleveDateEntreeClasses')[0] ?? '', 3);
          check(where, DATE.test(entry[1] ?? ''), 'bad ENTEleveDateEntreeClasses date');
          check(where, mefs.has(a('ENTEleveMEF')[0] ?? ''), 'unknown MEF');
          check(where, /^\d{10}[A-Z]$|^\d{9}[A-Z]{2}$/.test(a('ENTEleveINE')[0] ?? ''), 'bad INE');
          const codes = a('ENTEleveCodeEnseignements');
          check(where, codes.length === a('ENTEleveEnseignements').length && codes.every((c) => subjects.has(c)), 'enseignements do not pair with known subjects');
          const parents = new Set<string>();
          let legal1 = 0;
          for (const v of a('ENTElevePersRelEleve')) {
            const [parent, , , resp] = packed(where, v, 6);
            check(where, ['0', '1', '2'].includes(resp!), `respLégal ${resp}`);
            if (resp === '1') legal1++;
            report.links.respLegal[resp!] = (report.links.respLegal[resp!] ?? 0) + 1;
            parents.add(parent!);
          }
          check(where, legal1 === 1, `${legal1} responsables with respLégal 1`);
          check(where, parents.has(a('ENTEleveAdresseRel')[0] ?? ''), 'ENTEleveAdresseRel is not one of the responsables');
          studentParents.set(r.id, parents);
        } else if (type === 'PersRelEleve') {
          const children = a('ENTAuxPersRelEleveEleve');
          check(where, children.length > 0, 'no student');
          parentChildren.set(r.id, children);
        } else if (type === 'PersEducNat') {
          const fonctions = a('ENTPersonFonctions');
          check(where, fonctions.length > 0, 'no ENTPersonFonctions');
          const structures = new Set(fonctions.map((v) => v.split('$')[0]!));
          for (const v of fonctions) check(where, /^[^$]+\$[A-Z]+\$[^$]+(\$[^$]+\$[^$]+)?$/.test(v), `bad ENTPersonFonctions "${v}"`);
          for (const s of structures) check(where, classes.has(s), `unknown structure ${s}`);
          if (structures.size > 1) report.links.sharedTeachers++;
          check(where, structures.has(a('ENTPersonStructRattach')[0] ?? ''), 'attachment structure not among its functions');
          for (const [attribute, known] of [['ENTAuxEnsClassesMatieres', classes], ['ENTAuxEnsGroupesMatieres', groups]] as const) {
            for (const v of a(attribute)) {
              const [s, code, subject] = packed(where, v, 3);
              check(where, known.get(s!)?.has(code!) === true, `unknown class/group ${v}`);
              check(where, subjects.has(subject!), `unknown subject ${subject}`);
              if (attribute === 'ENTAuxEnsClassesMatieres') {
                report.links.classSubject++;
                classesTaught.add(`${s}$${code}`);
              } else report.links.groupSubject++;
            }
          }
          for (const v of a('ENTAuxEnsClassesPrincipal')) {
            const [s, code] = packed(where, v, 2);
            check(where, classes.get(s!)?.has(code!) === true, `unknown class ${v}`);
            principals.set(v, (principals.get(v) ?? 0) + 1);
            report.links.principal++;
          }
        }
      }
    }
    // Cross-file references.
    for (const [student, parents] of studentParents) {
      for (const parent of parents) {
        report.links.studentParent++;
        const children = parentChildren.get(parent);
        if (!children) fail(`${academy} student ${student}: responsable ${parent} not in PersRelEleve`);
        else if (!children.includes(student)) fail(`${academy} responsable ${parent} does not list student ${student}`);
      }
    }
    for (const [parent, children] of parentChildren) {
      const structures = new Set<string>();
      for (const child of children) {
        if (!studentParents.get(child)?.has(parent)) fail(`${academy} responsable ${parent}: student ${child} missing or not linked back`);
        structures.add(studentStructure.get(child) ?? '');
      }
      if (structures.size > 1) report.links.multiLyceeParents++;
    }
    for (const [structure, codes] of classes) {
      for (const code of codes) {
        const key = `${structure}$${code}`;
        if (!classesTaught.has(key)) fail(`${academy} class ${key} has no teacher`);
        if (principals.get(key) !== 1) fail(`${academy} class ${key} has ${principals.get(key) ?? 0} professeurs principaux`);
      }
    }
  }

  const manifestPath = join(dir, 'manifest.json');
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    for (const a of manifest.academies) {
      for (const t of FILE_TYPES) {
        if (report.counts[a.key]?.[t] !== a.records[t]) fail(`${a.key} ${t}: ${report.counts[a.key]?.[t]} records read, manifest says ${a.records[t]}`);
      }
    }
  } else fail(`${dir}: no manifest.json`);
  return report;
}

/** Every record of a région's complete files, as `academy|type|id` → attributes (for delta tests on small régions). */
export async function loadRegion(dir: string): Promise<Map<string, Map<string, string[]>>> {
  const all = new Map<string, Map<string, string[]>>();
  for (const academy of readdirSync(dir).filter((d) => d.startsWith('AC-')).sort()) {
    for (const { type, path } of aafFiles(join(dir, academy))) {
      for await (const r of readRequests(path)) all.set(`${academy}|${type}|${r.id}`, r.attrs);
    }
  }
  return all;
}

/** Applies a folder of Delta files to a loaded région (replace, add, delete), in place. */
export async function applyDelta(region: Map<string, Map<string, string[]>>, dir: string): Promise<Record<string, number>> {
  const applied: Record<string, number> = { add: 0, modify: 0, delete: 0 };
  for (const academy of readdirSync(dir).filter((d) => d.startsWith('AC-')).sort()) {
    for (const { type, path } of aafFiles(join(dir, academy))) {
      for await (const r of readRequests(path)) {
        const key = `${academy}|${type}|${r.id}`;
        applied[r.op]!++;
        if (r.op === 'add') {
          if (region.has(key)) throw new Error(`add of existing ${key}`);
          region.set(key, r.attrs);
        } else if (r.op === 'delete') {
          if (!region.delete(key)) throw new Error(`delete of missing ${key}`);
        } else {
          const attrs = region.get(key);
          if (!attrs) throw new Error(`modify of missing ${key}`);
          for (const [name, values] of r.attrs) {
            if (values.length === 1 && values[0] === '') attrs.delete(name);
            else attrs.set(name, values);
          }
        }
      }
    }
  }
  return applied;
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) {
    console.error('Usage: node --import tsx bench/aaf/check-aaf-region.ts <generated région folder>');
    process.exit(2);
  }
  const started = Date.now();
  const report = await checkRegion(resolve(dir));
  for (const [academy, counts] of Object.entries(report.counts)) console.log(academy, JSON.stringify(counts));
  console.log('links', JSON.stringify(report.links));
  console.log(`${report.errors.length === 0 ? 'OK' : `${report.errors.length} error(s)`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const e of report.errors) console.log(`  ${e}`);
  process.exit(report.errors.length === 0 ? 0 : 1);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) await main();
