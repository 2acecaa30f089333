import { holdUntilAnswered, portalSession } from '../auth.js';
import type { App, FaceOptions } from '../context.js';
import { routeNotFound } from '../errors.js';
import { installHarness } from '../harness.js';
import { lifecycleRoutes } from './lifecycle.js';
import { registrationRoutes } from './registrations.js';

/**
 * The portal API (/api/v1), one encapsulated plugin: its hooks apply to exactly its routes, and to
 * the unknown paths under its prefix (its own not-found handler), whatever the spelling of the URL.
 */
export async function portalApi(app: App, { ctx }: FaceOptions): Promise<void> {
  installHarness(app, ctx);
  // Every call needs a user's bearer token, checked before the body is read or validated: without
  // one the answer is 401, whatever else is wrong with the request. An unknown path answers 404.
  app.decorateRequest('apiSession', null);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.is404)
      holdUntilAnswered(ctx.sandboxes, reply, portalSession(ctx.sandboxes, request).sandbox);
  });
  app.setNotFoundHandler(routeNotFound);

  registrationRoutes(app, ctx);
  lifecycleRoutes(app, ctx);
}
