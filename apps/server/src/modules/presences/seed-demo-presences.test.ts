import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed-demo.ts';

/** The demo shows the vie scolaire: demo.parent finds an absence to justify, a lateness and a justified day. */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({}, { privateDatabase: true });
  ctx.clock.now = Date.parse('2026-12-07T09:00:00Z');
  await seedDemo(ctx.platform);
});
afterAll(async () => {
  await ctx?.close();
});

describe('demo presences', () => {
  it('demo.parent sees demo.eleve’s unjustified absence, his lateness and a justified day of illness', async () => {
    const parent = await loginAs(ctx.app, 'demo.parent', DEMO_PASSWORD);
    const family = (await ctx.app.inject({ method: 'GET', url: '/api/v1/presences/family', headers: parent })).json();
    const kinds = family.items.flatMap((i: { absences: { kind: string; justified: boolean; reason: string | null }[] }) =>
      i.absences.map((a) => `${a.kind}:${a.justified}:${a.reason ?? ''}`),
    );
    expect(kinds).toEqual(expect.arrayContaining(['ABSENCE:false:', 'LATE:false:', 'ABSENCE:true:Maladie']));
  });
});
