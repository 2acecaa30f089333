import { randomBytes } from 'node:crypto';
import type { Random } from '../domain/random.js';

/**
 * Crypto-strong bytes handed out from a 4 KB pool: a request ID, a token or a PAK needs a few dozen
 * bytes, and asking the system for each costs more than the rest of building the ID.
 */
export function pooledCryptoRandom(poolSize = 4096): Random {
  let pool = Buffer.alloc(0);
  return {
    bytes(n) {
      if (n > poolSize) return randomBytes(n);
      if (pool.length < n) pool = randomBytes(poolSize);
      const out = Uint8Array.from(pool.subarray(0, n));
      pool = pool.subarray(n);
      return out;
    },
  };
}
