import formbody from '@fastify/formbody';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  createApiClient,
  createToken,
  createVirtualAccount,
  cssmSession,
  deleteApiClient,
  deregisterSmartDevice,
  issueAccessToken,
  listAccounts,
  listApiClients,
  listDevices,
  listLicenses,
  listTokens,
  listVirtualAccounts,
  registerSmartDevice,
  searchAccounts,
  transferLicenses,
  type CssmSession,
  type TokenRequest,
} from '../services/cssm.js';
import { bearer } from './auth.js';
import type { App, RouteContext } from './context.js';
import {
  CSSM_PREFIX,
  CSSM_TAG,
  errorResponses,
  HttpError,
  sendCssmError,
  sendOAuthError,
  toHttpError,
} from './errors.js';
import {
  ApiClientInput,
  CssmLicensesRequest,
  CssmTokenInput,
  CssmTransferRequest,
  CssmVirtualAccountInput,
  OAuthTokenRequest,
  SmartDeviceRegistration,
} from './schemas-cssm.js';
import { SandboxParams } from './schemas.js';

/** Where Cisco serves the Smart Accounts and Licensing API; a client changes only the host. */
const tags = [CSSM_TAG];
const security = [{ cssmBearer: [] }];

const cssmErrors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [s, { $ref: 'CssmError#', description: CSSM_ERROR_TEXT[s] ?? 'Error' }]),
  );

