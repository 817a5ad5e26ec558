import { readFileSync } from 'node:fs';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchool } from '../../../test/factories.ts';
import { sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { decodeBody, encodingOf, MAX_AGENT_INFLATED_BYTES } from './agent-protocol.ts';
import { enrolStructureByUai } from './enrolment.service.ts';

/**
 * /inventory/agent with recorded agent messages (FusionInventory 2.6 XML,
 * GLPI agent JSON): the protocol's answers, matching one record per machine,
 * history of changes, and every bad input refused with the protocol's error
 * and nothing written.
 */

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const PROLOG = fixture('laptop-prolog.xml');
const INVENTORY = fixture('laptop-inventory.xml');
const GLPI_JSON = fixture('glpi-agent-inventory.json');

let ctx: TestContext;
let a: Awaited<ReturnType<typeof createSchool>>;
let b: Awaited<ReturnType<typeof createSchool>>;
let credsA: string;
let credsB: string;
const as = sessionsOn(() => ctx.app);

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.platform.database.db;
  a = await createSchool(db);
  b = await createSchool(db);
  const sa = await enrolStructureByUai(ctx.platform, a.structure.uai, 'Salle info');
  const sb = await enrolStructureByUai(ctx.platform, b.structure.uai, 'CDI');
  credsA = basic(sa.user, sa.password);
  credsB = basic(sb.user, sb.password);
});
afterAll(async () => {
  await ctx?.close();
});

function post(body: Buffer | string, contentType: string, authorization?: string, headers: Record<string, string> = {}) {
  return ctx.app.inject({
    method: 'POST',
    url: '/inventory/agent',
    headers: { 'content-type': contentType, 'user-agent': 'FusionInventory-Agent_v2.6-3', ...(authorization ? { authorization } : {}), ...headers },
    payload: body,
  });
}

