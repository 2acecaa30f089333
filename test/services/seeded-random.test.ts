import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/services/seeded-random.js';
import { SandboxDatabases } from '../../src/storage/sandbox-databases.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe("A seeded sandbox's random stream advances inside the write that uses it", () => {
  it('a failed write rolls the stream back: the next draw repeats what the failed one saw', () => {
    const store = new SandboxDatabases({ dataDir: ':memory:', cacheSize: 10 }).scratch();
    const random = seededRandom(store, 'seed');
    let seen = '';
    expect(() =>
      store.write(() => {
        seen = hex(random.bytes(16));
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(store.settings.get('randomPosition')).toBeUndefined();
    expect(store.write(() => hex(random.bytes(16)))).toBe(seen);
    expect(store.settings.get('randomPosition')).toBe(1);
  });

  it('a draw outside any write commits its own step', () => {
    const store = new SandboxDatabases({ dataDir: ':memory:', cacheSize: 10 }).scratch();
    const random = seededRandom(store, 'seed');
    const first = hex(random.bytes(40));
    expect(store.settings.get('randomPosition')).toBe(2);
    expect(hex(seededRandom(store, 'seed').bytes(8))).not.toBe(first.slice(0, 16));
  });
});
