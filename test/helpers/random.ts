import type { Random } from '../../src/domain/random.js';

/** A reproducible random source (mulberry32): the same seed gives the same bytes. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return { bytes: (n) => Uint8Array.from({ length: n }, () => next() & 0xff) };
}
