import { describe, expect, it } from 'vitest';
import { generalAverage, type MarkForAverage, rawAverage, roundUpTenth, statsOf, subjectAverage } from './averages.ts';

const mark = (value: number | null, outOf = 20, coefficient = 1, rescale = true, special: MarkForAverage['special'] = null): MarkForAverage => ({
  value,
  special,
  outOf,
  rescale,
  coefficient,
});

describe('subject average (hand-computed cases)', () => {
  it('weights by coefficient: 12 (c1) and 16 (c3) → (12 + 48) / 4 = 15', () => {
    expect(subjectAverage([mark(12), mark(16, 20, 3)])).toBe(15);
  });
  it('rescales to 20: 8/10 and 30/40, both rescaled, c1 → (16 + 15) / 2 = 15.5', () => {
    expect(subjectAverage([mark(8, 10), mark(30, 40)])).toBe(15.5);
  });
  it('a mark not rescaled counts in proportion to its total: 10/20 and 36/40 → (10 + 36) / (1 + 2) = 15.33… → 15.4', () => {
    expect(subjectAverage([mark(10), mark(36, 40, 1, false)])).toBe(15.4);
  });
  it('a quiz out of 5 not rescaled weighs a quarter: 14/20 and 5/5 → (14 + 5) / 1.25 = 15.2', () => {
    expect(subjectAverage([mark(14), mark(5, 5, 1, false)])).toBe(15.2);
  });
  it('absent, dispensé and non noté do not count; neither do empty cells', () => {
    expect(subjectAverage([mark(11), mark(null, 20, 5, true, 'ABS'), mark(null, 20, 5, true, 'DISP'), mark(null, 20, 5, true, 'NN'), mark(null, 20, 5)])).toBe(11);
  });
  it('a rescaled mark of coefficient 0 is left out', () => {
    expect(subjectAverage([mark(4, 20, 0), mark(18)])).toBe(18);
  });
  it('nothing that counts: non noté (null)', () => {
    expect(subjectAverage([mark(null, 20, 1, true, 'ABS')])).toBeNull();
    expect(subjectAverage([])).toBeNull();
  });
  it('rounds up to the tenth: 13.01 → 13.1, but 12.3 stays 12.3 despite float noise', () => {
    expect(subjectAverage([mark(13.01)])).toBe(13.1);
    expect(subjectAverage([mark(12.1), mark(12.5)])).toBe(12.3);
    expect(roundUpTenth(0.1 + 0.2)).toBe(0.3);
  });
});

describe('general average and statistics', () => {
  it('the general average is the mean of the subject averages that exist', () => {
    expect(generalAverage([12, null, 15.5])).toBe(13.8);
    expect(generalAverage([null])).toBeNull();
  });
  it('stats: mean (rounded up to 0.1), min and max of what is present', () => {
    expect(statsOf([8, null, 12, 15])).toEqual({ average: 11.7, min: 8, max: 15, count: 3 });
    expect(statsOf([null])).toEqual({ average: null, min: null, max: null, count: 0 });
  });
});

/**
 * Property: for random sets of marks, the average equals an independent
 * implementation written another way (each mark turned into x/20 with its
 * weight, then a weighted mean in rational arithmetic over integers: marks
 * and totals have at most two decimals, coefficients are halves).
 */
describe('subject average (property against an independent implementation)', () => {
  function random(seed: number) {
    let state = seed >>> 0;
    return () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
  }
  // Exact: value, total in hundredths; coefficient in halves. Returns the average as a fraction num/den (BigInt).
  function reference(marks: MarkForAverage[]): [bigint, bigint] | null {
    // Σ x·w as a fraction num/den, with x = n·20/d (n, d in hundredths) and w (in 1/4000) = c·2000 rescaled, c·d otherwise.
    let num = 0n;
    let den = 1n;
    let weights = 0n;
    for (const m of marks) {
      if (m.special || m.value === null) continue;
      if (m.rescale && m.coefficient === 0) continue;
      const n = BigInt(Math.round(m.value * 100));
      const d = BigInt(Math.round(m.outOf * 100));
      const c = BigInt(Math.round(m.coefficient * 2));
      const weight = m.rescale ? c * 2000n : c * d;
      num = num * d + n * 20n * weight * den;
      den = den * d;
      weights += weight;
    }
    if (weights === 0n) return null;
    return [num, den * weights];
  }
  function ceilTenth([num, den]: [bigint, bigint]): number {
    const tenths = (num * 10n + den - 1n) / den;
    return Number(tenths) / 10;
  }

  it('agrees on 2,000 random sets of marks', () => {
    const next = random(2026);
    for (let run = 0; run < 2000; run += 1) {
      const marks: MarkForAverage[] = [];
      const count = Math.floor(next() * 8);
      for (let i = 0; i < count; i += 1) {
        const outOf = [5, 10, 20, 40, 12.5, 100][Math.floor(next() * 6)]!;
        const special = next() < 0.15 ? (['ABS', 'DISP', 'NN'] as const)[Math.floor(next() * 3)]! : null;
        const value = special ? null : Math.round(next() * outOf * 4) / 4;
        marks.push({ value, special, outOf, rescale: next() < 0.6, coefficient: Math.floor(next() * 9) / 2 });
      }
      const expected = reference(marks);
      expect(subjectAverage(marks), JSON.stringify(marks)).toBe(expected === null ? null : ceilTenth(expected));
      if (expected !== null) expect(rawAverage(marks)!).toBeCloseTo(Number(expected[0]) / Number(expected[1]), 9);
    }
  });
});
