import { Type } from '@sinclair/typebox';
import { returnDevice } from '../../services/devices.js';
import { expiringLicenses, listContracts, smartAccountLicenses } from '../../services/lifecycle.js';
import type { App, RouteContext } from '../context.js';
import { errorResponses } from '../errors.js';
import { SandboxParams } from './schemas.js';

const adminSecurity = [{ adminToken: [] }];
const adminTags = ['control plane'];

/** What an administrator of the sandbox sees: RMA, expiring licenses, contracts and Smart Account licenses. */
export function licensingRoutes(app: App, ctx: RouteContext): void {
  app.post(
    '/sandboxes/:id/devices/:serial/rma',
    {
      schema: {
        operationId: 'returnDevice',
        tags: adminTags,
        security: adminSecurity,
        summary: 'RMA: mark a device returned; its license keys are stripped',
        params: Type.Object({ id: Type.String({ maxLength: 63 }), serial: Type.String({ maxLength: 40 }) }),
        response: { 200: { $ref: 'RmaResult#' }, ...errorResponses(401, 404) },
      },
    },
    async (request) => returnDevice(ctx.sandboxes.open(request.params.id), request.params.serial),
  );

  app.get(
    '/sandboxes/:id/licenses/expiring',
    {
      schema: {
        operationId: 'listExpiringLicenses',
        tags: adminTags,
        security: adminSecurity,
        summary:
          'Licenses on devices whose term ends within a window of the sandbox clock (ended ones included)',
        params: SandboxParams,
        querystring: Type.Object(
          { within: Type.String({ maxLength: 32, default: '30d' }) },
          { additionalProperties: false },
        ),
        response: { 200: { $ref: 'ExpiringLicenses#' }, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => expiringLicenses(ctx.sandboxes.open(request.params.id), request.query.within),
  );

  app.get(
    '/sandboxes/:id/contracts',
    {
      schema: {
        operationId: 'listAllContracts',
        tags: adminTags,
        security: adminSecurity,
        summary: 'Every service contract of the sandbox, generated or not yet',
        params: SandboxParams,
        response: { 200: { $ref: 'ContractList#' }, ...errorResponses(401, 404) },
      },
    },
    async (request) => ({ contracts: listContracts(ctx.sandboxes.open(request.params.id), null) }),
  );

  app.get(
    '/sandboxes/:id/smart-accounts/:smartAccount/licenses',
    {
      schema: {
        operationId: 'getSmartAccountLicensesAdmin',
        tags: adminTags,
        security: adminSecurity,
        summary: 'AnyConnect entitlements in a Smart Account',
        params: Type.Object({
          id: Type.String({ maxLength: 63 }),
          smartAccount: Type.String({ maxLength: 200 }),
        }),
        response: { 200: { $ref: 'SmartAccountLicenses#' }, ...errorResponses(401, 404) },
      },
    },
    async (request) =>
      smartAccountLicenses(ctx.sandboxes.open(request.params.id), null, request.params.smartAccount),
  );
}
