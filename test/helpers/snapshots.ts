import type { SandboxStore } from '../../src/storage/sandbox-store.js';

/** Writes the settings every sandbox database holds (a snapshot without them is refused) and a marker. */
export function writeRequiredSettings(store: SandboxStore, marker: string): void {
  store.write(() => {
    for (const [key, value] of [
      ['origin', { scenario: 'empty' }],
      ['clock', { frozen: true, atMs: 0 }],
      ['secret', 's'],
      ['settings', {}],
      ['marker', marker],
    ] as const)
      store.settings.put(key, value);
  });
}
