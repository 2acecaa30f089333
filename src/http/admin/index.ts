import { authorizeAdmin } from '../auth.js';
import type { App, FaceOptions, RouteContext } from '../context.js';
import { routeNotFound } from '../errors.js';
import { apiClientRoutes } from './api-clients.js';
import { asaRoutes } from './asa-devices.js';
import { eventsRoutes } from './events.js';
import { faultsRoutes } from './faults.js';
import { journalRoutes } from './journal.js';
import { licensingRoutes } from './licensing.js';
import { mailRoutes } from './mail.js';
import { sandboxRoutes } from './sandboxes.js';
import { snapshotRoutes } from './snapshots.js';

/**
 * The control plane (/__admin), one encapsulated plugin: the token check applies to every route in
 * it and to the unknown paths under its prefix (its own not-found handler), whatever the spelling.
 */
export async function controlPlane(app: App, { ctx }: FaceOptions): Promise<void> {
  app.addHook('onRequest', async (request) => authorizeAdmin(ctx.adminToken, ctx.sandboxes, request));
  followDevices(app, ctx);
  app.setNotFoundHandler(routeNotFound);

  sandboxRoutes(app, ctx);
  snapshotRoutes(app, ctx);
  faultsRoutes(app, ctx);
  journalRoutes(app, ctx);
  mailRoutes(app, ctx);
  eventsRoutes(app, ctx);
  asaRoutes(app, ctx);
  licensingRoutes(app, ctx);
  apiClientRoutes(app, ctx);
}

/**
 * Any control-plane write may add or drop devices (create, reset, delete a sandbox, scenarios, ASA
 * devices): SSH listeners follow before the answer leaves, so a client can connect as soon as it has
 * it. The sandbox is the route's {id}; the routes without one (create, import) answer the new one.
 */
function followDevices(app: App, ctx: RouteContext): void {
  const ssh = ctx.asaSsh;
  if (!ssh) return;
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'GET' || reply.statusCode >= 400) return payload;
    const created = reply.statusCode === 201 && typeof payload === 'string';
    const id =
      (request.params as { id?: string }).id ??
      (created ? (JSON.parse(payload) as { id?: string }).id : undefined);
    if (id) await ssh.sync(id);
    return payload;
  });
}
