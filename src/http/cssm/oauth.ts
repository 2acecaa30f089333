import formbody from '@fastify/formbody';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { issueAccessToken, type TokenRequest } from '../../services/cssm.js';
import type { App, RouteContext } from '../context.js';
import { CSSM_TAG, HttpError, sendOAuthError, toHttpError } from '../errors.js';
import { OAuthTokenRequest } from './schemas.js';

/** Where Cisco serves the Smart Accounts and Licensing API; a client changes only the host. */
const tags = [CSSM_TAG];
/** "Authorization: Basic base64(client_id:client_secret)" (RFC 6749 2.3.1, form-encoded parts). */
function basicCredentials(request: FastifyRequest): { clientId?: string; clientSecret?: string } {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!m) return {};
  const text = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return {};
  const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
  return { clientId: decode(text.slice(0, colon)), clientSecret: decode(text.slice(colon + 1)) };
}

type TokenParams = { grant_type?: string; client_id?: string; client_secret?: string; username?: string };

/** The OAuth 2.0 token endpoints, with their own body parsers and RFC 6749 errors. */
export function oauthRoutes(ctx: RouteContext) {
  return async (scope: App) => {
    await scope.register(formbody);
    // Public clients send the credentials in the query string with an empty JSON body.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      const text = (body as string).trim();
      if (text === '') return done(null, {});
      try {
        done(null, JSON.parse(text));
      } catch (err) {
        done(
          new HttpError(
            400,
            'INVALID_REQUEST',
            `The request body is not valid JSON: ${(err as Error).message}`,
          ),
        );
      }
    });
    scope.addHook('preValidation', async (request) => {
      request.body ??= {};
    });
    scope.setErrorHandler((err: FastifyError, request, reply) => {
      const http = toHttpError(err);
      if (http.statusCode >= 500) request.log.error({ err }, 'unhandled error');
      return sendOAuthError(reply, http);
    });

    const handler = async (
      request: FastifyRequest<{ Body: TokenParams; Querystring: TokenParams }>,
      reply: FastifyReply,
    ) => {
      const body = request.body;
      const query = request.query;
      const basic = basicCredentials(request);
      const token: TokenRequest = {
        grantType: body.grant_type ?? query.grant_type,
        clientId: body.client_id ?? query.client_id ?? basic.clientId,
        clientSecret: body.client_secret ?? query.client_secret ?? basic.clientSecret,
        username: body.username ?? query.username,
      };
      return reply
        .header('cache-control', 'no-store')
        .header('pragma', 'no-cache')
        .send(issueAccessToken(ctx.deps, ctx.sandboxes, token));
    };
    const schema = (operationId: string, summary: string) => ({
      operationId,
      tags,
      summary,
      description:
        'OAuth 2.0 client credentials. client_id, client_secret and grant_type=client_credentials go in the form body, ' +
        'a JSON body or the query string (an empty body with content-type application/json is fine); HTTP Basic auth ' +
        'also carries the client. grant_type=password acts as the sandbox user named by username (its password is not ' +
        'checked). Tokens expire after expires_in seconds of the sandbox clock. The API client selects the sandbox.',
      // Public: the client's credentials are the request itself.
      security: [],
      consumes: ['application/x-www-form-urlencoded', 'application/json'],
      body: Type.Ref(OAuthTokenRequest),
      querystring: OAuthTokenRequest,
      response: {
        200: { $ref: 'OAuthToken#' },
        400: { $ref: 'OAuthError#', description: 'invalid_request, unsupported_grant_type or invalid_grant' },
        401: { $ref: 'OAuthError#', description: 'invalid_client: unknown client or wrong secret' },
      },
    });
    // Client secrets may ride in the query string: keep these URLs out of the request log.
    const logLevel = 'warn';
    scope.post(
      '/as/token.oauth2',
      { logLevel, schema: schema('cssmTokenCloudSso', 'OAuth token (cloudsso path)') },
      handler,
    );
    scope.post(
      '/oauth2/default/v1/token',
      { logLevel, schema: schema('cssmTokenOkta', 'OAuth token (id.cisco.com path)') },
      handler,
    );
  };
}