async function equipmentOf(school: typeof a) {
  const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/inventory/structures/${school.structure.id}/equipment`, headers: await as(school.adml) });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { items: { id: string; name: string; serial: string | null; kind: string; model: string | null }[] }).items;
}

async function detail(school: typeof a, id: string) {
  return (await ctx.app.inject({ method: 'GET', url: `/api/v1/inventory/equipment/${id}`, headers: await as(school.adml) })).json();
}

async function historyCount(): Promise<number> {
  const row = await ctx.platform.database.db.selectFrom('inventory_history').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('FusionInventory XML protocol', () => {
  it('asks for credentials with a 401 and a Basic realm, answered in XML', async () => {
    const response = await post(deflateSync(PROLOG), 'application/x-compress-zlib');
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Basic realm="Preau inventory"');
    const wrong = await post(deflateSync(PROLOG), 'application/x-compress-zlib', basic('6c9f5e0e-6f55-4c3b-9a53-2f1d5c7b1a11', 'nope'));
    expect(wrong.statusCode).toBe(401);
  });

  it('answers PROLOG with SEND and a frequency in hours, compressed as the request was', async () => {
    const response = await post(deflateSync(PROLOG), 'application/x-compress-zlib', credsA);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.subarray(0, 2).toString('hex')).toBe('789c');
    const text = decodeBody(response.rawPayload, 'zlib').toString('utf8');
    expect(text).toContain('<REPLY><PROLOG_FREQ>24</PROLOG_FREQ><RESPONSE>SEND</RESPONSE></REPLY>');
    const plain = await post(PROLOG, 'application/xml', credsA);
    expect(plain.body).toContain('<RESPONSE>SEND</RESPONSE>');
  });

  it('stores an INVENTORY once, then updates that record and keeps the changes as history', async () => {
    const first = await post(deflateSync(INVENTORY), 'application/x-compress-zlib', credsA);
    expect(first.statusCode, first.body).toBe(200);
    expect(decodeBody(first.rawPayload, 'zlib').toString()).toContain('<REPLY>');
    const [machine, ...others] = await equipmentOf(a);
    expect(others).toEqual([]);
    expect(machine).toMatchObject({ name: 'cdi-portable-07', serial: 'PF4XK2LM', kind: 'LAPTOP', model: 'ThinkPad E14 Gen 5 (21HD0032FR)' });
    const d1 = await detail(a, machine!.id);
    expect(d1.hardware).toEqual({
      hostname: 'cdi-portable-07',
      os: 'Debian GNU/Linux 12 (bookworm)',
      cpu: '13th Gen Intel(R) Core(TM) i5-1335U',
      memoryMb: 15744,
      disksMb: 476940,
      macAddresses: ['a4:c3:f0:12:34:56'],
    });
    expect(d1.software.map((s: { name: string }) => s.name)).toEqual(['firefox-esr', 'geogebra-classic', 'libreoffice-writer']);

    // Same machine a week later (gzip this time, as an agent without Compress::Zlib sends): RAM added,
    // Firefox updated, GeoGebra removed, Scratch installed; a new device id after a reinstall, same serial.
    const later = INVENTORY.toString()
      .replaceAll('cdi-portable-07-2026-12-01-08-15-02', 'cdi-portable-07-2026-12-08-08-00-00')
      .replace('<MEMORY>15744</MEMORY>', '<MEMORY>31488</MEMORY>')
      .replace('128.5.0esr-1~deb12u1', '128.6.0esr-1~deb12u1')
      .replace(/<SOFTWARES>\s*<ARCH>all<\/ARCH>[\s\S]*?geogebra[\s\S]*?<\/SOFTWARES>/, '<SOFTWARES><NAME>scratch</NAME><VERSION>3.29</VERSION></SOFTWARES>');
    const second = await post(gzipSync(later), 'application/x-compress-gzip', credsA);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.rawPayload.subarray(0, 2).toString('hex')).toBe('1f8b');
    expect((await equipmentOf(a)).map((e) => e.id)).toEqual([machine!.id]);
    const d2 = await detail(a, machine!.id);
    expect(d2.hardware.memoryMb).toBe(31488);
    const byKind = Object.fromEntries(d2.history.map((h: { kind: string; details: unknown }) => [h.kind, h.details]));
    expect(byKind.HARDWARE).toEqual({ memoryMb: [15744, 31488] });
    expect(byKind.SOFTWARE).toEqual({
      added: ['scratch 3.29'],
      updated: ['firefox-esr 128.5.0esr-1~deb12u1 → 128.6.0esr-1~deb12u1'],
      removed: ['geogebra-classic 6.0.857'],
    });

    // The same report again changes nothing: no history entry.
    const before = await historyCount();
    expect((await post(gzipSync(later), 'application/x-compress-gzip', credsA)).statusCode).toBe(200);
    expect(await historyCount()).toBe(before);
  });

  it('one school’s secret writes only into that school: the same machine reported with B’s secret is B’s', async () => {
    const response = await post(deflateSync(INVENTORY), 'application/x-compress-zlib', credsB);
    expect(response.statusCode).toBe(200);
    const [inB] = await equipmentOf(b);
    expect(inB?.serial).toBe('PF4XK2LM');
    expect((await equipmentOf(a)).filter((e) => e.id === inB?.id)).toEqual([]);
    // B's admin cannot open A's record either.
    const [inA] = await equipmentOf(a);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/inventory/equipment/${inA!.id}`, headers: await as(b.adml) })).statusCode).toBe(404);
  });

  it('accepts the injector’s bare Application/x-compress and an inventory without QUERY', async () => {
    const noQuery = INVENTORY.toString().replace('<QUERY>INVENTORY</QUERY>', '');
    expect((await post(deflateSync(noQuery), 'Application/x-compress', credsA)).statusCode).toBe(200);
  });
});

