import { CreateAccountBody, CreateClassBody, CreateStructureBody, CourseInput, LessonEntryInput, ReturnInput } from '@preau/contracts';
import { createInstance, type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { translations } from '../i18n/resources.ts';
import { issueFields, issueMessage, validate } from './form-validation.ts';

async function translator(lng: 'fr' | 'en'): Promise<TFunction> {
  const i18n = createInstance();
  await i18n.init({ lng, resources: { fr: { translation: translations.fr }, en: { translation: translations.en } }, interpolation: { escapeValue: false }, showSupportNotice: false });
  return i18n.t;
}

const structure = { uai: '0350001a', name: ' Lycée Chateaubriand ', type: 'LYCEE', collectiviteId: '5b0b1e5c-3f7a-4a0e-9a43-2f7b8f3c9d11' };

describe('validate', () => {
  it('answers the parsed value (trimmed, as the server reads it) when the contract accepts it', async () => {
    const t = await translator('fr');
    expect(validate(CreateStructureBody, structure, t)).toEqual({ data: { ...structure, uai: '0350001A', name: 'Lycée Chateaubriand' } });
  });

  it('says in French and in English which field is missing, too short or not in the list', async () => {
    const value = { ...structure, name: 'L', type: '' };
    expect(validate(CreateStructureBody, value, await translator('fr')).errors).toEqual({
      name: 'Saisissez au moins 2 caractères.',
      type: 'Choisissez une valeur dans la liste.',
    });
    expect(validate(CreateStructureBody, value, await translator('en')).errors).toEqual({
      name: 'Enter at least 2 characters.',
      type: 'Choose a value from the list.',
    });
  });

  it('treats an empty required text as missing, and gives a field its precise message only when a value is wrong', async () => {
    const t = await translator('fr');
    const messages = { code: { wrong: 'admin.classCodeInvalid' } };
    expect(validate(CreateClassBody, { code: '  ', name: '', level: '2NDE' }, t, messages).errors).toEqual({
      code: 'Ce champ est obligatoire.',
      name: 'Ce champ est obligatoire.',
    });
    expect(validate(CreateClassBody, { code: '2nde<1>', name: 'Seconde 1', level: '2NDE' }, t, messages).errors).toEqual({
      code: t('admin.classCodeInvalid'),
    });
  });

  it('reports a bad e-mail and a text over its limit', async () => {
    const t = await translator('en');
    const account = { firstName: 'Marie', lastName: 'x'.repeat(101), profile: 'ENSEIGNANT', email: 'marie@' };
    expect(validate(CreateAccountBody, account, t).errors).toEqual({
      lastName: 'Enter at most 100 characters.',
      email: t('validation.email'),
    });
    expect(validate(ReturnInput, { comment: ' ' }, t).errors).toEqual({ comment: 'This field is required.' });
  });

  it('gives every item of a list its precise message', async () => {
    const t = await translator('fr');
    const entry = { links: [{ url: 'https://exemple.fr', label: 'Exemple' }, { url: 'ftp://exemple.fr', label: 'FTP' }] };
    expect(validate(LessonEntryInput, entry, t, { 'links.*.url': 'homework.lesson.linkInvalid' }).errors).toEqual({
      'links.1.url': t('homework.lesson.linkInvalid'),
    });
  });

  it('keeps the first problem of each field, by its path, refinements included', async () => {
    const t = await translator('fr');
    const course = { subjectCode: 'MATHS', teacherIds: [], classId: null, groupId: null, weekday: 7, start: '10:00', end: '09:00' };
    expect(validate(CourseInput, course, t, { classId: 'timetable.courses.form.errors.target', end: 'timetable.courses.form.errors.endBeforeStart' }).errors).toEqual({
      teacherIds: 'Choisissez une valeur dans la liste.',
      weekday: 'Saisissez un nombre inférieur ou égal à 6.',
      classId: t('timetable.courses.form.errors.target'),
      end: t('timetable.courses.form.errors.endBeforeStart'),
    });
  });
});

describe('issueFields', () => {
  it('names each refused field with its issue code, as the server fills `fields`', () => {
    const course = { subjectCode: 'MATHS', teacherIds: ['5b0b1e5c-3f7a-4a0e-9a43-2f7b8f3c9d11'], classId: null, groupId: null, weekday: 1, start: '10:00', end: '9h' };
    expect(issueFields(CourseInput, course)).toEqual({ fields: { end: 'invalid_format', classId: 'custom' } });
    expect(issueFields(CourseInput, { ...course, classId: '5b0b1e5c-3f7a-4a0e-9a43-2f7b8f3c9d11', end: '11:00' }).data).toMatchObject({ weeks: 'ALL', periods: [] });
  });
});

describe('issueMessage', () => {
  it('has a French and an English text for every message it can give', async () => {
    const schema = z.object({
      text: z.string().min(3).max(5),
      email: z.email(),
      count: z.number().min(1).max(3),
      list: z.array(z.string()).max(1),
      choice: z.enum(['A']),
      flag: z.boolean(),
    });
    const issues = [
      ...schema.safeParse({ text: 'a', email: 'x', count: 0, list: ['a', 'b'], choice: 'B', flag: 'yes' }, { reportInput: true }).error!.issues,
      ...schema.safeParse({ text: 'abcdefg', count: 9 }, { reportInput: true }).error!.issues,
    ];
    const keys = new Set(issues.map((issue) => issueMessage(issue).key));
    expect([...keys].sort()).toEqual(
      ['validation.choose', 'validation.email', 'validation.invalid', 'validation.max', 'validation.maxLength', 'validation.min', 'validation.minLength', 'validation.required', 'validation.tooMany'].sort(),
    );
    for (const lng of ['fr', 'en'] as const) {
      const t = await translator(lng);
      for (const issue of issues) {
        const { key, values } = issueMessage(issue);
        expect(t(key, values)).not.toBe(key);
      }
    }
  });
});
