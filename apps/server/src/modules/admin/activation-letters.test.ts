import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createClass, createSchool, grantAdmin, linkParent } from '../../../test/factories.ts';
import { loginAs } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { renderActivationLetters } from './activation-letters.pdf.ts';
import { pdfPagesText } from '../../../test/pdf-text.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

describe('activation letters (PDF)', () => {
  it('renders one page per account with login, spaced code, address and steps, in French or English', async () => {
    const letter = { id: 'x', login: 'lea.martin', first_name: 'Léa', last_name: 'Martin', profile: 'ELEVE' as const, activation_code: 'AB3CD4EF', children: null };
    const parent = { ...letter, login: 'sophie.martin', first_name: 'Sophie', profile: 'PARENT' as const, children: 'Léa Martin, Tom Martin' };
    const batch = { structureName: 'Lycée Simone-Veil', className: '2NDE1', address: 'https://ent.example.fr', letters: [letter, parent], createdAt: new Date(0), compress: false };
    const fr = pdfPagesText(await renderActivationLetters({ ...batch, locale: 'fr' }));
    expect(fr).toHaveLength(2);
    expect(fr[0]).toContain('Votre compte sur l’ENT');
    expect(fr[0]).toContain('Bonjour Léa Martin,');
    expect(fr[0]).toContain('lea.martin');
    expect(fr[0]).toContain('A B 3 C D 4 E F');
    expect(fr[0]).toContain('https://ent.example.fr');
    expect(fr[0]).toContain('Classe 2NDE1 · Élève');
    expect(fr[1]).toContain('Responsable de : Léa Martin, Tom Martin');
    const en = pdfPagesText(await renderActivationLetters({ ...batch, locale: 'en' }));
    expect(en[1]).toContain('Parent of: Léa Martin, Tom Martin');
    expect(en[0]).toContain('Getting started');
  });
});

describe('GET /admin/classes/:id/activation-letters.pdf', () => {
  it('gives the ADML a PDF of the class’s pending students and their pending parents, and audits it', async () => {
    const db = ctx.platform.database.db;
    const school = await createSchool(db);
    const klass = await createClass(db, school.structure.id, { code: 'TG2', name: 'Terminale G2' });
    const sid = [school.structure.id];
    const pending = await createAccount(db, { profile: 'ELEVE', firstName: 'Inès', lastName: 'Zéphir', structureIds: sid, classId: klass.id, activated: false });
    const other = await createAccount(db, { profile: 'ELEVE', firstName: 'Hugo', lastName: 'Abel', structureIds: sid, classId: klass.id, activated: false });
    const active = await createAccount(db, { profile: 'ELEVE', firstName: 'Noé', structureIds: sid, classId: klass.id });
    const pendingParent = await createAccount(db, { profile: 'PARENT', firstName: 'Karim', lastName: 'Zéphir', structureIds: sid, activated: false });
    const activeParent = await createAccount(db, { profile: 'PARENT', firstName: 'Anne', structureIds: sid });
    await linkParent(db, pendingParent.id, pending.id);
    await linkParent(db, activeParent.id, active.id);
    const elsewhere = await createAccount(db, { profile: 'ELEVE', structureIds: sid, classId: school.schoolClass.id, activated: false });

    const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/admin/classes/${klass.id}/activation-letters.pdf`, headers: { ...(await loginAs(ctx.app, school.adml.login)) } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe('attachment; filename="activation-TG2.pdf"');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-letter-count']).toBe('3');
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const pageCount = (response.rawPayload.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    expect(pageCount).toBe(3);
    expect(response.rawPayload.toString('latin1')).not.toContain(elsewhere.activation_code!);

    const logged = await db.selectFrom('audit_log').select(['action', 'target_id', 'details']).where('target_id', '=', klass.id).execute();
    expect(logged).toEqual([{ action: 'activation.letters', target_id: klass.id, details: { count: 3 } }]);
    expect(other.activation_code).toBeTruthy();
  });

  it('says there is nothing to print when every account of the class is active', async () => {
    const school = await createSchool(ctx.platform.database.db);
    const response = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/admin/classes/${school.schoolClass.id}/activation-letters.pdf`,
      headers: { ...(await loginAs(ctx.app, school.adml.login)), 'accept-language': 'en' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toEqual({ code: 'NO_ACTIVATION_LETTERS', message: 'No account of this class awaits activation: there is no letter to print.' });
  });

  it('hides another structure’s class and refuses non-admins', async () => {
    const db = ctx.platform.database.db;
    const mine = await createSchool(db);
    const theirs = await createSchool(db);
    await createAccount(db, { profile: 'ELEVE', structureIds: [theirs.structure.id], classId: theirs.schoolClass.id, activated: false });
    const url = `/api/v1/admin/classes/${theirs.schoolClass.id}/activation-letters.pdf`;
    const byOtherAdml = await ctx.app.inject({ method: 'GET', url, headers: { ...(await loginAs(ctx.app, mine.adml.login)) } });
    expect(byOtherAdml.json().error.code).toBe('NOT_FOUND');
    const byTeacher = await ctx.app.inject({ method: 'GET', url, headers: { ...(await loginAs(ctx.app, theirs.teacher.login)) } });
    expect(byTeacher.statusCode).toBe(403);
    const admc = await createAccount(db, { profile: 'COLLECTIVITE' });
    await grantAdmin(db, admc.id, { admc: theirs.structure.collectivite_id });
    const byAdmc = await ctx.app.inject({ method: 'GET', url, headers: { ...(await loginAs(ctx.app, admc.login)) } });
    expect(byAdmc.statusCode).toBe(200);
    const unknown = await ctx.app.inject({ method: 'GET', url: '/api/v1/admin/classes/not-a-uuid/activation-letters.pdf', headers: { ...(await loginAs(ctx.app, mine.adml.login)) } });
    expect(unknown.json().error.code).toBe('VALIDATION_FAILED');
  });
});
