import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/test-platform.ts';
import { ConfigError, loadConfig } from '../../../platform/config.ts';
import { DatabaseSamlStateStore, RedisSamlStateStore, samlStateStore } from './educonnect.repository.ts';
import { refusalCode, safeReturnPath } from './educonnect.service.ts';
import { joinKeyOf, joinKeysOf } from './jointure.ts';

describe('FrEduCtRefId → AAF join keys', () => {
  it.each([
    ['{AAF}14|ELEVE|5000001', 'AC-RENNES$5000001'],
    ['{AAF}24|PERSRELELEVE|P123', 'AC-CRETEIL$P123'],
    ['{AAF}02|ELEVE|42', 'AC-AIX-MARSEILLE$42'],
    ['{AAF}VRS|ELEVE|42', 'AC-VERSAILLES$42'],
    ['AAF14|ELEVE|42', 'AC-RENNES$42'],
  ])('%s → %s', (value, key) => expect(joinKeyOf(value)).toBe(key));

  it.each([
    ['an unknown académie', '{AAF}99|ELEVE|42'],
    ['a value without the AAF prefix', '{FC}14|ELEVE|42'],
    ['two fields only', '{AAF}14|42'],
    ['an empty jointure', '{AAF}14|ELEVE| '],
  ])('ignores %s', (_, value) => expect(joinKeyOf(value)).toBeUndefined());

  it('keeps each readable key once, for a parent with several values', () => {
    expect(joinKeysOf(['{AAF}14|PERSRELELEVE|P1', '{AAF}14|PERSRELELEVE|P1', '{AAF}17|PERSRELELEVE|P2', 'opaque'])).toEqual([
      'AC-RENNES$P1',
      'AC-NANTES$P2',
    ]);
  });
});

describe('return path after an ÉduConnect login', () => {
  it.each([
    ['/messagerie', '/messagerie'],
    ['/mes-applis?q=pronote#top', '/mes-applis?q=pronote#top'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['/a\nb', '/'],
    ['javascript:alert(1)', '/'],
    [undefined, '/'],
    [['/a', '/b'], '/'],
    [`/${'a'.repeat(600)}`, '/'],
  ])('%j → %s', (value, expected) => expect(safeReturnPath(value)).toBe(expected));
});

describe("samlify's refusals → Préau's stable codes", () => {
  it.each([
    [new Error('FAILED_TO_VERIFY_SIGNATURE'), 'EDUCONNECT_SIGNATURE_INVALID'],
    [new Error('ERR_SIGNATURE_ALGORITHM_NOT_ALLOWED'), 'EDUCONNECT_SIGNATURE_INVALID'],
    [new Error('ERR_UNMATCH_ISSUER'), 'EDUCONNECT_SIGNATURE_INVALID'],
    [new Error('ERR_POTENTIAL_WRAPPING_ATTACK'), 'EDUCONNECT_SIGNATURE_INVALID'],
    [new Error('ERR_AUDIENCE_MISMATCH'), 'EDUCONNECT_AUDIENCE_MISMATCH'],
    [new Error('ERR_RECIPIENT_MISMATCH'), 'EDUCONNECT_DESTINATION_MISMATCH'],
    [new Error('ERR_SUBJECT_UNCONFIRMED'), 'EDUCONNECT_ASSERTION_EXPIRED'],
    [new Error('ERR_EXPIRED_SESSION'), 'EDUCONNECT_ASSERTION_EXPIRED'],
    [new Error('ERR_REPLAYED_ASSERTION'), 'EDUCONNECT_ASSERTION_REPLAYED'],
    [new Error('ERR_FAILED_STATUS with top tier code: urn:oasis:names:tc:SAML:2.0:status:Responder'), 'EDUCONNECT_AUTHN_FAILED'],
    [new Error('ERR_INRESPONSETO_MISMATCH'), 'EDUCONNECT_BAD_REQUEST'],
    ['ERR_EXCEPTION_VALIDATE_XML', 'EDUCONNECT_BAD_REQUEST'],
    [new TypeError('Cannot read properties of undefined'), 'EDUCONNECT_BAD_REQUEST'],
  ])('%s → %s', (error, code) => expect(refusalCode(error)).toBe(code));
});

describe('ÉduConnect configuration', () => {
  it('is off by default', () => {
    expect(loadConfig({}).educonnect).toBeUndefined();
  });

  it('turned on, names every missing file', () => {
    let error: unknown;
    try {
      loadConfig({ EDUCONNECT_ENABLED: 'true', EDUCONNECT_SP_KEY_FILE: '/k.pem' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'EDUCONNECT_IDP_METADATA="": required when EDUCONNECT_ENABLED=true',
      'EDUCONNECT_SP_CERT_FILE="": required when EDUCONNECT_ENABLED=true',
    ]);
  });

  it('reads the metadata as a URL or a file', () => {
    const files = { EDUCONNECT_ENABLED: 'true', EDUCONNECT_SP_KEY_FILE: '/k.pem', EDUCONNECT_SP_CERT_FILE: '/c.pem' };
    expect(loadConfig({ ...files, EDUCONNECT_IDP_METADATA: 'https://idp.example/metadata' }).educonnect?.idpMetadata).toEqual({ url: 'https://idp.example/metadata' });
    expect(loadConfig({ ...files, EDUCONNECT_IDP_METADATA: '/etc/idp.xml', EDUCONNECT_CLOCK_SKEW_SECONDS: '5' }).educonnect).toMatchObject({
      idpMetadata: { file: '/etc/idp.xml' },
      clockSkewMs: 5000,
    });
  });

  it('refuses metadata fetched over plain http, whose certificate anyone on the path could replace', () => {
    const files = { EDUCONNECT_ENABLED: 'true', EDUCONNECT_SP_KEY_FILE: '/k.pem', EDUCONNECT_SP_CERT_FILE: '/c.pem' };
    expect(() => loadConfig({ ...files, EDUCONNECT_IDP_METADATA: 'http://idp.example/metadata' })).toThrow(ConfigError);
  });
});

describe('ÉduConnect turned off (the default, and the demo)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx.close());

  it('tells the login page not to show the button', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/providers' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ educonnect: false });
  });

  it.each([
    ['GET', '/saml/educonnect/metadata'],
    ['GET', '/saml/educonnect/login'],
    ['POST', '/saml/educonnect/acs'],
  ] as const)('%s %s answers a page with EDUCONNECT_DISABLED', async (method, url) => {
    const response = await ctx.app.inject({ method, url, ...(method === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'SAMLResponse=x' } : {}) });
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('<code data-error-code>EDUCONNECT_DISABLED</code>');
  });
});

