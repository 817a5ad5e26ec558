import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAccount } from '../../../test/factories.ts';
import { loginAs } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { defineJob, enqueueJob, runJob } from '../jobs/jobs.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ BODY_LIMIT_BYTES: '4096' });
});
afterAll(async () => {
  await ctx?.close();
});

const post = (payload: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload, headers });

describe('bad input gets a stable 4xx code, never a 500', () => {
  it.each([
    ['malformed JSON', () => post('{"login": "a", '), 400, 'MALFORMED_JSON'],
    ['an empty JSON body', () => post(''), 400, 'MALFORMED_JSON'],
    ['an unknown field', () => post(JSON.stringify({ login: 'a', password: 'b', admin: true })), 400, 'VALIDATION_FAILED'],
    ['a wrong type', () => post(JSON.stringify({ login: 42, password: 'b' })), 400, 'VALIDATION_FAILED'],
    ['a missing field', () => post(JSON.stringify({ login: 'a' })), 400, 'VALIDATION_FAILED'],
    ['an oversize body', () => post(JSON.stringify({ login: 'a', password: 'x'.repeat(10_000) })), 413, 'BODY_TOO_LARGE'],
    ['a form instead of JSON', () => post('login=a&password=b', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ] as const)('%s', async (_name, send, status, code) => {
    const response = await send();
    expect(response.statusCode).toBe(status);
    const body = response.json();
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe('string');
    expect(body.error.message.length).toBeGreaterThan(5);
  });

  it('names the offending fields', async () => {
    const response = await post(JSON.stringify({ login: 'a', password: 'b', admin: true }));
    expect(response.json().error.fields).toEqual({ admin: 'unrecognized_key' });
    const wrongType = await post(JSON.stringify({ login: 42, password: 'b' }));
    expect(Object.keys(wrongType.json().error.fields)).toEqual(['login']);
  });

  it('answers ROUTE_NOT_FOUND in the request language for an unknown API route', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { 'accept-language': 'en' } });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toEqual({ code: 'ROUTE_NOT_FOUND', message: 'This address does not exist.' });
  });

  it('refuses API calls without a session', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('validates query strings too', async () => {
    const account = await createAccount(ctx.platform.database.db, { profile: 'ENSEIGNANT' });
    const auth = await loginAs(ctx.app, account.login);
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/directory/people?q=&limit=1000', headers: { cookie: auth.cookie } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('platform endpoints', () => {
  it('reports liveness, readiness and metrics', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await ctx.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', checks: { database: 'up', storage: 'up' } });
    const metrics = await ctx.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('preau_http_requests_total');
    expect(metrics.body).toContain('route="/readyz"');
  });

  it('reports the job queue, the records an import has read, and the database pool', async () => {
    const db = ctx.platform.database.db;
    // A kind of its own: the database may be shared with other test files running jobs.
    const kind = `metrics-test-${randomUUID().slice(0, 8)}`;
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const job = defineJob({
      type: kind,
      params: z.object({}),
      run: async (_platform, context) => {
        await context.setProgress({ phase: 'READING', files: [{ name: 'ENT_Eleve_0000.xml', type: 'ELEVE', records: 1200, status: 'READING' }] });
        await released;
      },
    });
    const scrape = async () => (await ctx.app.inject({ method: 'GET', url: '/metrics' })).body;
    const id = await enqueueJob(db, job, { params: {}, actorId: null });
    expect(await scrape()).toContain(`preau_jobs{kind="${kind}",status="QUEUED"} 1`);

    const running = runJob(ctx.platform, job, id);
    await expect.poll(scrape).toContain(`preau_job_records_read{kind="${kind}",job="${id}"} 1200`);
    const during = await scrape();
    expect(during).toContain(`preau_jobs{kind="${kind}",status="RUNNING"} 1`);
    expect(during).not.toContain(`preau_jobs{kind="${kind}",status="QUEUED"}`);
    release();
    expect(await running).toMatchObject({ status: 'SUCCEEDED' });
    // A finished job leaves no series behind.
    const after = await scrape();
    expect(after).not.toContain(`kind="${kind}"`);
    // PostgreSQL's pool is reported; the embedded database has no pool.
    if (ctx.platform.database.kind === 'postgres') expect(after).toMatch(/^preau_db_pool_connections\{state="max"\} \d+$/m);
    else expect(after).not.toContain('preau_db_pool_connections');
  });

  it('serves an OpenAPI document generated from the contracts', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema.required).toEqual(['login', 'password']);
    expect(Object.keys(doc.paths)).toContain('/api/v1/me');
    const loginErrors = doc.paths['/api/v1/auth/login'].post.responses['4XX'].content['application/json'].schema;
    expect(loginErrors.properties.error.required).toEqual(['code', 'message']);
    expect(loginErrors.properties.error.properties.code.enum).toContain('VALIDATION_FAILED');
    const ui = await ctx.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
  });

  it('sends security headers with a strict content security policy', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/healthz' });
    const csp = response.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});
