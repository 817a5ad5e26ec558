import { describe, expect, it } from 'vitest';
import { subjectHue } from './subject-colour.ts';

describe('subject colours', () => {
  it('give a subject the same hue every time, and different subjects of a week different hues', () => {
    expect(subjectHue('061300')).toBe(subjectHue('061300'));
    // The demo's subjects of a pupil's week (BCN codes): most of them must differ.
    const week = ['061300', '013000', '030201', '040700', '100100', '023900', '061900', '110001'];
    expect(new Set(week.map(subjectHue)).size).toBeGreaterThanOrEqual(5);
    expect(subjectHue('')).toBeTypeOf('number');
  });
});
