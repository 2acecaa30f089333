import { Type } from '@sinclair/typebox';
import { checkKeyOnDevice, createAsaDevice, listAsaDevices, returnDevice } from '../services/devices.js';
import {
  expiringLicenses,
  findLostPaks,
  linkContract,
  listContracts,
  requestDemoLicense,
  requestSmartAccountSharing,
  smartAccountLicenses,
} from '../services/lifecycle.js';
import { requestActivationCode, shareOptions, useActivationCode } from '../services/sharing.js';
import { portalSession } from './auth.js';
import { withSsh } from './asa-routes.js';
import type { App, RouteContext } from './context.js';
import { errorResponses } from './errors.js';
import {
  ActivationCodeRequest,
  AsaDeviceInput,
  DemoLicenseRequest,
  ShareRequest,
  SmartAccountRequest,
} from './schemas-lifecycle.js';
import { SandboxParams } from './schemas.js';

const security = [{ userToken: [] }];
const adminSecurity = [{ adminToken: [] }];
const tags = ['portal'];
const adminTags = ['control plane'];

/** Get Other Licenses: the Share License Process, demo licenses, lost PAKs, contracts and Smart Accounts. */
export function lifecycleRoutes(app: App, ctx: RouteContext): void {
  app.post(
    '/api/v1/activation-codes',
    {
      schema: {
        operationId: 'requestActivationCode',
        tags,
        security,
        summary: 'Share License Process > Get Activation Codes',
        description:
          'Product, Source ASA Serial Number (an ASA with licenses you registered), Target ASA Serial Number, Send to. ' +
          'The activation code arrives by email ("Device Registration"). Only the Cisco.com ID that registered the original PAK may share it.',
        body: Type.Ref(ActivationCodeRequest),
        response: {
          201: { $ref: 'ActivationCodeConfirmation#' },
          ...errorResponses(400, 401, 403, 404, 422),
        },
      },
    },
    async (request, reply) => {
      const { sandbox, user } = portalSession(ctx.sandboxes, request);
      return reply.status(201).send(requestActivationCode(ctx.deps, sandbox, user, request.body));
    },
  );

  app.get(
    '/api/v1/activation-codes/:code',
    {
      schema: {
        operationId: 'getShareOptions',
        tags,
        security,
        summary: 'Use Activation Codes, steps 1-2: Specify Activation Code, Select SKU Options',
        params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
        response: { 200: { $ref: 'ShareOptions#' }, ...errorResponses(401, 404, 422) },
      },
    },
    async (request) => {
      const { sandbox, user } = portalSession(ctx.sandboxes, request);
      return shareOptions(sandbox, user, request.params.code);
    },
  );

  app.post(
    '/api/v1/shares',
    {
      schema: {
        operationId: 'shareLicenses',
        tags,
        security,
        summary: 'Use Activation Codes, step 3 (Review) and submit',
        description:
          'Answers "Transaction is continuing to be processed"; the share completes later on the sandbox clock (setting shareDelay) ' +
          'and emails "Your Cisco Product license keys :" with a ZIP holding the target\'s license file.',
        body: Type.Ref(ShareRequest),
        response: { 202: { $ref: 'ShareStatus#' }, ...errorResponses(400, 401, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { sandbox, user } = portalSession(ctx.sandboxes, request);
      return reply.status(202).send(useActivationCode(ctx.deps, sandbox, user, request.body));
    },
  );

  app.get(
    '/api/v1/paks/search',
    {
      schema: {
        operationId: 'findLostPaks',
        tags,
        security,
        summary: 'Find a lost PAK by Sales Order # (your orders) or by a serial number you registered it to',
        querystring: Type.Object(
          {
            salesOrder: Type.Optional(Type.String({ maxLength: 20 })),
            serial: Type.Optional(Type.String({ maxLength: 40 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: { $ref: 'FoundPaks#' }, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { sandbox, user } = portalSession(ctx.sandboxes, request);
      return { paks: findLostPaks(sandbox, user, request.query) };
    },
  );

  app.get(
    '/api/v1/contracts',
    {
      schema: {
        operationId: 'listContracts',
        tags,
        security,
        summary: 'Service contracts from your orders (once generated) and those linked to your Cisco.com ID',
        response: { 200: { $ref: 'ContractList#' }, ...errorResponses(401) },
      },
    },
    async (request) => {
      const { sandbox, user } = portalSession(ctx.sandboxes, request);
      return { contracts: listContracts(sandbox, user) };
    },
  );

  app.post(
    '/api/v1/contracts/:number/link',
    {
      schema: {
        operationId: 'linkContract',
        tags,
        security,
        summary: 'Link a contract number to your Cisco.com ID (SW Center access and TAC support)',
        description: 'Refused when your customer profile address does not match the address on the contract.',
        params: Type.Object({ number: Type.String({ maxLength: 20 }) }),
        response: { 200: { $ref: 'Contract#' }, ...errorResponses(401, 404, 409, 422) },
      },
    },
    async (request) => {
      const { sandbox, user } = portalSession(ctx.sandboxes, request);
      return linkContract(sandbox, user, request.params.number);
    },
  );

  app.post(
    '/api/v1/smart-account-requests',
    {
      schema: {
        operationId: 'requestSmartAccountSharing',
        tags,
        security,
        summary: 'FTD 6.2.1 and later: AnyConnect Smart License Sharing Request to Cisco Global Licensing',
        body: Type.Ref(SmartAccountRequest),
        response: { 202: { $ref: 'SmartAccountRequestStatus#' }, ...errorResponses(400, 401, 404, 422) },
      },
    },
    async (request, reply) => {
      const { sandbox, user } = portalSession(ctx.sandboxes, request);
      return reply.status(202).send(requestSmartAccountSharing(ctx.deps, sandbox, user, request.body));
    },
  );

  app.get(
    '/api/v1/smart-accounts/:smartAccount/licenses',
    {
      schema: {
        operationId: 'getSmartAccountLicenses',
        tags,
        security,
        summary: 'AnyConnect entitlements in the Virtual Accounts of a Smart Account you can use',
        params: Type.Object({ smartAccount: Type.String({ maxLength: 200 }) }),
        response: { 200: { $ref: 'SmartAccountLicenses#' }, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const { sandbox, user } = portalSession(ctx.sandboxes, request);
      return smartAccountLicenses(sandbox, user, request.params.smartAccount);
    },
  );

  app.post(
    '/api/v1/demo-licenses',
    {
      schema: {
        operationId: 'requestDemoLicense',
        tags,
        security,
        summary: 'Demo and Evaluation > Security Products > AnyConnect Plus/Apex (ASA) Demo License',
        description:
          'A 4-week Apex evaluation for one ASA serial; the time-based key is emailed and expires on the sandbox clock.',
        body: Type.Ref(DemoLicenseRequest),
        response: { 201: { $ref: 'DemoLicense#' }, ...errorResponses(400, 401, 409) },
      },
    },
    async (request, reply) => {
      const { sandbox, user } = portalSession(ctx.sandboxes, request);
      return reply.status(201).send(requestDemoLicense(ctx.deps, sandbox, user, request.body));
    },
  );

  app.post(
    '/__admin/sandboxes/:id/asa-devices',
    {
      schema: {
        operationId: 'createAsaDevice',
        tags: adminTags,
        security: adminSecurity,
        summary:
          "Add a simulated ASA: model, 'show version' serial and (5500-X) chassis serial, failover role, login; it listens for SSH",
        params: SandboxParams,
        body: Type.Ref(AsaDeviceInput),
        response: { 201: { $ref: 'AsaDevice#' }, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const device = createAsaDevice(ctx.sandboxes.open(request.params.id), request.body);
      await ctx.asaSsh?.sync(request.params.id);
      return reply.status(201).send(withSsh(ctx, request.params.id, device));
    },
  );

  app.get(
    '/__admin/sandboxes/:id/asa-devices',
    {
      schema: {
        operationId: 'listAsaDevices',
        tags: adminTags,
        security: adminSecurity,
        summary: 'The simulated ASAs of a sandbox',
        params: SandboxParams,
        response: { 200: { $ref: 'AsaDeviceList#' }, ...errorResponses(401, 404) },
      },
    },
    async (request) => ({
      devices: listAsaDevices(ctx.sandboxes.open(request.params.id)).map((d) =>
        withSsh(ctx, request.params.id, d),
      ),
    }),
  );

  app.post(
    '/__admin/sandboxes/:id/asa-devices/:serial/verify-key',
    {
      schema: {
        operationId: 'verifyKeyOnAsa',
        tags: adminTags,
        security: adminSecurity,
        summary:
          "Would this activation key install on the simulated ASA? (checked against its 'show version' serial)",
        params: Type.Object({ id: Type.String({ maxLength: 63 }), serial: Type.String({ maxLength: 40 }) }),
        body: Type.Object(
          { activationKey: Type.String({ maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: { $ref: 'KeyCheck#' }, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) =>
      checkKeyOnDevice(
        ctx.sandboxes.open(request.params.id),
        request.params.serial,
        request.body.activationKey,
      ),
  );

  app.post(
    '/__admin/sandboxes/:id/devices/:serial/rma',
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
    '/__admin/sandboxes/:id/licenses/expiring',
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
    '/__admin/sandboxes/:id/contracts',
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
    '/__admin/sandboxes/:id/smart-accounts/:smartAccount/licenses',
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
