import { join } from 'node:path';
import type { ImportReport } from '@preau/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../../platform/platform.ts';
import { getJob, startAafImport, waitForAafImport, type StartAafImportInput } from './aaf-import.service.ts';
import { accountKeys, directorySnapshot, FIXTURES, isolatedPlatform, lines, nonZero, succeededReport } from './aaf-test-support.ts';

/**
 * The AAF import end to end, on its own database: the exact directory it
 * builds from the fixtures, then re-imports, deltas, departures, returns and
 * bad input. Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */

const DAY = 86_400_000;
const fixture = (...parts: string[]) => join(FIXTURES, ...parts);

async function importAaf(platform: Platform, paths: string[], extra: Partial<StartAafImportInput> = {}): Promise<ImportReport> {
  const id = await startAafImport(platform, { paths, actorId: null, ...extra });
  return succeededReport(await waitForAafImport(platform, id));
}

/**
 * A database of its own for one describe block, with the Région Bretagne
 * collectivité and, unless told otherwise, the complet fixture imported.
 */
async function rennesDirectory({ imported = true } = {}) {
  const ctx = await isolatedPlatform();
  const db = ctx.platform.database.db;
  await db.insertInto('collectivites').values({ name: 'Région Bretagne', kind: 'REGION' }).execute();
  if (imported) await importAaf(ctx.platform, [fixture('complet')]);
  return { ctx, db };
}

const FULL_DIRECTORY = {
  structures: ['AC-RENNES$900001 0350001L LYCEE JULES-VERNE RENNES', 'AC-RENNES$900002 0350002M LYCEE BREQUIGNY RENNES'],
  classes: ['0350001L class 2ND1 SECONDE 1', '0350001L class 2ND2 SECONDE 2', '0350001L group 2ESP1 ESPAGNOL LV2 G1', '0350002M class 1G1 PREMIERE G1'],
  accounts: [
    'claire.martin PARENT Claire MARTIN PROVISIONED code',
    'helene.legall PERSONNEL/DIR Hélène LE GALL PROVISIONED code',
    'hugo.martin ELEVE Hugo MARTIN PROVISIONED code',
    'jerome.martin PARENT Jérôme MARTIN PROVISIONED code',
    'lea.martin ELEVE Léa MARTIN PROVISIONED code',
    'nadia.benali PERSONNEL/EVS Nadia BENALI PROVISIONED code',
    'paul.durand ENSEIGNANT Paul DURAND PROVISIONED code',
    'sandrine.oeuvray PARENT Sandrine ŒUVRAY PROVISIONED code',
    'tom.petit ELEVE Tom PETIT PROVISIONED code',
  ],
  memberships: [
    // A parent with children in two structures belongs to both; Jérôme (respLégal 0) to none.
    'claire.martin 0350001L PARENT',
    'claire.martin 0350002M PARENT',
    'helene.legall 0350002M PERSONNEL',
    'hugo.martin 0350002M ELEVE',
    'lea.martin 0350001L ELEVE',
    'nadia.benali 0350001L PERSONNEL',
    // A teacher in two structures.
    'paul.durand 0350001L ENSEIGNANT',
    'paul.durand 0350002M ENSEIGNANT',
    'sandrine.oeuvray 0350001L PARENT',
    'tom.petit 0350001L ELEVE',
  ],
  classMembers: ['hugo.martin 0350002M class 1G1', 'lea.martin 0350001L class 2ND1', 'lea.martin 0350001L group 2ESP1', 'tom.petit 0350001L class 2ND2'],
  parentLinks: ['claire.martin -> hugo.martin', 'claire.martin -> lea.martin', 'sandrine.oeuvray -> tom.petit'],
  teachings: ['paul.durand 0350001L class 2ND1 061300', 'paul.durand 0350001L group 2ESP1 030602', 'paul.durand 0350002M class 1G1 061300'],
  principals: ['paul.durand 0350001L class 2ND1'],
};

