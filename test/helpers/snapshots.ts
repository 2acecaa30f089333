import type { FastifyInstance } from 'fastify';
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

/** A sandbox's snapshot file, through the control plane. */
export async function snapshotOf(app: FastifyInstance, sandbox: string): Promise<Buffer> {
  return (await app.inject({ method: 'GET', url: `/__admin/sandboxes/${sandbox}/snapshot` })).rawPayload;
}

/** Imports a snapshot file as sandbox `id` through the control plane (with the admin token, if given). */
export function importSnapshot(app: FastifyInstance, id: string, snapshot: Buffer, adminToken?: string) {
  return app.inject({
    method: 'POST',
    url: `/__admin/sandboxes/import?id=${id}`,
    headers: {
      'content-type': 'application/vnd.sqlite3',
      ...(adminToken === undefined ? {} : { authorization: `Bearer ${adminToken}` }),
    },
    payload: snapshot,
  });
}
