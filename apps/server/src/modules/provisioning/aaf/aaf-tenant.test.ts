import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { type ImportJobDetail, type ImportRejection, uaiCheckLetter } from '@preau/contracts';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createCollectivite, createStructure, grantAdmin } from '../../../../test/factories.ts';
import { type AuthHeaders, loginAs } from '../../../../test/http.ts';
import { type App, buildApp } from '../../../app.ts';
import type { DB } from '../../../platform/db/database.ts';
import { startAafImport, waitForAafImport } from './aaf-import.service.ts';
import { accountKeys, directorySnapshot, FIXTURES, isolatedPlatform, lines } from './aaf-test-support.ts';

/**
 * Tenant isolation of imports (issue 11): two collectivités on one instance
 * whose AAF files share an academy (a région's lycées and a département's
 * collèges). The ADMC of the second uploads files naming the first one's
 * structures (by jointure and by UAI) and accounts (by jointure), complet and
 * delta: nothing of the first changes, and the report lists each refusal.
 */

const OWN_UAI = `0359999${uaiCheckLetter('0359999')}`;

const header = '<?xml version="1.0" encoding="UTF-8"?>\n<ficAlimMENESR>\n';
const footer = '</ficAlimMENESR>\n';
const attr = (name: string, ...values: string[]) => `<attr name="${name}">${values.map((v) => `<value>${v}</value>`).join('')}</attr>`;
const add = (category: string, id: string, ...attrs: string[]) =>
  `<addRequest><operationalAttributes>${attr(category === 'EtabEducNat' ? 'categorieStructure' : 'categoriePersonne', category)}</operationalAttributes>` +
  `<identifier><id>${id}</id></identifier><attributes>${attrs.join('')}</attributes></addRequest>\n`;
const modify = (category: string, id: string, ...changes: [string, string[]][]) =>
  `<modifyRequest><operationalAttributes>${attr('categoriePersonne', category)}</operationalAttributes><identifier><id>${id}</id></identifier><modifications>` +
  changes.map(([name, values]) => `<modification name="${name}" operation="replace">${values.map((v) => `<value>${v}</value>`).join('')}</modification>`).join('') +
  '</modifications></modifyRequest>\n';
const remove = (category: string, id: string) =>
  `<deleteRequest><operationalAttributes>${attr('categoriePersonne', category)}</operationalAttributes><identifier><id>${id}</id></identifier></deleteRequest>\n`;
const structure = (id: string, uai: string, name: string, ...classes: string[]) =>
  add('EtabEducNat', id, attr('ENTStructureJointure', id), attr('ENTStructureUAI', uai), attr('ENTStructureNomCourant', name), attr('ENTServAcAcademie', 'RENNES'),
    ...(classes.length ? [attr('ENTStructureClasses', ...classes)] : []));
const staff = (id: string, lastName: string, structureId: string, fn: string) =>
  add('PersEducNat', id, attr('ENTPersonJointure', id), attr('sn', lastName), attr('givenName', 'Pirate'), attr('ENTPersonStructRattach', structureId),
    attr('ENTPersonFonctions', `${structureId}$${fn}`));

async function tarGz(files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, content] of Object.entries(files)) pack.entry({ name }, Buffer.from(content));
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack.pipe(createGzip())) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The accounts the second collectivité's own records create (the academy's keys are shared by both). */
const SECOND_LOGINS = ['pirate.legit', 'pirate.eleve'];
const ofSecond = (line: string) => SECOND_LOGINS.some((login) => line.startsWith(`${login} `)) || line.startsWith('AC-RENNES$99') || line.startsWith(OWN_UAI);

/** Everything of the first collectivité an import could change, as comparable text. */
async function firstCollectivite(db: DB, adopted: string) {
  const snapshot = Object.fromEntries(Object.entries(lines(await directorySnapshot(db))).map(([k, v]) => [k, v.filter((line) => !ofSecond(line))]));
  const structure = await db.selectFrom('structures').select(['name', 'uai', 'external_id', 'collectivite_id']).where('id', '=', adopted).executeTakeFirstOrThrow();
  const departures = await db.selectFrom('accounts').select(['login', 'leaving_at', 'status']).where('external_id', 'like', 'AC-RENNES$%').orderBy('login').execute();
  return {
    snapshot,
    codes: (await accountKeys(db)).filter((line) => !ofSecond(line.split(' ').slice(1).join(' '))),
    structure,
    departures: departures.filter((d) => !SECOND_LOGINS.includes(d.login)),
  };
}

