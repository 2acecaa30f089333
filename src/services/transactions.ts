import { randomDigits } from '../domain/random.js';
import type { Sandbox } from './sandbox.js';

/** Transaction IDs are 10 digits, unique in the sandbox. */
export function newTransactionId(sandbox: Sandbox): string {
  for (;;) {
    const id = randomDigits(sandbox.random, 10);
    if (!sandbox.store.transactionExists(id)) return id;
  }
}