describe('GLPI agent JSON protocol', () => {
  it('answers CONTACT with status and expiration, and stores a JSON inventory', async () => {
    const headers = { 'glpi-agent-id': '3a609a2e-947f-4e6a-9af9-32c024ac3944' };
    const contact = await post(JSON.stringify({ action: 'contact', deviceid: 'salle-b102-pc03-2026-11-30-10-02-11', name: 'GLPI-Agent', version: '1.11', 'installed-tasks': ['inventory'] }), 'application/json', credsA, headers);
    expect(contact.statusCode).toBe(200);
    expect(contact.json()).toMatchObject({ status: 'ok', expiration: 24, tasks: { inventory: {} } });
    const response = await post(deflateSync(GLPI_JSON), 'application/x-compress-zlib', credsA, headers);
    expect(response.statusCode, response.body).toBe(200);
    expect(JSON.parse(decodeBody(response.rawPayload, 'zlib').toString())).toEqual({ status: 'ok', expiration: 24 });
    const pc = (await equipmentOf(a)).find((e) => e.serial === '8XK2J93');
    expect(pc).toMatchObject({ name: 'salle-b102-pc03', kind: 'COMPUTER', model: 'OptiPlex 7010' });
    expect((await detail(a, pc!.id)).hardware.os).toBe('Microsoft Windows 11 Éducation');
  });

  it('a partial inventory (GLPI agent ≥ 1.5) changes what it carries and keeps the sections it left out', async () => {
    const headers = { 'glpi-agent-id': '3a609a2e-947f-4e6a-9af9-32c024ac3944' };
    const pc = (await equipmentOf(a)).find((e) => e.serial === '8XK2J93')!;
    const before = await detail(a, pc.id);
    // Only the sections the agent found changed: 8 GB added; no software, network, storage or OS section.
    const partial = {
      action: 'inventory',
      deviceid: 'salle-b102-pc03-2026-11-30-10-02-11',
      itemtype: 'Computer',
      partial: true,
      content: {
        versionclient: 'GLPI-Agent_v1.11',
        bios: { smanufacturer: 'Dell Inc.', smodel: 'OptiPlex 7010', ssn: '8XK2J93' },
        hardware: { name: 'salle-b102-pc03', uuid: '4c4c4544-0058-4b10-8032-b8c04f4a3933', memory: 15712, chassis_type: 'Desktop' },
        memories: [{ capacity: 7856, numslots: 1 }, { capacity: 7856, numslots: 2 }],
      },
    };
    const response = await post(deflateSync(JSON.stringify(partial)), 'application/x-compress-zlib', credsA, headers);
    expect(response.statusCode, response.body).toBe(200);
    const after = await detail(a, pc.id);
    expect(after.hardware).toEqual({ ...before.hardware, memoryMb: 15712 });
    expect(after.software).toEqual(before.software);
    const newEntries = after.history.slice(0, after.history.length - before.history.length);
    expect(newEntries.map((h: { kind: string; details: unknown }) => [h.kind, h.details])).toEqual([['HARDWARE', { memoryMb: [7856, 15712] }]]);
  });

  it('refuses JSON without the GLPI-Agent-ID header, or a document that does not validate', async () => {
    const missing = await post(GLPI_JSON, 'application/json', credsA);
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ status: 'error' });
    // An id that is not the agent's UUID is an unknown device: refused before anything is read.
    const before = await historyCount();
    const unknownDevice = await post(deflateSync(GLPI_JSON), 'application/x-compress-zlib', credsA, { 'glpi-agent-id': 'salle-b102-pc03' });
    expect(unknownDevice.statusCode).toBe(400);
    expect(JSON.parse(decodeBody(unknownDevice.rawPayload, 'zlib').toString())).toMatchObject({ status: 'error', message: expect.stringMatching(/GLPI-Agent-ID/) });
    expect(await historyCount()).toBe(before);
    const invalid = await post(JSON.stringify({ action: 'inventory', deviceid: 'x-1', content: {} }), 'application/json', credsA, { 'glpi-agent-id': '3a609a2e-947f-4e6a-9af9-32c024ac3944' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().message).toMatch(/versionclient/);
  });
});

