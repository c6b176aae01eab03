/**
 * A small deterministic pseudo-random generator for the demo world: the same seed always gives
 * the same sequence on every platform (32-bit integer arithmetic only, no Math.random, no
 * transcendental functions whose last bits could differ between engines).
 */

/** mulberry32: a 32-bit state generator, good enough for synthetic data and very fast. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over a string: derives independent sub-seeds from labels. */
function hashLabel(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export class Random {
  private readonly nextFloat: () => number;

  constructor(readonly seed: number) {
    this.nextFloat = mulberry32(seed);
  }

  /**
   * An independent stream for one part of the world, so that (for example) changing how many
   * people are drawn does not move a single compound boundary.
   */
  fork(label: string): Random {
    return new Random(hashLabel(this.seed, label));
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextFloat();
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.nextFloat() * (max - min + 1));
  }

  /** Uniform in [min, max). */
  float(min: number, max: number): number {
    return min + this.nextFloat() * (max - min);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.nextFloat() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.nextFloat() * items.length)];
  }

  /** Picks one item with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.nextFloat() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.nextFloat() * (i + 1));
      const tmp = out[i];
      out[i] = out[j];
      out[j] = tmp;
    }
    return out;
  }

  /** k distinct items in random order (all of them when k ≥ length). */
  sample<T>(items: readonly T[], k: number): T[] {
    return this.shuffle(items).slice(0, Math.max(0, k));
  }

  /**
   * Roughly normal (Irwin–Hall sum of four uniforms, so bounded to mean ± 3.46 sd), which is all
   * synthetic ages and sizes need and avoids Math.log/cos.
   */
  normal(mean: number, sd: number): number {
    const s = this.nextFloat() + this.nextFloat() + this.nextFloat() + this.nextFloat();
    return mean + (s - 2) * sd * Math.sqrt(3);
  }
}

export function createRandom(seed: number): Random {
  return new Random(seed);
}
