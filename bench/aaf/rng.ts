/**
 * Seeded pseudo-random numbers for the AAF region generator.
 *
 * Every entity (lycée, cohort, family, child, staff post) draws from its own
 * stream, seeded by hashing the run seed with the entity's key. So an entity
 * is the same whichever other entities are generated around it: the year-2
 * region, a smaller --accounts run or a delta run see the same people.
 */
import { Sfc32 } from '../lib/prng.ts';

export { Zipf } from '../lib/prng.ts';

/** 32-bit hash of a string (FNV-1a then a murmur3 finaliser). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix(h);
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines a base hash with integers into a new 32-bit hash (order matters). */
export function mix(base: number, ...parts: number[]): number {
  let h = base >>> 0;
  for (const part of parts) {
    h = fmix((h ^ Math.imul((part | 0) + 0x9e3779b9, 0x27d4eb2f)) + Math.imul(h, 5));
    // Parts above 2^32 (large ids) contribute their high bits too.
    if (part > 0xffffffff || part < -0xffffffff) h = fmix(h ^ Math.floor(part / 4294967296));
  }
  return h >>> 0;
}

/** One entity's stream (sfc32, see bench/lib/prng.ts). */
export class Rng extends Sfc32 {
  constructor(seed: number) {
    super(0x9e3779b9, 0x243f6a88, 0xb7e15162, seed);
  }

  /** A stream for the entity identified by `parts` under the run's seed hash. */
  static of(seedHash: number, ...parts: number[]): Rng {
    return new Rng(mix(seedHash, ...parts));
  }
}
