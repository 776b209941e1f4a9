/**
 * A small deterministic PRNG (mulberry32) for seeded trials, generated inputs and benchmarks: the
 * same seed gives the same sequence, so a failing trial names a reproducible case.
 */
export function seeded(seed: number): { next: () => number; int: (maxExclusive: number) => number } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (max) => Math.floor(next() * max) };
}
