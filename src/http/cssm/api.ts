import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyRequest } from 'fastify';
import {
  createToken,
  createVirtualAccount,
  cssmSession,
  listAccounts,
  listDevices,
  listLicenses,
  listTokens,
  listVirtualAccounts,
  searchAccounts,
  transferLicenses,
  type CssmSession,
} from '../../services/cssm.js';
import { bearer, holdUntilAnswered } from '../auth.js';
import type { App, RouteContext } from '../context.js';
import { CSSM_TAG, HttpError, sendCssmError, toHttpError } from '../errors.js';
import {
  CssmLicensesRequest,
  CssmTokenInput,
  CssmTransferRequest,
  CssmVirtualAccountInput,
} from './schemas.js';

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
export function apiRoutes(ctx: RouteContext) {
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
    scope.addHook('onRequest', async (request, reply) => {
      const session = cssmSession(ctx.deps, ctx.sandboxes, bearer(request));
      sessions.set(request, session);
      holdUntilAnswered(ctx.sandboxes, reply, session.sandbox);
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
