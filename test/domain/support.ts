/** Shared by the domain tests: run a rule that must refuse, and hand back the DomainError it threw. */
import { expect } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import type { Random } from '../../src/domain/random.js';

export function refusal(fn: () => unknown): DomainError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined)
    throw new Error('expected the rule to refuse with a DomainError, but it returned');
  expect(thrown).toBeInstanceOf(DomainError);
  return thrown as DomainError;
}

/** A Random that replays the given bytes in order, cycling when it runs out. */
export function replayRandom(bytes: readonly number[]): Random {
  let i = 0;
  return {
    bytes(n: number) {
      const out = new Uint8Array(n);
      for (let k = 0; k < n; k++) out[k] = bytes[i++ % bytes.length] as number;
      return out;
    },
  };
}
