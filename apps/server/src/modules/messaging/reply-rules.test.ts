import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createSchool } from '../../../test/factories.ts';
import { type AuthHeaders, loginAs } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';

/**
 * The reply exception to the communication rules (one may answer whoever wrote
 * to him) holds only while the rules of the original message still stand: a
 * rule removed afterwards ends it (issue 11).
 */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const person = (id: string) => ({ type: 'PERSON' as const, id });

async function api(headers: AuthHeaders, method: 'POST' | 'PUT', url: string, payload: object) {
  return ctx.app.inject({ method, url: `/api/v1${url}`, headers, payload });
}

async function send(headers: AuthHeaders, body: { to: object[]; parentId?: string; mode?: string }) {
  return api(headers, 'POST', '/messaging/messages', { subject: 'Sujet', body: '<p>Bonjour</p>', ...body });
}

/** A school where a teacher who does not teach the student writes to him (ENSEIGNANT → ELEVE is ALL by default). */
async function letterFromAnotherTeacher() {
  const db = ctx.platform.database.db;
  const s = await createSchool(db);
  const otherTeacher = await createAccount(db, { profile: 'ENSEIGNANT', firstName: 'Marc', structureIds: [s.structure.id] });
  const h = {
    adml: await loginAs(ctx.app, s.adml.login),
    student: await loginAs(ctx.app, s.student.login),
    otherTeacher: await loginAs(ctx.app, otherTeacher.login),
  };
  const sent = await send(h.otherTeacher, { to: [person(s.student.id)] });
  expect(sent.statusCode, sent.body).toBe(201);
  ctx.clock.advance(1000);
  // ELEVE → ENSEIGNANT is LINKED: the student may not write to him first.
  expect((await send(h.student, { to: [person(otherTeacher.id)] })).statusCode).toBe(403);
  return { s, otherTeacher, h, parentId: sent.json().id as string };
}

describe('the reply exception to the communication rules', () => {
  it('lets a student answer a teacher who wrote to him while the rules stand', async () => {
    const { otherTeacher, h, parentId } = await letterFromAnotherTeacher();
    const reply = await send(h.student, { to: [person(otherTeacher.id)], parentId, mode: 'REPLY' });
    expect(reply.statusCode, reply.body).toBe(201);
  });

  it('ends when the rule that let the teacher write to students is removed', async () => {
    const { s, otherTeacher, h, parentId } = await letterFromAnotherTeacher();
    const changed = await api(h.adml, 'PUT', `/messaging/structures/${s.structure.id}/rules`, { rules: [{ from: 'ENSEIGNANT', to: 'ELEVE', scope: 'NONE' }] });
    expect(changed.statusCode, changed.body).toBe(200);
    const reply = await send(h.student, { to: [person(otherTeacher.id)], parentId, mode: 'REPLY' });
    expect(reply.statusCode).toBe(403);
    expect(reply.json().error.code).toBe('RECIPIENT_NOT_ALLOWED');
    // Neither may a draft of that reply be kept.
    const draft = await api(h.student, 'POST', '/messaging/drafts', { subject: 'RE', body: '', to: [person(otherTeacher.id)], parentId, mode: 'REPLY' });
    expect(draft.json().error?.code).toBe('RECIPIENT_NOT_ALLOWED');
  });

  it('ends when the students’ own rule is tightened after the message', async () => {
    const { s, otherTeacher, h, parentId } = await letterFromAnotherTeacher();
    const changed = await api(h.adml, 'PUT', `/messaging/structures/${s.structure.id}/rules`, { rules: [{ from: 'ELEVE', to: 'ENSEIGNANT', scope: 'NONE' }] });
    expect(changed.statusCode, changed.body).toBe(200);
    const reply = await send(h.student, { to: [person(otherTeacher.id)], parentId, mode: 'REPLY' });
    expect(reply.statusCode).toBe(403);
    expect(reply.json().error.code).toBe('RECIPIENT_NOT_ALLOWED');
  });

  it('holds again for a message written under the current rules', async () => {
    const { s, otherTeacher, h } = await letterFromAnotherTeacher();
    // A change that keeps teachers writing to students: a new message after it may be answered.
    const changed = await api(h.adml, 'PUT', `/messaging/structures/${s.structure.id}/rules`, { rules: [{ from: 'PARENT', to: 'PARENT', scope: 'ALL' }] });
    expect(changed.statusCode, changed.body).toBe(200);
    ctx.clock.advance(1000);
    const again = await send(h.otherTeacher, { to: [person(s.student.id)] });
    expect(again.statusCode).toBe(201);
    const reply = await send(h.student, { to: [person(otherTeacher.id)], parentId: again.json().id, mode: 'REPLY' });
    expect(reply.statusCode, reply.body).toBe(201);
  });
});
