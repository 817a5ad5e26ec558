import type { SpecialMark, Stats } from '@preau/contracts';

/**
 * The averages of Préau, one implementation used by every view and export
 * (STANDARDS.md §11.2, the formula of Open ENT NG's competences module):
 *
 *   avg = (Σᵢ nᵢ·20·cᵢ/dᵢ + Σⱼ nⱼ·cⱼ) / (Σᵢ cᵢ + Σⱼ cⱼ·dⱼ/20)
 *
 * i: marks of evaluations rescaled to 20 (each weighs its coefficient);
 * j: marks not rescaled (each weighs its coefficient times its total / 20,
 * so a test out of 40 counts twice a test out of 20 of the same coefficient).
 * Special marks (ABS, DISP, NN) and empty cells are left out; a rescaled mark
 * of coefficient 0 is left out. No weight at all gives null ("non noté").
 * The result is rounded UP to the tenth, as that module does.
 */

export interface MarkForAverage {
  value: number | null;
  special: SpecialMark | null;
  outOf: number;
  rescale: boolean;
  coefficient: number;
}

/** Rounds up to 0.1, ignoring the float noise of a sum (12.30000001 stays 12.3). */
export function roundUpTenth(value: number): number {
  return Math.ceil(Math.round(value * 1e6) / 1e5) / 10;
}

/** The unrounded weighted average out of 20, or null when nothing counts. */
export function rawAverage(marks: readonly MarkForAverage[]): number | null {
  let points = 0;
  let weight = 0;
  for (const mark of marks) {
    if (mark.value === null || mark.special !== null) continue;
    if (mark.rescale) {
      if (mark.coefficient === 0) continue;
      points += (mark.value * 20 * mark.coefficient) / mark.outOf;
      weight += mark.coefficient;
    } else {
      points += mark.value * mark.coefficient;
      weight += (mark.coefficient * mark.outOf) / 20;
    }
  }
  return weight > 0 ? points / weight : null;
}

/** A student's average in a subject for a period, out of 20, rounded up to 0.1 (null: non noté). */
export function subjectAverage(marks: readonly MarkForAverage[]): number | null {
  const raw = rawAverage(marks);
  return raw === null ? null : roundUpTenth(raw);
}

/** The general average: the mean of the subject averages that exist (each subject weighs 1), rounded up to 0.1. */
export function generalAverage(subjectAverages: readonly (number | null)[]): number | null {
  const present = subjectAverages.filter((a): a is number => a !== null);
  if (present.length === 0) return null;
  return roundUpTenth(present.reduce((sum, a) => sum + a, 0) / present.length);
}

/**
 * Mean, lowest and highest of some values (the marks of an evaluation, or
 * the students' averages of a class); the mean rounded up to 0.1 like the
 * averages it is shown beside.
 */
export function statsOf(values: readonly (number | null)[]): Stats {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return { average: null, min: null, max: null, count: 0 };
  return {
    average: roundUpTenth(present.reduce((sum, v) => sum + v, 0) / present.length),
    min: Math.min(...present),
    max: Math.max(...present),
    count: present.length,
  };
}