const CREATED = {
  STRUCTURE: { created: 2 },
  SUBJECT: { created: 2 },
  MEF: { created: 1 },
  STAFF: { created: 3 },
  STUDENT: { created: 3 },
  PARENT: { created: 3 },
};
const UNCHANGED = {
  STRUCTURE: { unchanged: 2 },
  SUBJECT: { unchanged: 2 },
  MEF: { unchanged: 1 },
  STAFF: { unchanged: 3 },
  STUDENT: { unchanged: 3 },
  PARENT: { unchanged: 3 },
};

describe('AAF import: full files, re-import, dry run, delta, bad input', () => {
  let ctx: Awaited<ReturnType<typeof isolatedPlatform>>;
  let db: Platform['database']['db'];
  beforeAll(async () => {
    ({ ctx, db } = await rennesDirectory({ imported: false }));
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('refuses to start without files or with an unknown collectivité, before any job exists', async () => {
    await expect(startAafImport(ctx.platform, { paths: [], actorId: null })).rejects.toMatchObject({ code: 'AAF_NO_FILES' });
    await expect(startAafImport(ctx.platform, { paths: [fixture('nowhere')], actorId: null })).rejects.toMatchObject({ code: 'AAF_NO_FILES' });
    await expect(startAafImport(ctx.platform, { paths: [fixture('complet')], actorId: null, collectiviteId: 'Nulle part' })).rejects.toMatchObject({
      code: 'AAF_COLLECTIVITE_REQUIRED',
    });
    expect(await db.selectFrom('jobs').select('id').execute()).toEqual([]);
  });

  it('dry run of the full files: the report of a real run, and nothing written', async () => {
    const report = await importAaf(ctx.platform, [fixture('complet')], { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(nonZero(report)).toEqual(CREATED);
    expect(await db.selectFrom('accounts').select('id').where('external_id', 'is not', null).execute()).toEqual([]);
    expect(await db.selectFrom('structures').select('id').execute()).toEqual([]);
  });

  it('imports the six file types (one of them ISO-8859-15) into the exact directory, through a job with progress', async () => {
    const id = await startAafImport(ctx.platform, { paths: [fixture('complet')], actorId: null });
    const job = await waitForAafImport(ctx.platform, id);
    expect(job.status).toBe('SUCCEEDED');
    expect(job.progress).toEqual({
      phase: 'DONE',
      files: [
        { name: 'complet/ENT_Complet_20260901_EtabEducNat_0000.xml', type: 'EtabEducNat', records: 2, status: 'DONE' },
        { name: 'complet/ENT_Complet_20260901_MatiereEducNat_0000.xml', type: 'MatiereEducNat', records: 2, status: 'DONE' },
        { name: 'complet/ENT_Complet_20260901_MefEducNat_0000.xml', type: 'MefEducNat', records: 1, status: 'DONE' },
        { name: 'complet/ENT_Complet_20260901_PersEducNat_0000.xml', type: 'PersEducNat', records: 3, status: 'DONE' },
        { name: 'complet/ENT_Complet_20260901_Eleve_0000.xml', type: 'Eleve', records: 3, status: 'DONE' },
        { name: 'complet/ENT_Complet_20260901_PersRelEleve_0000.xml', type: 'PersRelEleve', records: 3, status: 'DONE' },
      ],
    });
    const report = job.report!;
    expect(report).toMatchObject({ dryRun: false, academy: 'AC-RENNES', schoolYear: 2026, rejections: [], unchanged: false, departuresSkipped: [] });
    expect(nonZero(report)).toEqual(CREATED);
    expect(lines(await directorySnapshot(db))).toEqual(FULL_DIRECTORY);
    expect(await db.selectFrom('mefs').selectAll().execute()).toEqual([
      { code: '20010018110', name: '2NDE GENERALE ET TECHNOLOGIQUE', rattach: '20010018110', stat11: '21110010018', level: null, track: null },
    ]);
    expect((await db.selectFrom('subjects').select(['code', 'name']).orderBy('code').execute())).toEqual([
      { code: '030602', name: 'ESPAGNOL LV2' },
      { code: '061300', name: 'MATHEMATIQUES' },
    ]);
    const codes = await db.selectFrom('accounts').select('activation_code').where('external_id', 'like', 'AC-RENNES$%').execute();
    expect(codes.every((c) => /^[2-9A-Z]{8}$/.test(c.activation_code ?? ''))).toBe(true);
    expect(await getJob(ctx.platform, id)).toMatchObject({ id, status: 'SUCCEEDED' });
    await expect(getJob(ctx.platform, '00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('imports the same files again, as .zip then .tar.gz archives: zero writes, no new login or code, "unchanged"', async () => {
    const before = await accountKeys(db);
    for (const archive of ['ENT2D.20260901.zip', 'ENT2D.20260901.tgz']) {
      ctx.clock.now += 60_000;
      const report = await importAaf(ctx.platform, [fixture('archive', archive)]);
      expect(nonZero(report)).toEqual(UNCHANGED);
      expect(report.unchanged).toBe(true);
      expect(report.files.map((f) => f.name)).toContain(`${archive}!ENT_Complet_20260901_PersRelEleve_0000.xml`);
    }
    expect(await accountKeys(db)).toEqual(before);
    expect(lines(await directorySnapshot(db))).toEqual(FULL_DIRECTORY);
  });

  it('applies a delta: modifyRequest (class change), addRequest (homonym gets a number), deleteRequest (departure)', async () => {
    const dry = await importAaf(ctx.platform, [fixture('delta')], { dryRun: true, academy: 'RENNES' });
    expect(nonZero(dry)).toEqual({ STUDENT: { created: 1, updated: 1, deleted: 1 } });
    expect(lines(await directorySnapshot(db))).toEqual(FULL_DIRECTORY);

    const report = await importAaf(ctx.platform, [fixture('delta')], { academy: 'RENNES' });
    expect(nonZero(report)).toEqual({ STUDENT: { created: 1, updated: 1, deleted: 1 } });
    const after = lines(await directorySnapshot(db));
    expect(after.accounts).toEqual([
      'claire.martin PARENT Claire MARTIN PROVISIONED code',
      'helene.legall PERSONNEL/DIR Hélène LE GALL PROVISIONED code',
      'hugo.martin ELEVE Hugo MARTIN PROVISIONED code',
      'jerome.martin PARENT Jérôme MARTIN PROVISIONED code',
      'lea.martin ELEVE Léa MARTIN PROVISIONED code',
      'lea.martin2 ELEVE Léa MARTIN PROVISIONED code',
      'nadia.benali PERSONNEL/EVS Nadia BENALI PROVISIONED code',
      'paul.durand ENSEIGNANT Paul DURAND PROVISIONED code',
      'sandrine.oeuvray PARENT Sandrine ŒUVRAY PROVISIONED code',
      'tom.petit ELEVE Tom PETIT PROVISIONED leaving code',
    ]);
    expect(after.classMembers).toEqual([
      'hugo.martin 0350002M class 1G1',
      'lea.martin 0350001L class 2ND2',
      'lea.martin 0350001L group 2ESP1',
      'lea.martin2 0350002M class 1G1',
      'tom.petit 0350001L class 2ND2',
    ]);
    expect(after.memberships).toContain('lea.martin2 0350002M ELEVE');
    expect(after.parentLinks).toEqual(FULL_DIRECTORY.parentLinks);

    const again = await importAaf(ctx.platform, [fixture('delta')], { academy: 'RENNES' });
    expect(nonZero(again)).toEqual({ STUDENT: { unchanged: 2, deleted: 1 } });
  });

  it('rejects each kind of bad record with file, line, jointure and reason, applies the rest, and stops a malformed file', async () => {
    const before = lines(await directorySnapshot(db));
    const report = await importAaf(ctx.platform, [fixture('bad'), fixture('encoding')], { academy: 'RENNES' });
    expect(report.rejections).toEqual([
      { file: 'bad/ENT_Delta_20261020_EtabEducNat_0000.xml', line: 3, jointure: '900009', reason: 'BAD_UAI', detail: 'ENTStructureUAI' },
      { file: 'bad/ENT_Delta_20261020_Eleve_0000.xml', line: 12, jointure: '5100002', reason: 'MISSING_ATTRIBUTE', detail: 'sn' },
      { file: 'bad/ENT_Delta_20261020_Eleve_0000.xml', line: 21, jointure: '5100003', reason: 'UNKNOWN_STRUCTURE', detail: '999999' },
      { file: 'bad/ENT_Delta_20261020_Eleve_0000.xml', line: 30, jointure: '5100004', reason: 'MALFORMED_DATE', detail: 'ENTPersonDateNaissance' },
      { file: 'bad/ENT_Delta_20261020_Eleve_0000.xml', line: 40, jointure: '5100001', reason: 'DUPLICATED_JOINTURE', detail: null },
      { file: 'bad/ENT_Delta_20261020_Eleve_0000.xml', line: 49, jointure: '5100005', reason: 'BAD_PACKED_VALUE', detail: 'ENTEleveClasses' },
      { file: 'bad/ENT_Delta_20261020_Eleve_0000.xml', line: 59, jointure: '5100006', reason: 'BAD_PACKED_VALUE', detail: 'ENTElevePersRelEleve' },
    ]);
    expect(nonZero(report)).toEqual({ STRUCTURE: { rejected: 1 }, STUDENT: { created: 1, rejected: 6 }, PARENT: { created: 2 } });
    expect(report.files.filter((f) => f.status === 'FAILED')).toEqual([
      {
        name: 'bad/ENT_Delta_20261020_PersRelEleve_0000.xml',
        type: 'PersRelEleve',
        mode: 'DELTA',
        records: 2,
        status: 'FAILED',
        error: 'malformed XML: unexpected close tag.',
        errorLine: 24,
        appliedBeforeError: 'EARLIER_APPLIED',
      },
      {
        name: 'encoding/ENT_Delta_20261021_PersRelEleve_0000.xml',
        type: 'PersRelEleve',
        mode: 'DELTA',
        records: 0,
        status: 'FAILED',
        error: 'bytes invalid in the declared encoding',
        errorLine: 1,
        appliedBeforeError: 'EARLIER_APPLIED',
      },
    ]);
    const after = lines(await directorySnapshot(db));
    // Nothing of a rejected record was written; the good ones (and the records before the XML error) were.
    expect(after.structures).toEqual(before.structures);
    expect(after.accounts!.filter((a) => !before.accounts!.includes(a))).toEqual([
      'alice.bon ELEVE Alice BON PROVISIONED code',
      'jean.apres PARENT Jean APRES PROVISIONED code',
      'paul.avant PARENT Paul AVANT PROVISIONED code',
    ]);
    expect(after.memberships!.filter((m) => !before.memberships!.includes(m))).toEqual(['alice.bon 0350001L ELEVE']);
    const rejectedKeys = ['5100002', '5100003', '5100004', '5100005', '5100006', '6100003', '6200001'].map((k) => `AC-RENNES$${k}`);
    expect(await db.selectFrom('accounts').select('id').where('external_id', 'in', rejectedKeys).execute()).toEqual([]);
    expect(await db.selectFrom('provisioning_records').select('key').where('key', 'in', rejectedKeys).execute()).toEqual([]);
  });
});

describe('AAF import: departures, the grace period, a return, retention', () => {
  let ctx: Awaited<ReturnType<typeof isolatedPlatform>>;
  let db: Platform['database']['db'];
  const tom = async () =>
    db.selectFrom('accounts').select(['id', 'login', 'status', 'leaving_at', 'activation_code', 'deleted_at', 'lifecycle_blocked']).where('login', '=', 'tom.petit').executeTakeFirstOrThrow();
  beforeAll(async () => ({ ctx, db } = await rennesDirectory()));
  afterAll(() => ctx?.close());

  it('does not compute departures from a complet file that broke half-way', async () => {
    const report = await importAaf(ctx.platform, [fixture('broken-complet')], { academy: 'RENNES' });
    expect(report.departuresSkipped).toEqual(['STUDENT']);
    expect(report.files[0]).toMatchObject({ status: 'FAILED', records: 1, appliedBeforeError: 'EARLIER_APPLIED' });
    expect(nonZero(report)).toEqual({ STUDENT: { unchanged: 1 } });
    expect((await tom()).leaving_at).toBeNull();
  });

  it('marks an account absent from a complet file as leaving, blocks it after the grace period, restores it intact on return', async () => {
    const original = await tom();
    const left = await importAaf(ctx.platform, [fixture('departure')], { academy: 'RENNES' });
    expect(nonZero(left)).toEqual({ STUDENT: { unchanged: 2, leaving: 1 } });
    expect(await tom()).toMatchObject({ status: 'PROVISIONED', lifecycle_blocked: false });
    expect((await tom()).leaving_at).not.toBeNull();
    // Leaving is not gone: memberships and links stay until the end of retention.
    expect(lines(await directorySnapshot(db)).parentLinks).toEqual(FULL_DIRECTORY.parentLinks);

    ctx.clock.now += 31 * DAY;
    const blocked = await importAaf(ctx.platform, [fixture('departure')], { academy: 'RENNES' });
    expect(blocked.lifecycle).toEqual({ blocked: 1, purged: 0 });
    expect(nonZero(blocked)).toEqual({ STUDENT: { unchanged: 2 } });
    expect(await tom()).toMatchObject({ status: 'BLOCKED', lifecycle_blocked: true });

    const back = await importAaf(ctx.platform, [fixture('complet')]);
    expect(nonZero(back)).toEqual({ ...UNCHANGED, STUDENT: { unchanged: 2, restored: 1 } });
    expect(await tom()).toEqual({ ...original, leaving_at: null, lifecycle_blocked: false });
    expect(lines(await directorySnapshot(db))).toEqual(FULL_DIRECTORY);
  });

  it('purges a leaver after the retention period: memberships and links go, the login stays taken, the jointure is free', async () => {
    await importAaf(ctx.platform, [fixture('departure')], { academy: 'RENNES' });
    ctx.clock.now += 91 * DAY;
    const purge = await importAaf(ctx.platform, [fixture('departure')], { academy: 'RENNES' });
    expect(purge.lifecycle).toEqual({ blocked: 1, purged: 1 });
    const snapshot = lines(await directorySnapshot(db));
    expect(snapshot.accounts).toContain('tom.petit ELEVE - - BLOCKED leaving deleted');
    expect(snapshot.parentLinks).toEqual(['claire.martin -> hugo.martin', 'claire.martin -> lea.martin']);
    expect(snapshot.memberships).not.toContain('sandrine.oeuvray 0350001L PARENT');
    expect(snapshot.classMembers).not.toContain('tom.petit 0350001L class 2ND2');

    // He comes back after the purge: a new account, a new login (the old one is never given again).
    const back = await importAaf(ctx.platform, [fixture('complet')]);
    expect(back.counts.STUDENT).toMatchObject({ created: 1, unchanged: 2 });
    const snapshotBack = lines(await directorySnapshot(db));
    expect(snapshotBack.accounts).toContain('tom.petit2 ELEVE Tom PETIT PROVISIONED code');
    expect(snapshotBack.parentLinks).toContain('sandrine.oeuvray -> tom.petit2');
    expect(snapshotBack.memberships).toContain('sandrine.oeuvray 0350001L PARENT');
  });
});

describe('AAF import: a parent absent from a complet file whose children get other parents in the same import', () => {
  let ctx: Awaited<ReturnType<typeof isolatedPlatform>>;
  let db: Platform['database']['db'];
  beforeAll(async () => ({ ctx, db } = await rennesDirectory()));
  afterAll(() => ctx?.close());

  it('marks him leaving (his links go with the children’s new records); a re-import of the same files marks nothing', async () => {
    ctx.clock.now += DAY;
    const expected = { STUDENT: { unchanged: 2, updated: 1 }, PARENT: { unchanged: 2, created: 1, leaving: 1 } };
    const dry = await importAaf(ctx.platform, [fixture('parent-departure')], { academy: 'RENNES', dryRun: true });
    expect(nonZero(dry)).toEqual(expected);
    expect(lines(await directorySnapshot(db))).toEqual(FULL_DIRECTORY);

    const report = await importAaf(ctx.platform, [fixture('parent-departure')], { academy: 'RENNES' });
    expect(nonZero(report)).toEqual(expected);
    const snapshot = lines(await directorySnapshot(db));
    expect(snapshot.accounts).toContain('sandrine.oeuvray PARENT Sandrine ŒUVRAY PROVISIONED leaving code');
    expect(snapshot.accounts).toContain('marc.petit PARENT Marc PETIT PROVISIONED code');
    expect(snapshot.accounts!.filter((a) => a.includes(' leaving'))).toEqual(['sandrine.oeuvray PARENT Sandrine ŒUVRAY PROVISIONED leaving code']);
    expect(snapshot.parentLinks).toEqual(['claire.martin -> hugo.martin', 'claire.martin -> lea.martin', 'marc.petit -> tom.petit']);
    expect(snapshot.memberships).toContain('marc.petit 0350001L PARENT');
    expect(snapshot.memberships!.filter((m) => m.startsWith('sandrine.'))).toEqual([]);

    ctx.clock.now += DAY;
    const again = await importAaf(ctx.platform, [fixture('parent-departure')], { academy: 'RENNES' });
    expect(nonZero(again)).toEqual({ STUDENT: { unchanged: 3 }, PARENT: { unchanged: 3 } });
    expect(again.unchanged).toBe(true);
    expect(lines(await directorySnapshot(db))).toEqual(snapshot);
  });
});

describe('AAF import: departures across a change of school year', () => {
  let ctx: Awaited<ReturnType<typeof isolatedPlatform>>;
  let db: Platform['database']['db'];
  const leaving = async () =>
    (await db.selectFrom('accounts').select('login').where('external_id', 'like', 'AC-RENNES$%').where('leaving_at', 'is not', null).orderBy('login').execute()).map(
      (r) => r.login,
    );
  const memberships = async (year: number) =>
    (
      await db
        .selectFrom('structure_members as sm')
        .innerJoin('accounts as a', 'a.id', 'sm.account_id')
        .innerJoin('structures as s', 's.id', 'sm.structure_id')
        .select(['a.login', 's.uai', 'sm.profile'])
        .where('sm.school_year', '=', year)
        .where('a.external_id', 'like', 'AC-RENNES$%')
        .orderBy('a.login')
        .orderBy('s.uai')
        .execute()
    ).map((r) => `${r.login} ${r.uai} ${r.profile}`);
  beforeAll(async () => ({ ctx, db } = await rennesDirectory()));
  afterAll(() => ctx?.close());

  it('the first complet import of year N+1 makes the accounts of year N it omits leave, keeps the others, and restores one who returns', async () => {
    // The school year is SCHOOL_YEAR when set (else the date's): the rentrée of 2027.
    ctx.platform.config.schoolYear = 2027;
    ctx.clock.now = Date.parse('2027-09-01T08:00:00Z');
    const report = await importAaf(ctx.platform, [fixture('next-year')]);
    expect(report.schoolYear).toBe(2027);
    expect(nonZero(report)).toEqual({
      STRUCTURE: { updated: 2 },
      STAFF: { updated: 2, leaving: 1 },
      STUDENT: { updated: 2, leaving: 1 },
      PARENT: { updated: 2, leaving: 1 },
    });
    expect(await leaving()).toEqual(['nadia.benali', 'sandrine.oeuvray', 'tom.petit']);
    const present = [
      'claire.martin 0350001L PARENT',
      'claire.martin 0350002M PARENT',
      'helene.legall 0350002M PERSONNEL',
      'hugo.martin 0350002M ELEVE',
      'lea.martin 0350001L ELEVE',
      'paul.durand 0350001L ENSEIGNANT',
      'paul.durand 0350002M ENSEIGNANT',
    ];
    expect(await memberships(2027)).toEqual(present);
    // Last year's memberships are history: untouched.
    expect(await memberships(2026)).toEqual(FULL_DIRECTORY.memberships);

    const again = await importAaf(ctx.platform, [fixture('next-year')]);
    expect(nonZero(again)).toEqual({ STRUCTURE: { unchanged: 2 }, STAFF: { unchanged: 2 }, STUDENT: { unchanged: 2 }, PARENT: { unchanged: 2 } });
    expect(again.unchanged).toBe(true);

    // They come back in a later complet import of the year: restored, with this year's memberships.
    ctx.clock.now += 7 * DAY;
    const back = await importAaf(ctx.platform, [fixture('complet')]);
    expect(back.counts.STAFF).toMatchObject({ unchanged: 2, restored: 1, leaving: 0 });
    expect(back.counts.STUDENT).toMatchObject({ unchanged: 2, restored: 1, leaving: 0 });
    expect(back.counts.PARENT).toMatchObject({ unchanged: 2, restored: 1, leaving: 0 });
    expect(await leaving()).toEqual([]);
    expect(await memberships(2027)).toEqual(FULL_DIRECTORY.memberships);
  });
});

describe('AAF import: a school year’s complet file leaves alone who is already elsewhere this year', () => {
  let ctx: Awaited<ReturnType<typeof isolatedPlatform>>;
  let db: Platform['database']['db'];
  beforeAll(async () => ({ ctx, db } = await rennesDirectory()));
  afterAll(() => ctx?.close());

  it('a student of 0350001L in 2026 moved to 0350002M for 2027 does not leave for her absence from 0350001L’s complet file', async () => {
    ctx.platform.config.schoolYear = 2027;
    ctx.clock.now = Date.parse('2027-09-05T08:00:00Z');
    const moved = await importAaf(ctx.platform, [fixture('next-year-move', 'delta')], { academy: 'RENNES' });
    expect(nonZero(moved)).toEqual({ STUDENT: { updated: 1 } });
    const lea2027 = await db
      .selectFrom('structure_members as sm')
      .innerJoin('accounts as a', 'a.id', 'sm.account_id')
      .innerJoin('structures as s', 's.id', 'sm.structure_id')
      .select(['sm.school_year', 's.uai'])
      .where('a.login', '=', 'lea.martin')
      .orderBy('sm.school_year')
      .execute();
    expect(lea2027).toEqual([
      { school_year: 2026, uai: '0350001L' },
      { school_year: 2027, uai: '0350002M' },
    ]);

    // Tom's file covers 0350001L only: Léa (last year there, this year in 0350002M) and Hugo (0350002M) stay.
    ctx.clock.now += 5 * DAY;
    const report = await importAaf(ctx.platform, [fixture('next-year-move', 'complet')], { academy: 'RENNES' });
    expect(nonZero(report)).toEqual({ STUDENT: { updated: 1 } });
    const students = await db.selectFrom('accounts').select(['login', 'leaving_at']).where('profile', '=', 'ELEVE').orderBy('login').execute();
    expect(students).toEqual([
      { login: 'hugo.martin', leaving_at: null },
      { login: 'lea.martin', leaving_at: null },
      { login: 'tom.petit', leaving_at: null },
    ]);
  });
});

describe('AAF import: requests on one key in one batch', () => {
  let ctx: Awaited<ReturnType<typeof isolatedPlatform>>;
  beforeAll(async () => {
    ({ ctx } = await rennesDirectory());
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('applies a modifyRequest to the addRequest before it, and rejects one that follows a deleteRequest', async () => {
    const report = await importAaf(ctx.platform, [fixture('same-batch')], { academy: 'RENNES' });
    expect(nonZero(report)).toEqual({ STUDENT: { created: 1, deleted: 1, rejected: 1 } });
    expect(report.rejections).toEqual([
      { file: 'same-batch/ENT_Delta_20261016_Eleve_0000.xml', line: 22, jointure: '5000003', reason: 'UNKNOWN_JOINTURE', detail: null },
    ]);
    const snapshot = lines(await directorySnapshot(ctx.platform.database.db));
    expect(snapshot.classMembers!.filter((m) => m.startsWith('anh.nguyen'))).toEqual(['anh.nguyen 0350001L class 2ND2']);
    expect(snapshot.accounts).toContain('tom.petit ELEVE Tom PETIT PROVISIONED leaving code');
  });
});

describe('AAF import: professeur principal of a class he does not teach', () => {
  let ctx: Awaited<ReturnType<typeof isolatedPlatform>>;
  let db: Platform['database']['db'];
  // The row versions of the professeur principal rows: a row rewritten gets a new xmin.
  const principalRows = async () =>
    (
      await sql<{ line: string; xmin: string }>`
        SELECT a.login || ' ' || c.code AS line, p.xmin::text AS xmin FROM class_principals p
        JOIN accounts a ON a.id = p.teacher_id JOIN classes c ON c.id = p.class_id ORDER BY 1`.execute(db)
    ).rows;
  const teachingRows = async () => (await sql<{ id: string; xmin: string }>`SELECT id, xmin::text AS xmin FROM teachings ORDER BY id`.execute(db)).rows;
  beforeAll(async () => ({ ctx, db } = await rennesDirectory()));
  afterAll(() => ctx?.close());

  it('records him (co-PP too, in a class created for it), removes the role he loses, and writes nothing for what stays', async () => {
    const before = await principalRows();
    const teachingsBefore = await teachingRows();
    // Paul also becomes PP of 2ND2 (where he teaches nothing); Marie, new, teaches nothing and is co-PP of 2ND1 and PP of 2ND3 (no such class yet).
    const added = await importAaf(ctx.platform, [fixture('principal-only', 'add')], { academy: 'RENNES' });
    expect(nonZero(added)).toEqual({ STAFF: { created: 1, updated: 1 } });
    const snapshot = lines(await directorySnapshot(db));
    expect(snapshot.principals).toEqual([
      'marie.kergoat 0350001L class 2ND1',
      'marie.kergoat 0350001L class 2ND3',
      'paul.durand 0350001L class 2ND1',
      'paul.durand 0350001L class 2ND2',
    ]);
    expect(snapshot.teachings).toEqual(FULL_DIRECTORY.teachings);
    expect(snapshot.classes).toEqual([...FULL_DIRECTORY.classes.slice(0, 2), '0350001L class 2ND3 2ND3', ...FULL_DIRECTORY.classes.slice(2)]);
    expect(snapshot.memberships).toContain('marie.kergoat 0350001L ENSEIGNANT');
    const added2 = await principalRows();
    // Paul's record changed, but his PP row of 2ND1 and his teachings were not written again.
    expect(added2.find((r) => r.line === 'paul.durand 2ND1')).toEqual(before.find((r) => r.line === 'paul.durand 2ND1'));
    expect(await teachingRows()).toEqual(teachingsBefore);

    // Paul is no longer PP of 2ND2, nor Marie of 2ND1.
    const removed = await importAaf(ctx.platform, [fixture('principal-only', 'removed')], { academy: 'RENNES' });
    expect(nonZero(removed)).toEqual({ STAFF: { updated: 2 } });
    expect(lines(await directorySnapshot(db)).principals).toEqual(['marie.kergoat 0350001L class 2ND3', 'paul.durand 0350001L class 2ND1']);
    const kept = await principalRows();
    expect(kept).toEqual(added2.filter((r) => r.line === 'marie.kergoat 2ND3' || r.line === 'paul.durand 2ND1'));

    // The same delta again: unchanged, nothing written.
    const keys = await accountKeys(db);
    const again = await importAaf(ctx.platform, [fixture('principal-only', 'removed')], { academy: 'RENNES' });
    expect(nonZero(again)).toEqual({ STAFF: { unchanged: 2 } });
    expect(again.unchanged).toBe(true);
    expect(await principalRows()).toEqual(kept);
    expect(await teachingRows()).toEqual(teachingsBefore);
    expect(await accountKeys(db)).toEqual(keys);
  });

  it('drops the PP rows of a teacher purged after his departure', async () => {
    const marie = await db.selectFrom('accounts').select('id').where('login', '=', 'marie.kergoat').executeTakeFirstOrThrow();
    const left = await importAaf(ctx.platform, [fixture('principal-only', 'leaving')], { academy: 'RENNES' });
    expect(nonZero(left)).toEqual({ STAFF: { deleted: 1 } });
    // Leaving is not gone: the role stays until the end of retention.
    expect(lines(await directorySnapshot(db)).principals).toContain('marie.kergoat 0350001L class 2ND3');

    ctx.clock.now += 91 * DAY;
    const purge = await importAaf(ctx.platform, [fixture('principal-only', 'leaving')], { academy: 'RENNES' });
    expect(purge.lifecycle).toEqual({ blocked: 1, purged: 1 });
    expect(await db.selectFrom('class_principals').select('class_id').where('teacher_id', '=', marie.id).execute()).toEqual([]);
    expect(lines(await directorySnapshot(db)).principals).toEqual(['paul.durand 0350001L class 2ND1']);
    // The class stays, with no PP.
    expect(lines(await directorySnapshot(db)).classes).toContain('0350001L class 2ND3 2ND3');
  });
});