const CSSM_ERROR_TEXT: Record<number, string> = {
  400: 'Invalid request: the statusMessage names the field',
  401: 'Missing, unknown or expired access token',
  404: 'Smart Account, Virtual Account or token not found (or not accessible to the API client)',
  409: 'Conflict with the current state (a duplicate name, more than available)',
};

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
function oauthRoutes(ctx: RouteContext) {
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

const DomainParams = Type.Object({ domain: Type.String({ maxLength: 200 }) });
const AccountTypeParams = Type.Object({
  domain: Type.String({ maxLength: 200 }),
  accountType: Type.String({ maxLength: 20, description: 'CUSTOMER or HOLDING, either case' }),
});
const VirtualAccountParams = Type.Object({
  domain: Type.String({ maxLength: 200 }),
  virtualAccount: Type.String({ maxLength: 200 }),
});
const PageQuery = {
  limit: Type.Optional(Type.Integer({ description: '1 to 1000, default 50' })),
  offset: Type.Optional(Type.Integer({ description: '0 or more, default 0' })),
};

/** The Smart Accounts and Licensing API under CSSM_PREFIX, with Cisco-shaped errors. */
function apiRoutes(ctx: RouteContext) {
  return async (scope: App) => {
    scope.setErrorHandler((err: FastifyError, request, reply) => {
      const http = toHttpError(err);
      if (http.statusCode >= 500) request.log.error({ err }, 'unhandled error');
      return sendCssmError(reply, http);
    });
    scope.setNotFoundHandler((request, reply) =>
      sendCssmError(
        reply,
        new HttpError(
          404,
          'RESOURCE_NOT_FOUND',
          `No API resource ${request.method} ${request.url.split('?')[0]}`,
        ),
      ),
    );
    // The bearer token is checked before anything else about the request, body included.
    const sessions = new WeakMap<FastifyRequest, CssmSession>();
    scope.addHook('onRequest', async (request) => {
      sessions.set(request, cssmSession(ctx.deps, ctx.sandboxes, bearer(request)));
    });
    const session = (request: FastifyRequest) => sessions.get(request) as CssmSession;

    // Static "search" is matched before the {domain} parameter (domains contain dots).
    scope.get(
      '/v1/accounts/search',
      {
        schema: {
          operationId: 'cssmSearchAccounts',
          tags,
          security,
          summary: 'Smart Accounts whose domain contains the text searched for',
          querystring: Type.Object({
            domain: Type.Optional(Type.String({ maxLength: 200 })),
            type: Type.Optional(
              Type.String({ maxLength: 20, description: 'CUSTOMER or HOLDING, either case' }),
            ),
            ...PageQuery,
          }),
          response: { 200: { $ref: 'CssmAccountSearch#' }, ...cssmErrors(400, 401) },
        },
      },
      async (request) => searchAccounts(session(request), request.query),
    );

    scope.get(
      '/v2/accounts',
      {
        schema: {
          operationId: 'cssmListAccounts',
          tags,
          security,
          summary: 'Every Smart Account the API client can use',
          response: { 200: { $ref: 'CssmAccountList#' }, ...cssmErrors(401) },
        },
      },
      async (request) => listAccounts(session(request)),
    );

    scope.get(
      '/v1/accounts/:domain/:accountType/virtual-accounts',
      {
        schema: {
          operationId: 'cssmListVirtualAccounts',
          tags,
          security,
          summary: 'Virtual Accounts of a Smart Account',
          params: AccountTypeParams,
          response: { 200: { $ref: 'CssmVirtualAccountList#' }, ...cssmErrors(400, 401, 404) },
        },
      },
      async (request) =>
        listVirtualAccounts(session(request), request.params.domain, request.params.accountType),
    );

    scope.post(
      '/v1/accounts/:domain/:accountType/virtual-accounts',
      {
        schema: {
          operationId: 'cssmCreateVirtualAccount',
          tags,
          security,
          summary: 'Create a Virtual Account',
          description: 'A new default Virtual Account (isDefault true) takes the flag from the others.',
          params: AccountTypeParams,
          body: Type.Ref(CssmVirtualAccountInput),
          response: { 200: { $ref: 'CssmVirtualAccountCreated#' }, ...cssmErrors(400, 401, 404, 409) },
        },
      },
      async (request) =>
        createVirtualAccount(
          session(request),
          request.params.domain,
          request.params.accountType,
          request.body,
        ),
    );

    scope.post(
      '/v1/accounts/:domain/licenses',
      {
        schema: {
          operationId: 'cssmListLicenses',
          tags,
          security,
          summary: 'Licenses of Virtual Accounts: held, in use, available, with their entitlement lines',
          description:
            'One record per Virtual Account and license, ordered by Virtual Account then license; totalRecords counts them all.',
          params: DomainParams,
          body: Type.Ref(CssmLicensesRequest),
          response: { 200: { $ref: 'CssmLicenseList#' }, ...cssmErrors(400, 401, 404) },
        },
      },
      async (request) => listLicenses(session(request), request.params.domain, request.body),
    );

    scope.get(
      '/v1/accounts/:domain/virtual-accounts/:virtualAccount/tokens',
      {
        schema: {
          operationId: 'cssmListTokens',
          tags,
          security,
          summary: "A Virtual Account's registration tokens that have not expired",
          params: VirtualAccountParams,
          response: { 200: { $ref: 'CssmTokenList#' }, ...cssmErrors(401, 404) },
        },
      },
      async (request) => listTokens(session(request), request.params.domain, request.params.virtualAccount),
    );

    scope.post(
      '/v1/accounts/:domain/virtual-accounts/:virtualAccount/tokens',
      {
        schema: {
          operationId: 'cssmCreateToken',
          tags,
          security,
          summary: 'Create a product instance registration token',
          params: VirtualAccountParams,
          body: Type.Ref(CssmTokenInput),
          response: { 200: { $ref: 'CssmTokenCreated#' }, ...cssmErrors(400, 401, 404) },
        },
      },
      async (request) =>
        createToken(session(request), request.params.domain, request.params.virtualAccount, request.body),
    );

    scope.post(
      '/v1/accounts/:domain/virtual-accounts/:virtualAccount/licenses/transfer',
      {
        schema: {
          operationId: 'cssmTransferLicenses',
          tags,
          security,
          summary: 'Move license quantity to other Virtual Accounts of the Smart Account',
          description:
            'All items or none. An item takes at most what the Virtual Account can spare (held, expired lines excluded, less in use), ' +
            'from its entitlement lines in the order of precedence.',
          params: VirtualAccountParams,
          body: Type.Ref(CssmTransferRequest),
          response: { 200: { $ref: 'CssmTransferResult#' }, ...cssmErrors(400, 401, 404, 409) },
        },
      },
      async (request) =>
        transferLicenses(
          session(request),
          request.params.domain,
          request.params.virtualAccount,
          request.body,
        ),
    );

    scope.get(
      '/licensing/v2/accounts/:domain/devices',
      {
        schema: {
          operationId: 'cssmListDevices',
          tags,
          security,
          summary: 'Devices (product instances) registered with tokens of the Smart Account',
          params: DomainParams,
          querystring: Type.Object({
            virtualAccountName: Type.Optional(Type.String({ maxLength: 200 })),
            instanceName: Type.Optional(
              Type.String({ maxLength: 200, description: 'Instance name or serial' }),
            ),
            ...PageQuery,
          }),
          response: { 200: { $ref: 'CssmDeviceList#' }, ...cssmErrors(400, 401, 404) },
        },
      },
      async (request) => listDevices(session(request), request.params.domain, request.query),
    );
  };
}

const adminTags = ['control plane'];
const adminSecurity = [{ adminToken: [] }];

/** Control plane: API clients per sandbox, and devices registering with a token. */
function adminCssmRoutes(app: App, ctx: RouteContext): void {
  app.post(
    '/__admin/sandboxes/:id/api-clients',
    {
      schema: {
        operationId: 'createApiClient',
        tags: adminTags,
        security: adminSecurity,
        summary:
          'Create a Smart Software Manager API client (client ID and secret for the OAuth token endpoints)',
        params: SandboxParams,
        body: Type.Ref(ApiClientInput),
        response: { 201: { $ref: 'ApiClientCreated#' }, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(createApiClient(ctx.deps, ctx.sandboxes.open(request.params.id), request.body)),
  );

  app.get(
    '/__admin/sandboxes/:id/api-clients',
    {
      schema: {
        operationId: 'listApiClients',
        tags: adminTags,
        security: adminSecurity,
        summary: 'The API clients of a sandbox (without secrets)',
        params: SandboxParams,
        response: { 200: { $ref: 'ApiClientList#' }, ...errorResponses(401, 404) },
      },
    },
    async (request) => ({ apiClients: listApiClients(ctx.sandboxes.open(request.params.id)) }),
  );

  app.delete(
    '/__admin/sandboxes/:id/api-clients/:clientId',
    {
      schema: {
        operationId: 'deleteApiClient',
        tags: adminTags,
        security: adminSecurity,
        summary: 'Delete an API client; its access tokens stop working',
        params: Type.Object({
          id: Type.String({ maxLength: 63 }),
          clientId: Type.String({ maxLength: 100 }),
        }),
        response: { 204: Type.Null({ description: 'Deleted' }), ...errorResponses(401, 404) },
      },
    },
    async (request, reply) => {
      deleteApiClient(ctx.deps, ctx.sandboxes.open(request.params.id), request.params.clientId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/__admin/sandboxes/:id/smart-devices',
    {
      schema: {
        operationId: 'registerSmartDevice',
        tags: adminTags,
        security: adminSecurity,
        summary: 'A device registers with a token ("license smart register idtoken"), consuming licenses',
        description:
          "The device joins the token's Virtual Account and its licenses count as inUse there. force moves a device registered already.",
        params: SandboxParams,
        body: Type.Ref(SmartDeviceRegistration),
        response: { 201: { $ref: 'CssmDevice#' }, ...errorResponses(400, 401, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(registerSmartDevice(ctx.sandboxes.open(request.params.id), request.body)),
  );

  app.delete(
    '/__admin/sandboxes/:id/smart-devices/:serial',
    {
      schema: {
        operationId: 'deregisterSmartDevice',
        tags: adminTags,
        security: adminSecurity,
        summary: 'A device deregisters ("license smart deregister"), releasing its licenses',
        params: Type.Object({ id: Type.String({ maxLength: 63 }), serial: Type.String({ maxLength: 40 }) }),
        response: { 204: Type.Null({ description: 'Deregistered' }), ...errorResponses(401, 404) },
      },
    },
    async (request, reply) => {
      deregisterSmartDevice(ctx.sandboxes.open(request.params.id), request.params.serial);
      return reply.status(204).send(null);
    },
  );
}

/** The Smart Software Manager API on the portal's port, at Cisco's paths, plus its control plane. */
export function cssmRoutes(app: App, ctx: RouteContext): void {
  app.register(oauthRoutes(ctx));
  app.register(apiRoutes(ctx), { prefix: CSSM_PREFIX });
  adminCssmRoutes(app, ctx);
}
