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

/** A uniform number in [0, 1) from 32 random bits: the draw behind every rate and range. */
export function randomFraction(random: Random): number {
  const b = random.bytes(4);
  return new DataView(b.buffer, b.byteOffset, 4).getUint32(0) / 2 ** 32;
}
