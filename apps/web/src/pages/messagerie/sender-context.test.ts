import type { DirectoryPersonCard } from '@preau/contracts';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { translations } from '../../i18n/resources.ts';
import { senderContext } from './sender-context.ts';

const base: DirectoryPersonCard = {
  id: '6f1d1b4e-2f7c-4f0a-9d51-8a7e1f3c2b10',
  displayName: 'Sophie Martin',
  profile: 'PARENT',
  staffFunction: null,
  structures: ['Lycée Victor Hugo'],
  classes: [],
  subjects: [],
  parentOf: [],
};

describe('the context shown under a sender’s name', () => {
  const t = i18next.createInstance();
  beforeAll(async () => {
    await t.init({ lng: 'fr', resources: { fr: { translation: translations.fr }, en: { translation: translations.en } }, interpolation: { escapeValue: false } });
  });

  it('names a parent’s children the reader may see, with their class', () => {
    const card = { ...base, parentOf: [{ id: 'c1', displayName: 'Léa Martin', classes: ['2nde 3'] }, { id: 'c2', displayName: 'Tom Martin', classes: [] }] };
    expect(senderContext(t.t, card)).toBe('Parent de Léa Martin (2nde 3), Tom Martin');
  });

  it('falls back to the profile for a parent whose children the reader does not see', () => {
    expect(senderContext(t.t, base)).toBe('Parent');
  });

  it('gives a pupil’s class, at most three subjects of a teacher, and a staff member’s function', () => {
    expect(senderContext(t.t, { ...base, profile: 'ELEVE', classes: ['2nde 3'] })).toBe('Élève, 2nde 3');
    expect(senderContext(t.t, { ...base, profile: 'ENSEIGNANT', subjects: ['Mathématiques', 'SNT', 'Physique', 'Chimie'] })).toBe('Enseignant, Mathématiques, SNT, Physique');
    expect(senderContext(t.t, { ...base, profile: 'PERSONNEL', staffFunction: 'EVS' })).toMatch(/^Personnel – /);
  });

  it('speaks English too', async () => {
    await t.changeLanguage('en');
    expect(senderContext(t.t, { ...base, parentOf: [{ id: 'c1', displayName: 'Léa Martin', classes: ['2nde 3'] }] })).toBe('Parent of Léa Martin (2nde 3)');
    await t.changeLanguage('fr');
  });
});
