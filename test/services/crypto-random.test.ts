import { describe, expect, it } from 'vitest';
import { pooledCryptoRandom } from '../../src/services/crypto-random.js';

describe('The crypto random source hands out pooled bytes, never the same ones twice', () => {
  it('consecutive draws do not repeat, across a pool refill', () => {
    const random = pooledCryptoRandom(64);
    const draws = Array.from({ length: 40 }, () => Buffer.from(random.bytes(16)).toString('hex'));
    expect(new Set(draws).size).toBe(40);
    expect(draws.every((d) => d.length === 32)).toBe(true);
  });

  it('a draw is a copy: changing it changes no later draw', () => {
    const random = pooledCryptoRandom(64);
    const first = random.bytes(8);
    first.fill(0);
    expect(Buffer.from(random.bytes(8)).equals(Buffer.alloc(8))).toBe(false);
  });

  it('a draw larger than the pool comes straight from the system', () => {
    expect(pooledCryptoRandom(64).bytes(100)).toHaveLength(100);
  });
});
