import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { randomDigits, randomString, randomUpperAlnum } from '../../src/domain/random.js';
import { replayRandom } from './support.js';

describe('Generated identifiers draw from the Random handed in', () => {
  it('maps bytes onto the alphabet', () => {
    expect(randomString(replayRandom([0, 1, 2, 3]), 'ABCD', 4)).toBe('ABCD');
    expect(randomString(replayRandom([4, 5, 6, 7]), 'ABCD', 4)).toBe('ABCD');
  });

  it('rejects the bytes above the largest multiple of the alphabet size, so every character is equally likely', () => {
    // 10 digits: 250..255 would favour 0..5, so they are skipped.
    expect(randomString(replayRandom([250, 251, 255, 249, 7]), '0123456789', 2)).toBe('97');
    // 36 letters and digits: 252..255 are skipped.
    expect(randomUpperAlnum(replayRandom([252, 255, 251, 35]), 2)).toBe('99');
  });

  it('asks for more bytes until it has enough characters', () => {
    let calls = 0;
    const random = {
      bytes(n: number) {
        calls++;
        return new Uint8Array(n).fill(calls < 3 ? 255 : 1);
      },
    };
    expect(randomUpperAlnum(random, 5)).toBe('BBBBB');
    expect(calls).toBe(3);
  });

  it('numeric identifiers never start with 0, like Cisco sales orders and transaction IDs', () => {
    expect(randomDigits(replayRandom([0, 0, 0, 0]), 4)).toBe('1000');
    expect(randomDigits(replayRandom([8]), 3)).toBe('988');
    expect(randomDigits(replayRandom([9]), 3)).toBe('199');
  });

  it('property: lengths and alphabets always hold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 30 }),
        (bytes, length) => {
          fc.pre(bytes.some((b) => b < 250));
          expect(randomUpperAlnum(replayRandom(bytes), length)).toMatch(new RegExp(`^[A-Z0-9]{${length}}$`));
          expect(randomDigits(replayRandom(bytes), length)).toMatch(
            new RegExp(`^[1-9][0-9]{${length - 1}}$`),
          );
        },
      ),
    );
  });
});
