import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';

let ctx: TestContext;
beforeAll(async () => {
  const dist = mkdtempSync(join(tmpdir(), 'preau-web-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><html lang="fr"><title>Préau</title><div id="root"></div></html>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log("préau");');
  ctx = await createTestContext({ WEB_DIST: dist });
});
afterAll(async () => {
  await ctx?.close();
});

describe('the web app is served beside the API', () => {
  it.each(['/', '/annuaire', '/admin/etablissements/123?onglet=classes', '/donnees-personnelles'])('GET %s answers the app shell', async (url) => {
    const response = await ctx.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<div id="root">');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('answers HEAD on a page like GET, without a body', async () => {
    const response = await ctx.app.inject({ method: 'HEAD', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toBe('');
  });

  it('serves the built assets as files', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('console.log("préau");');
  });

  it('never answers an unknown API route or a POST with the app shell', async () => {
    const api = await ctx.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('ROUTE_NOT_FOUND');
    const post = await ctx.app.inject({ method: 'POST', url: '/annuaire', payload: {} });
    expect(post.statusCode).toBe(404);
    expect(post.json().error.code).toBe('ROUTE_NOT_FOUND');
  });
});
