import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '../demo/seed-demo.ts';
import { seedDemoEvaluations } from './seed-demo-evaluations.ts';

/** The demo shows marks: demo.parent reads demo.eleve's first trimestre, every subject of his class marked. */

let ctx: TestContext;
beforeAll(async () => {
  // A database of its own: the demo is seeded once per database.
  ctx = await createTestContext({}, { privateDatabase: true });
  ctx.clock.now = Date.parse('2026-12-07T09:00:00Z');
  await seedDemo(ctx.platform);
}, 120_000);
afterAll(async () => {
  await ctx?.close();
});

describe('demo marks', () => {
  it('demo.parent sees published marks and averages of demo.eleve in the first trimestre', async () => {
    const auth = await loginAs(ctx.app, DEMO_LOGINS.parent, DEMO_PASSWORD);
    const eleve = await ctx.platform.database.db.selectFrom('accounts').select('id').where('login', '=', DEMO_LOGINS.eleve).executeTakeFirstOrThrow();
    const students = (await ctx.app.inject({ method: 'GET', url: '/api/v1/evaluations/students', headers: auth })).json().items as { id: string }[];
    expect(students.map((s) => s.id)).toContain(eleve.id);
    const current = (await ctx.app.inject({ method: 'GET', url: `/api/v1/evaluations/students/${eleve.id}/results`, headers: auth })).json();
    expect(current.period.rank).toBe(2);
    const first = current.periods[0].id;
    const results = (await ctx.app.inject({ method: 'GET', url: `/api/v1/evaluations/students/${eleve.id}/results?periodId=${first}`, headers: auth })).json();
    expect(results.subjects.length).toBeGreaterThanOrEqual(5);
    for (const subject of results.subjects) {
      expect(subject.marks).toHaveLength(2);
      expect(subject.classStats.count).toBeGreaterThan(10);
    }
    expect(results.generalAverage).toBeGreaterThan(5);
  });

  it('runs once: a second call adds nothing', async () => {
    expect(await seedDemoEvaluations(ctx.platform)).toBe(0);
  });
});