describe('bad agent input: the protocol’s error, nothing written', () => {
  const cases: Array<[string, () => Promise<{ statusCode: number; rawPayload: Buffer; headers: Record<string, unknown> }>, number, RegExp]> = [
    ['truncated zlib', () => post(deflateSync(INVENTORY).subarray(0, 200), 'application/x-compress-zlib', credsA), 400, /not zlib compressed/],
    ['plain XML announced as zlib', () => post(INVENTORY, 'application/x-compress-zlib', credsA), 400, /not zlib compressed/],
    ['zlib announced as XML', () => post(deflateSync(INVENTORY), 'application/xml', credsA), 400, /neither XML nor JSON/],
    ['truncated XML', () => post(INVENTORY.subarray(0, 900), 'application/xml', credsA), 400, /Malformed XML/],
    ['an empty body', () => post(Buffer.alloc(0), 'application/xml', credsA), 400, /Empty/],
    ['no DEVICEID', () => post(INVENTORY.toString().replaceAll(/<DEVICEID>[^<]*<\/DEVICEID>/g, ''), 'application/xml', credsA), 400, /DEVICEID/],
    ['an invalid DEVICEID', () => post(INVENTORY.toString().replaceAll('cdi-portable-07-2026-12-01-08-15-02', 'a b<c'), 'application/xml', credsA), 400, /XML|DEVICEID/],
    ['a wrong root', () => post('<?xml version="1.0"?><REPLY><RESPONSE>SEND</RESPONSE></REPLY>', 'application/xml', credsA), 400, /root element/],
    ['an unsupported query', () => post('<REQUEST><DEVICEID>pc-1</DEVICEID><QUERY>SNMPQUERY</QUERY></REQUEST>', 'application/xml', credsA), 501, /not supported/],
    [
      'XML with an internal entity (billion laughs)',
      () =>
        post(
          `<?xml version="1.0"?><!DOCTYPE REQUEST [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><REQUEST><DEVICEID>pc-1</DEVICEID><QUERY>INVENTORY</QUERY><CONTENT><HARDWARE><NAME>&b;</NAME></HARDWARE></CONTENT></REQUEST>`,
          'application/xml',
          credsA,
        ),
      400,
      /DOCTYPE/,
    ],
    [
      'XML with an external entity',
      () =>
        post(
          `<?xml version="1.0"?><!DOCTYPE REQUEST [<!ENTITY x SYSTEM "file:///etc/passwd">]><REQUEST><DEVICEID>pc-1</DEVICEID><CONTENT><HARDWARE><NAME>&x;</NAME></HARDWARE></CONTENT></REQUEST>`,
          'application/xml',
          credsA,
        ),
      400,
      /DOCTYPE/,
    ],
    ['an undeclared entity', () => post('<REQUEST><DEVICEID>pc-1</DEVICEID><CONTENT><HARDWARE><NAME>&x;</NAME></HARDWARE></CONTENT></REQUEST>', 'application/xml', credsA), 400, /Malformed XML/],
    [
      'a compression bomb (a few KB that inflate past the limit)',
      () => post(deflateSync(Buffer.alloc(MAX_AGENT_INFLATED_BYTES + 1024, 0x20), { level: 9 }), 'application/x-compress-zlib', credsA),
      413,
      /too large/,
    ],
    ['a body over the size limit', () => post(Buffer.alloc(9 * 1024 * 1024, 0x20), 'application/xml', credsA), 413, /too large/],
    ['too deep XML', () => post(`<REQUEST>${'<A>'.repeat(40)}${'</A>'.repeat(40)}</REQUEST>`, 'application/xml', credsA), 413, /Too many/],
  ];

  it.each(cases)('%s', async (_name, send, status, message) => {
    const before = await ctx.platform.database.db.selectFrom('inventory_equipment').select('id').execute();
    const historyBefore = await historyCount();
    const response = await send();
    // The refusal is compressed as the request announced, as the agent expects.
    const text = decodeBody(response.rawPayload, encodingOf(String(response.headers['content-type']))).toString('utf8');
    expect(response.statusCode, text).toBe(status);
    expect(text).toMatch(/<REPLY><ERROR>/);
    expect(text).toMatch(message);
    expect(await ctx.platform.database.db.selectFrom('inventory_equipment').select('id').execute()).toEqual(before);
    expect(await historyCount()).toBe(historyBefore);
  });

  it('a GET is refused with 405', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/inventory/agent' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('POST');
  });
});
