import type { App, FaceOptions } from '../context.js';
import { CSSM_PREFIX } from '../errors.js';
import { apiRoutes } from './api.js';
import { oauthRoutes } from './oauth.js';

/**
 * The Smart Software Manager API on the portal's port, at Cisco's paths: the OAuth token endpoints
 * (/as/token.oauth2, /oauth2/default/v1/token; RFC 6749 errors) and the API under CSSM_PREFIX
 * (Cisco's error shape, its own not-found handler). Each part sets its own error handler.
 */
export async function cssmApi(app: App, { ctx }: FaceOptions): Promise<void> {
  await app.register(oauthRoutes(ctx));
  await app.register(apiRoutes(ctx), { prefix: CSSM_PREFIX });
}