describe('the shared state of the ÉduConnect flow (Redis when configured, the database otherwise)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx.close());

  const stores = () => {
    const db = ctx.platform.database.db;
    // Two instances over the same storage stand for two server processes.
    return ctx.platform.redis
      ? [new RedisSamlStateStore(ctx.platform.redis), new RedisSamlStateStore(ctx.platform.redis)]
      : [new DatabaseSamlStateStore(db), new DatabaseSamlStateStore(db)];
  };
  const soon = () => new Date(Date.now() + 60_000);
  const unique = () => `test:${crypto.randomUUID()}`;

  it('is the one of this platform', () => {
    const store = samlStateStore(ctx.platform.database.db, ctx.platform.redis);
    expect(store).toBeInstanceOf(ctx.platform.redis ? RedisSamlStateStore : DatabaseSamlStateStore);
  });

  it('accepts an assertion id once, whichever process sees it, even when two race', async () => {
    const [a, b] = stores();
    const key = unique();
    const results = await Promise.all([a!.saveIfAbsent(key, soon()), b!.saveIfAbsent(key, soon()), a!.saveIfAbsent(key, soon())]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await b!.saveIfAbsent(key, soon())).toBe(false);
  });

  it('lets an expired id be saved again (the time checks refuse its assertion anyway)', async () => {
    const [a] = stores();
    const key = unique();
    expect(await a!.saveIfAbsent(key, new Date(Date.now() + 5))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await a!.saveIfAbsent(key, soon())).toBe(true);
  });

  it('hands a pending login to one process only', async () => {
    const [a, b] = stores();
    const key = unique();
    await a!.put(key, { requestId: '_abc', returnTo: '/notes' }, soon());
    const taken = await Promise.all([a!.take(key), b!.take(key)]);
    expect(taken.filter((t) => t !== undefined)).toEqual([{ requestId: '_abc', returnTo: '/notes' }]);
    expect(await b!.take(key)).toBeUndefined();
  });
});
