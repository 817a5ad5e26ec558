import { describe, expect, it } from 'vitest';
import { formatSize } from './format.ts';
import { targetKey, targetLabel } from './targets.ts';

describe('messagerie helpers', () => {
  it('name file sizes in French and English', () => {
    expect(formatSize(512, 'fr')).toBe('512 o');
    expect(formatSize(1536, 'fr')).toBe('1,5 Ko');
    expect(formatSize(5 * 1024 * 1024, 'en')).toBe('5 MB');
  });

  it('key and label recipient targets', () => {
    const t = (key: string, options?: Record<string, unknown>) => `${key}|${String(options?.structure ?? options?.name ?? '')}`;
    const profile = { target: { type: 'PROFILE' as const, structureId: 'S', profile: 'ENSEIGNANT' as const }, label: 'Lycée A', detail: 'ENSEIGNANT' };
    expect(targetKey(profile.target)).toBe('PROFILE:S:ENSEIGNANT');
    expect(targetLabel(t, profile)).toBe('messagerie.allOfProfile.ENSEIGNANT|Lycée A');
    // A class names whom of it the message goes to: its students (the default), their parents or its teachers.
    expect(targetLabel(t, { target: { type: 'CLASS', id: 'c' }, label: 'Seconde 1', detail: 'Lycée A' })).toBe('messagerie.groupAudience.STUDENTS|Seconde 1');
    expect(targetLabel(t, { target: { type: 'CLASS', id: 'c', audience: 'PARENTS' }, label: 'Seconde 1', detail: 'Lycée A' })).toBe('messagerie.groupAudience.PARENTS|Seconde 1');
    expect(targetLabel(t, { target: { type: 'GROUP', id: 'g', audience: 'TEACHERS' }, label: 'Latin', detail: 'Lycée A' })).toBe('messagerie.groupAudience.TEACHERS|Latin');
    // The same class as its students and as its parents are two recipients.
    expect(targetKey({ type: 'CLASS', id: 'c' })).toBe(targetKey({ type: 'CLASS', id: 'c', audience: 'STUDENTS' }));
    expect(targetKey({ type: 'CLASS', id: 'c' })).not.toBe(targetKey({ type: 'CLASS', id: 'c', audience: 'PARENTS' }));
  });
});
