import type { App, RouteContext } from '../context.js';
import { CSSM_PREFIX } from '../errors.js';
import { apiRoutes } from './api.js';
import { oauthRoutes } from './oauth.js';

/** The Smart Software Manager API on the portal's port, at Cisco's paths. */
export function cssmRoutes(app: App, ctx: RouteContext): void {
  app.register(oauthRoutes(ctx));
  app.register(apiRoutes(ctx), { prefix: CSSM_PREFIX });
}
