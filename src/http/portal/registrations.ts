import { Type } from '@sinclair/typebox';
import { lookupPaks } from '../../services/licenses.js';
import { getDevice, getTransaction, listTransactions } from '../../services/history.js';
import { register } from '../../services/registrations.js';
import { portalSession } from '../auth.js';
import type { App, RouteContext } from '../context.js';
import { errorResponses } from '../errors.js';
import { sendIdempotent } from '../harness.js';
import { PakLookupQuery, RegistrationRequest, TransactionQuery } from './schemas.js';

const security = [{ userToken: [] }];

/** The portal API a simulated Cisco.com user reaches with their bearer token. */
export function registrationRoutes(app: App, ctx: RouteContext): void {
  app.get(
    '/paks',
    {
      schema: {
        operationId: 'lookupPaks',
        tags: ['portal'],
        summary: 'Get New Licenses: look up 1 to 10 PAKs or token IDs',
        description:
          'Returns each PAK with its product family and SKU lines. Unknown, not yet active or deactivated PAKs give ' +
          'PAK_INVALID_OR_INACTIVE: "PAK/s or Token/s … is / are either Invalid or Inactive".',
        security,
        querystring: PakLookupQuery,
        response: { 200: { $ref: 'PakLookup#' }, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { sandbox } = portalSession(ctx.sandboxes, request);
      return { paks: lookupPaks(sandbox, request.query.ids) };
    },
  );

  app.post(
    '/registrations',
    {
      schema: {
        operationId: 'registerLicenses',
        tags: ['portal'],
        summary: 'Get New Licenses from a Single PAK/Token: the three wizard steps in one request',
        description:
          '1. Assign Smart Account and SKUs, 2. Assign to Devices, 3. Finish. Returns the License Request Status; the ' +
          'activation key is emailed (see the sandbox mailbox).',
        security,
        body: Type.Ref(RegistrationRequest),
        response: { 201: { $ref: 'LicenseRequestStatus#' }, ...errorResponses(400, 401, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { sandbox, user } = portalSession(ctx.sandboxes, request);
      return sendIdempotent(request, reply, 201, (hook) =>
        register(ctx.deps, sandbox, user, request.body, hook),
      );
    },
  );

  app.get(
    '/transactions',
    {
      schema: {
        operationId: 'listTransactions',
        tags: ['portal'],
        summary: 'Manage > Transactions History: your transactions, newest first; ?id= finds one by its ID',
        security,
        querystring: TransactionQuery,
        response: { 200: { $ref: 'TransactionList#' }, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { sandbox, user } = portalSession(ctx.sandboxes, request);
      const { limit = 50, offset = 0, id, after } = request.query;
      return listTransactions(sandbox, user, limit, offset, id, after);
    },
  );

  app.get(
    '/transactions/:id',
    {
      schema: {
        operationId: 'getTransaction',
        tags: ['portal'],
        summary: 'One transaction of your Transactions History',
        security,
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: { $ref: 'TransactionDetail#' }, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const { sandbox, user } = portalSession(ctx.sandboxes, request);
      return getTransaction(sandbox, user, request.params.id);
    },
  );

  app.get(
    '/devices/:serial',
    {
      schema: {
        operationId: 'getDevice',
        tags: ['portal'],
        summary: 'Licenses you registered to an ASA serial number, and its current activation key',
        security,
        params: Type.Object({ serial: Type.String({ maxLength: 64 }) }),
        response: { 200: { $ref: 'Device#' }, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const { sandbox, user } = portalSession(ctx.sandboxes, request);
      return getDevice(sandbox, user, request.params.serial);
    },
  );
}
