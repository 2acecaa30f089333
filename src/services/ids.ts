import { customRandom } from 'nanoid';
import type { Random } from '../domain/random.js';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const LOWER = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Identifier generators drawing from the injected random source. */
export function idGenerators(random: Random) {
  const draw = (size: number) => random.bytes(size);
  return {
    token: customRandom(ALNUM, 32, draw),
    sandboxId: customRandom(LOWER, 10, draw),
    mailId: customRandom(LOWER, 16, draw),
    secret: customRandom(ALNUM, 40, draw),
  };
}
