import { createHmac } from 'node:crypto';

/** Every generated identifier draws from a `Random` handed in by the caller (crypto by default). */
export interface Random {
  bytes(n: number): Uint8Array;
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const DIGITS = '0123456789';

/** Rejection sampling keeps every character equally likely. */
export function randomString(random: Random, alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const b of random.bytes(length * 2)) {
      if (b < limit) out += alphabet[b % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

export const randomUpperAlnum = (random: Random, length: number) => randomString(random, UPPER_ALNUM, length);

/** Numeric identifiers never start with 0, like Cisco's sales orders and transaction IDs. */
export function randomDigits(random: Random, length: number): string {
  return randomString(random, '123456789', 1) + randomString(random, DIGITS, length - 1);
}

/** Hands out a deterministic stream's position: `take(blocks)` returns the first block and moves past them. */
export interface StreamPosition {
  take(blocks: number): number;
}

const BLOCK = 32;

/**
 * A deterministic byte stream (HMAC-SHA256 in counter mode): block i is HMAC(seed, label ‖ i). The
 * position lives outside, so a sandbox can keep it in its database and carry on after a restart.
 */
export function hmacStream(seed: string, label: string, position: StreamPosition): Random {
  return {
    bytes(n) {
      const blocks = Math.ceil(n / BLOCK);
      const first = position.take(blocks);
      const out = Buffer.alloc(blocks * BLOCK);
      for (let i = 0; i < blocks; i++) {
        createHmac('sha256', seed)
          .update(`${label}\0${first + i}`)
          .digest()
          .copy(out, i * BLOCK);
      }
      return out.subarray(0, n);
    },
  };
}

/** A stream used once, for a value that is a pure function of the seed and the label. */
export function derivedRandom(seed: string, label: string): Random {
  let next = 0;
  return hmacStream(seed, label, {
    take: (blocks) => {
      next += blocks;
      return next - blocks;
    },
  });
}

/** A uniform number in [0, 1) from 32 random bits: the draw behind every rate and range. */
export function randomFraction(random: Random): number {
  const b = random.bytes(4);
  return new DataView(b.buffer, b.byteOffset, 4).getUint32(0) / 2 ** 32;
}
