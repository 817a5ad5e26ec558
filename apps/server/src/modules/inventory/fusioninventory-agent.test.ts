import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchool } from '../../../test/factories.ts';
import { type AuthHeaders, sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { enrolStructureByUai } from './enrolment.service.ts';

/**
 * The real FusionInventory agent (Debian's fusioninventory-agent 2.6, not
 * written here) against a Préau listening on a free port: PROLOG then a
 * zlib-compressed INVENTORY, HTTP Basic after a 401, one record per machine
 * across runs, refused once its secret is revoked. Included in the run only
 * where the agent is installed (vitest.config.ts).
 */

const run = promisify(execFile);
let ctx: TestContext;
let school: Awaited<ReturnType<typeof createSchool>>;
let other: Awaited<ReturnType<typeof createSchool>>;
let server: string;
const as = sessionsOn(() => ctx.app);

beforeAll(async () => {
  ctx = await createTestContext({ LOG_LEVEL: 'silent' });
  school = await createSchool(ctx.platform.database.db);
  other = await createSchool(ctx.platform.database.db);
  const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  server = `${address}/inventory/agent`;
});
afterAll(async () => {
  await ctx?.close();
});

async function agent(user: string, password: string): Promise<{ code: number; log: string }> {
  try {
    const { stderr } = await run(
      'fusioninventory-agent',
      ['--server', server, '--user', user, '--password', password, '--tasks=inventory', '--no-httpd', '--logger=stderr', '--debug', '--timeout=30', '--no-category=process,environment'],
      { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
    );
    return { code: 0, log: stderr };
  } catch (error) {
    const e = error as { code?: number; stderr?: string };
    return { code: e.code ?? -1, log: e.stderr ?? '' };
  }
}

async function list(structureId: string, headers: AuthHeaders) {
  const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/inventory/structures/${structureId}/equipment`, headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { items: { id: string; name: string; source: string; lastReportAt: string | null }[] };
}

describe('the FusionInventory agent against Préau', () => {
  it('enrols, sends PROLOG then a compressed INVENTORY, updates the same record on the next run, and stops when revoked', async () => {
    const settings = await enrolStructureByUai(ctx.platform, school.structure.uai, 'Salle B102');
    expect(settings.server).toMatch(/\/inventory\/agent$/);

    const first = await agent(settings.user, settings.password);
    expect(first.code, first.log.slice(-2000)).toBe(0);
    // The agent's own log: it was asked for credentials, then sent its inventory compressed.
    expect(first.log).toMatch(/authentication required, submitting credentials/);
    expect(first.log).toMatch(/Using Compress::Zlib for compression/);

    const adml = await as(school.adml);
    const afterFirst = await list(school.structure.id, adml);
    expect(afterFirst.items).toHaveLength(1);
    const machine = afterFirst.items[0]!;
    expect(machine.source).toBe('AGENT');
    const detail = (await ctx.app.inject({ method: 'GET', url: `/api/v1/inventory/equipment/${machine.id}`, headers: adml })).json();
    expect(detail.hardware.os).toMatch(/\S/);
    expect(detail.hardware.memoryMb).toBeGreaterThan(0);
    expect(detail.software.length).toBeGreaterThan(10);
    expect(detail.history.map((h: { kind: string }) => h.kind)).toEqual(['CREATED']);
    // Nothing went to the other school.
    expect((await list(other.structure.id, await as(other.adml))).items).toEqual([]);

    ctx.clock.advance(60_000);
    const second = await agent(settings.user, settings.password);
    expect(second.code, second.log.slice(-2000)).toBe(0);
    const afterSecond = await list(school.structure.id, adml);
    expect(afterSecond.items.map((i) => i.id)).toEqual([machine.id]);
    expect(Date.parse(afterSecond.items[0]!.lastReportAt!)).toBeGreaterThan(Date.parse(machine.lastReportAt!));

    const revoked = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/inventory/enrolments/${settings.enrolment.id}`, headers: adml });
    expect(revoked.statusCode, revoked.body).toBe(200);
    ctx.clock.advance(60_000);
    const refused = await agent(settings.user, settings.password);
    // The agent 2.6 exits 0 when its server refuses it; its log says why.
    expect(refused.log.split('\n').filter((l) => /^\[error\]/.test(l)).join('\n')).toMatch(/authentication required, wrong credentials/);
    expect((await list(school.structure.id, adml)).items[0]!.lastReportAt).toBe(afterSecond.items[0]!.lastReportAt);
  }, 300_000);
});