describe('AAF import: one collectivité cannot write into another', () => {
  let ctx: Awaited<ReturnType<typeof isolatedPlatform>>;
  let app: App;
  let db: DB;
  let dataDir: string;
  let attacker: AuthHeaders;
  let firstId: string;
  let secondId: string;
  let adoptedId: string;
  let adoptedUai: string;
  let before: Awaited<ReturnType<typeof firstCollectivite>>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'preau-tenant-'));
    ctx = await isolatedPlatform({ PREAU_DATA: dataDir, LOGIN_MAX_PER_IP: '1000000' });
    app = await buildApp(ctx.platform);
    db = ctx.platform.database.db;
    firstId = (await createCollectivite(db, 'Région Bretagne')).id;
    secondId = (await createCollectivite(db, 'Département Pirate')).id;
    // The first collectivité: the fixture's two lycées and their people, and a school its ADMC created by hand.
    const job = await waitForAafImport(ctx.platform, await startAafImport(ctx.platform, { paths: [join(FIXTURES, 'complet')], actorId: null, collectiviteId: firstId }));
    expect(job.status).toBe('SUCCEEDED');
    const adopted = await createStructure(db, { collectiviteId: firstId, name: 'Collège créé à la main' });
    adoptedId = adopted.id;
    adoptedUai = adopted.uai;
    // The second: its own collège, and its ADMC.
    const own = await waitForAafImport(
      ctx.platform,
      await startAafImport(ctx.platform, {
        paths: [await writeXml('ENT_Complet_20260901_EtabEducNat_0000.xml', header + structure('990001', OWN_UAI, 'COLLEGE PIRATE') + footer)],
        actorId: null,
        collectiviteId: secondId,
      }),
    );
    expect(own.report!.counts.STRUCTURE!.created).toBe(1);
    const admc = await createAccount(db, { profile: 'COLLECTIVITE' });
    await grantAdmin(db, admc.id, { admc: secondId });
    attacker = await loginAs(app, admc.login);
    before = await firstCollectivite(db, adoptedId);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await ctx?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function writeXml(name: string, content: string): Promise<string> {
    const { writeFile, mkdir } = await import('node:fs/promises');
    const dir = join(dataDir, randomUUID());
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, name), content);
    return join(dir, name);
  }

  async function uploadAs(headers: AuthHeaders, archive: Buffer): Promise<ImportJobDetail> {
    const boundary = `----preau${randomUUID()}`;
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ENT2D.tar.gz"\r\nContent-Type: application/gzip\r\n\r\n`),
      archive,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const started = await app.inject({
      method: 'POST',
      url: `/api/v1/admin/imports/aaf?collectiviteId=${secondId}&academy=RENNES`,
      headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(started.statusCode).toBe(202);
    const id = (started.json() as { id: string }).id;
    for (let i = 0; i < 600; i++) {
      const job = (await app.inject({ method: 'GET', url: `/api/v1/admin/imports/${id}`, headers })).json() as ImportJobDetail;
      if (job.status === 'SUCCEEDED' || job.status === 'FAILED') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${id} did not finish`);
  }

  const reasons = (rejections: ImportRejection[]) => rejections.map((r) => `${r.jointure} ${r.reason} ${r.detail ?? ''}`.trim()).sort();

  it('a complet upload naming its structures and staff: every such record rejected, its own applied, nothing of the other changed', async () => {
    const job = await uploadAs(
      attacker,
      await tarGz({
        'ENT_Complet_20260901_EtabEducNat_0000.xml':
          header +
          // The other's lycée by its jointure (renamed, a class added), its other lycée by its UAI, its hand-made collège by its UAI.
          structure('900001', '0350001L', 'LYCEE PIRATE', 'HACK$CLASSE PIRATE') +
          structure('990002', '0350002M', 'LYCEE PIRATE 2') +
          structure('990003', adoptedUai, 'COLLEGE PRIS') +
          structure('990001', OWN_UAI, 'COLLEGE PIRATE') +
          footer,
        'ENT_Complet_20260901_PersEducNat_0000.xml':
          header +
          // A director made in the other's lycée; its teacher moved to our collège; one of our own.
          staff('7999999', 'DIRECTEUR', '900002', 'DIR$DIRECTION') +
          staff('7000001', 'DURAND', '990001', 'ENS$ENSEIGNEMENT') +
          staff('7100001', 'LEGIT', '990001', 'ENS$ENSEIGNEMENT') +
          footer,
      }),
    );
    expect(job.status).toBe('SUCCEEDED');
    expect(reasons(job.report!.rejections)).toEqual([
      '7000001 ACCOUNT_OF_ANOTHER_COLLECTIVITE',
      '7999999 STRUCTURE_OF_ANOTHER_COLLECTIVITE 900002',
      '900001 STRUCTURE_OF_ANOTHER_COLLECTIVITE ENTStructureJointure',
      '990002 STRUCTURE_OF_ANOTHER_COLLECTIVITE ENTStructureUAI',
      '990003 STRUCTURE_OF_ANOTHER_COLLECTIVITE ENTStructureUAI',
    ]);
    expect(job.report!.counts.STAFF).toMatchObject({ created: 1, rejected: 2, leaving: 0 });
    expect(job.report!.counts.STRUCTURE).toMatchObject({ unchanged: 1, rejected: 3 });
    expect(await firstCollectivite(db, adoptedId)).toEqual(before);
  });

  it('a delta upload: modifyRequest attaching its teacher to our collège, deleteRequest of its staff, a student naming its parent: all rejected', async () => {
    const job = await uploadAs(
      attacker,
      await tarGz({
        'ENT_Delta_20261001_PersEducNat_0000.xml':
          header +
          modify('PersEducNat', '7000001', ['ENTPersonStructRattach', ['990001']], ['ENTPersonFonctions', ['990001$ENS$ENSEIGNEMENT']]) +
          remove('PersEducNat', '7000002') +
          footer,
        'ENT_Delta_20261001_Eleve_0000.xml':
          header +
          // Our student, naming the other's parent as his: no link, no membership for that parent here.
          add('Eleve', '5999999', attr('ENTPersonJointure', '5999999'), attr('sn', 'ELEVE'), attr('givenName', 'Pirate'), attr('ENTPersonStructRattach', '990001'),
            attr('ENTElevePersRelEleve', '6000001$10$1$1$1$1')) +
          // The other's student, by a modifyRequest and by a deleteRequest.
          modify('Eleve', '5000001', ['ENTPersonStructRattach', ['990001']]) +
          remove('Eleve', '5000002') +
          footer,
      }),
    );
    expect(job.status).toBe('SUCCEEDED');
    expect(reasons(job.report!.rejections)).toEqual([
      '5000001 ACCOUNT_OF_ANOTHER_COLLECTIVITE',
      '5000002 ACCOUNT_OF_ANOTHER_COLLECTIVITE',
      '7000001 ACCOUNT_OF_ANOTHER_COLLECTIVITE',
      '7000002 ACCOUNT_OF_ANOTHER_COLLECTIVITE',
    ]);
    expect(job.report!.counts.STUDENT).toMatchObject({ created: 1, rejected: 2 });
    expect(await firstCollectivite(db, adoptedId)).toEqual(before);
    // Claire MARTIN is not linked to our student, hence not a member of our collège.
    const links = await db
      .selectFrom('parent_links as l')
      .innerJoin('accounts as c', 'c.id', 'l.child_id')
      .select('c.external_id')
      .where('l.parent_id', '=', (await db.selectFrom('accounts').select('id').where('external_id', '=', 'AC-RENNES$6000001').executeTakeFirstOrThrow()).id)
      .orderBy('c.external_id')
      .execute();
    expect(links.map((l) => l.external_id)).toEqual(['AC-RENNES$5000001', 'AC-RENNES$5000002']);
  });

  it('so the ADMC cannot reach the other’s teacher to give him a new activation code', async () => {
    const teacher = await db.selectFrom('accounts').select(['id', 'activation_code']).where('external_id', '=', 'AC-RENNES$7000001').executeTakeFirstOrThrow();
    const response = await app.inject({ method: 'POST', url: `/api/v1/admin/accounts/${teacher.id}/activation-code`, headers: attacker });
    expect(response.statusCode).toBe(404);
    expect((await db.selectFrom('accounts').select('activation_code').where('id', '=', teacher.id).executeTakeFirstOrThrow()).activation_code).toBe(teacher.activation_code);
  });

  it('the CLI (a job of the second collectivité) is held to the same rule', async () => {
    const path = await writeXml('ENT_Complet_20260901_EtabEducNat_0000.xml', header + structure('900002', '0350002M', 'LYCEE RENOMME') + footer);
    const job = await waitForAafImport(ctx.platform, await startAafImport(ctx.platform, { paths: [path], actorId: null, collectiviteId: 'Département Pirate' }));
    expect(reasons(job.report!.rejections)).toEqual(['900002 STRUCTURE_OF_ANOTHER_COLLECTIVITE ENTStructureJointure']);
    expect(await firstCollectivite(db, adoptedId)).toEqual(before);
  });
});
