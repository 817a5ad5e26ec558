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
    const t = (key: string, options?: Record<string, unknown>) => `${key}|${String(options?.structure ?? '')}`;
    const profile = { target: { type: 'PROFILE' as const, structureId: 'S', profile: 'ENSEIGNANT' as const }, label: 'Lycée A', detail: 'ENSEIGNANT' };
    expect(targetKey(profile.target)).toBe('PROFILE:S:ENSEIGNANT');
    expect(targetLabel(t, profile)).toBe('messagerie.allOfProfile.ENSEIGNANT|Lycée A');
    expect(targetLabel(t, { target: { type: 'CLASS', id: 'c' }, label: 'Seconde 1', detail: 'Lycée A' })).toBe('Seconde 1');
  });
});
