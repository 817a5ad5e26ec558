/**
 * Seeded pseudo-random numbers for the AAF region generator.
 *
 * Every entity (lycée, cohort, family, child, staff post) draws from its own
 * stream, seeded by hashing the run seed with the entity's key. So an entity
 * is the same whichever other entities are generated around it: the year-2
 * region, a smaller --accounts run or a delta run see the same people.
 */

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

/** sfc32: small, fast, good enough for synthetic data. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A stream for the entity identified by `parts` under the run's seed hash. */
  static of(seedHash: number, ...parts: number[]): Rng {
    return new Rng(mix(seedHash, ...parts));
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Picks by weight: `weights[i]` for `items[i]`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      x -= weights[i]!;
      if (x < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }

  /** Approximately normal (sum of uniforms), mean 0, deviation 1. */
  normal(): number {
    return this.next() + this.next() + this.next() + this.next() + this.next() + this.next() - 3;
  }

  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String(this.int(10));
    return out;
  }
}

/**
 * Draws from a list with a Zipf-like law (weight 1/(i+1)^s): a few very
 * common names and a long tail, so homonyms occur as in a real population.
 */
export class Zipf<T> {
  private readonly cumulative: Float64Array;

  constructor(
    private readonly items: readonly T[],
    s = 0.85,
  ) {
    this.cumulative = new Float64Array(items.length);
    let total = 0;
    for (let i = 0; i < items.length; i++) {
      total += 1 / Math.pow(i + 1, s);
      this.cumulative[i] = total;
    }
    for (let i = 0; i < items.length; i++) this.cumulative[i]! /= total;
  }

  pick(rng: Rng): T {
    const x = rng.next();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo]!;
  }
}
