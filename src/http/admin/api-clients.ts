import { Type } from '@sinclair/typebox';
import {
  createApiClient,
  deleteApiClient,
  deregisterSmartDevice,
  listApiClients,
  registerSmartDevice,
} from '../../services/cssm.js';
import type { App, RouteContext } from '../context.js';
import { errorResponses } from '../errors.js';
import { ApiClientInput, SmartDeviceRegistration } from './device-schemas.js';
import { SandboxParams } from './schemas.js';

const adminTags = ['control plane'];
const adminSecurity = [{ adminToken: [] }];

/** Control plane: API clients per sandbox, and devices registering with a token. */
export function apiClientRoutes(app: App, ctx: RouteContext): void {
  app.post(
    '/sandboxes/:id/api-clients',
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
    '/sandboxes/:id/api-clients',
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
    '/sandboxes/:id/api-clients/:clientId',
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
    '/sandboxes/:id/smart-devices',
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
    '/sandboxes/:id/smart-devices/:serial',
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
