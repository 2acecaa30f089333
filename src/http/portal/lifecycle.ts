import { Type } from '@sinclair/typebox';
import {
  findLostPaks,
  linkContract,
  listContracts,
  requestSmartAccountSharing,
  smartAccountLicenses,
} from '../../services/lifecycle.js';
import { requestDemoLicense } from '../../services/demo-licenses.js';
import { requestActivationCode, shareOptions, useActivationCode } from '../../services/sharing.js';
import { portalSession } from '../auth.js';
import type { App, RouteContext } from '../context.js';
import { errorResponses } from '../errors.js';
import {
  ActivationCodeRequest,
  DemoLicenseRequest,
  ShareRequest,
  SmartAccountRequest,
} from './lifecycle-schemas.js';

const security = [{ userToken: [] }];
const tags = ['portal'];

/** Get Other Licenses: the Share License Process, demo licenses, lost PAKs, contracts and Smart Accounts. */
export function lifecycleRoutes(app: App, ctx: RouteContext): void {
  app.post(
    '/activation-codes',
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
    '/activation-codes/:code',
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
    '/shares',
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
    '/paks/search',
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
    '/contracts',
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
    '/contracts/:number/link',
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
    '/smart-account-requests',
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
    '/smart-accounts/:smartAccount/licenses',
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
    '/demo-licenses',
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
}
