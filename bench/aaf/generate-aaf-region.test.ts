import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyDelta, checkRegion, loadRegion } from './check-aaf-region.ts';
import { generateRegion, type GenerateOptions } from './generate-aaf-region.ts';

const root = mkdtempSync(join(tmpdir(), 'preau-aaf-gen-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const small = (out: string, extra: Partial<GenerateOptions> = {}): GenerateOptions => ({
  accounts: 1000, seed: 'test', schoolYear: 2025, academies: 2, year: 1, encoding: 'mixed', recordsPerFile: 120, out: join(root, out), ...extra,
});

/** Every file under a folder, relative path → bytes. */
function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      files.set(path.slice(dir.length), readFileSync(path));
    }
  }
  return files;
}

describe('AAF region generator', () => {
  const first = generateRegion(small('a'));

  it('produces the six file types per academy, in numbered chunks, in the proportions of the region', () => {
    expect(first.academies.map((a) => [a.key, a.encoding])).toEqual([['AC-LYON', 'utf-8'], ['AC-GRENOBLE', 'iso-8859-15']]);
    const lyon = readdirSync(join(root, 'a', 'AC-LYON'));
    for (const type of ['EtabEducNat', 'Eleve', 'PersRelEleve', 'PersEducNat', 'MatiereEducNat', 'MefEducNat']) {
      expect(lyon).toContain(`ENT_AC-LYON_Complet_20250920_${type}_0000.xml`);
    }
    expect(lyon).toContain('ENT_AC-LYON_Complet_20250920_Eleve_0001.xml');
    const t = first.totals;
    expect(t.students / t.accounts).toBeCloseTo(0.4, 1);
    expect(t.parents / t.students).toBeGreaterThan(1.25);
    expect(t.parents / t.students).toBeLessThan(1.5);
    expect(t.staff / t.students).toBeCloseTo(45 / 400, 1);
    expect(readFileSync(join(root, 'a', 'AC-GRENOBLE', 'ENT_AC-GRENOBLE_Complet_20250920_Eleve_0000.xml'), 'latin1')).toMatch(/^<\?xml version="1.0" encoding="ISO-8859-15"\?>/);
  });

  it('is deterministic: the same seed gives byte-identical files, another seed other people', () => {
    generateRegion(small('b'));
    const a = tree(join(root, 'a'));
    const b = tree(join(root, 'b'));
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [path, bytes] of a) expect(bytes.equals(b.get(path)!), path).toBe(true);
    generateRegion(small('c', { seed: 'other', academies: 1 }));
    const c = tree(join(root, 'c'));
    const eleve = '/AC-LYON/ENT_AC-LYON_Complet_20250920_Eleve_0000.xml';
    expect(c.get(eleve)!.equals(a.get(eleve)!)).toBe(false);
  });

  it('passes the streaming validity check: counts, UAIs, every class, group, structure and parent link resolves', async () => {
    const report = await checkRegion(join(root, 'a'));
    expect(report.errors).toEqual([]);
    expect(report.counts['AC-LYON']!.Eleve).toBe(first.academies[0]!.records.Eleve);
    expect(report.links.respLegal['1']).toBe(first.totals.students);
    expect(report.links.respLegal['2']).toBeGreaterThan(first.totals.students / 3);
    expect(report.links.principal).toBe(first.totals.classes);
    expect(report.links.classSubject).toBeGreaterThan(first.totals.classes * 5);
  });

  it('generates year 2 of the same region, and a delta that turns year 1 into year 2', async () => {
    const second = generateRegion(small('y2', { year: 2, delta: join(root, 'y2-delta') }));
    const check = await checkRegion(join(root, 'y2'));
    expect(check.errors).toEqual([]);
    const year1 = await loadRegion(join(root, 'a'));
    const year2 = await loadRegion(join(root, 'y2'));
    const students = (m: Map<string, unknown>) => new Set([...m.keys()].filter((k) => k.includes('|Eleve|')));
    const before = students(year1);
    const after = students(year2);
    const stayed = [...after].filter((k) => before.has(k)).length;
    // About two thirds stay (secondes and premières move up), a third leave and a third arrive.
    expect(stayed / before.size).toBeGreaterThan(0.55);
    expect(stayed / before.size).toBeLessThan(0.75);
    const lyon = second.academies[0]!.delta!.requests;
    expect(lyon.add.Eleve).toBeGreaterThan(0);
    expect(lyon.delete.PersEducNat).toBeGreaterThan(0);
    expect(lyon.modify.EtabEducNat).toBeGreaterThan(0);
    // Year 2 is the same whether or not its delta is written alongside.
    generateRegion(small('y2-alone', { year: 2 }));
    const alone = tree(join(root, 'y2-alone'));
    const withDelta = tree(join(root, 'y2'));
    for (const [path, bytes] of alone) if (path.endsWith('.xml')) expect(bytes.equals(withDelta.get(path)!), path).toBe(true);
    const applied = await applyDelta(year1, join(root, 'y2-delta'));
    expect(applied.modify).toBeGreaterThan(0);
    expect(year1.size).toBe(year2.size);
    for (const [key, attrs] of year2) expect(Object.fromEntries(year1.get(key) ?? []), key).toEqual(Object.fromEntries(attrs));
  });
});
