import { hmacStream, type Random } from '../domain/random.js';
import type { SandboxStore } from '../storage/sandbox-store.js';

const POSITION = 'randomPosition';

/**
 * Deterministic mode: everything a seeded sandbox generates comes from one HMAC-SHA256 stream keyed
 * by its seed. The stream position is a setting advanced inside the caller's write transaction (as a
 * savepoint), so a request that fails rolls it back with everything else and replays identically.
 */
export function seededRandom(store: SandboxStore, seed: string): Random {
  return hmacStream(seed, 'sandbox', {
    take: (blocks) =>
      store.write(() => {
        const first = store.settings.get<number>(POSITION) ?? 0;
        store.settings.put(POSITION, first + blocks);
        return first;
      }),
  });
}
