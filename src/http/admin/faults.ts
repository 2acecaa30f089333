import { Type } from '@sinclair/typebox';
import { clearFaults, createFault, deleteFault, listFaults } from '../../services/faults.js';
import { settingsView } from '../../services/sandbox-settings.js';
import type { App, RouteContext } from '../context.js';
import { errorResponses } from '../errors.js';
import { SandboxParams } from './schemas.js';
import { FaultInput, FaultParams } from './harness-schemas.js';

const security = [{ adminToken: [] }];
const tags = ['control plane'];

/** Faults injected into a sandbox's portal API, and the quirks kept as settings, in one place. */
export function faultsRoutes(app: App, ctx: RouteContext): void {
  app.post(
    '/sandboxes/:id/faults',
    {
      schema: {
        operationId: 'createFault',
        tags,
        security,
        summary: 'Inject a fault into the portal API: latency, an error rate, or maintenance mode',
        description:
          'Faults act on requests whose bearer token belongs to this sandbox. Latencies add up; maintenance mode wins ' +
          'over error rates; the first error fault that fires answers. Injected answers are journaled with ' +
          'injected: true. Random choices draw from the sandbox random source.',
        params: SandboxParams,
        body: Type.Ref(FaultInput),
        response: { 201: { $ref: 'Fault#' }, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(createFault(ctx.sandboxes.open(request.params.id), request.body, ctx.portalOperations)),
  );

  app.get(
    '/sandboxes/:id/faults',
    {
      schema: {
        operationId: 'listFaults',
        tags,
        security,
        summary:
          'Injected faults, and the quirks kept as settings (mailDelay, mailLoss, activationDelay, popupBlocker)',
        params: SandboxParams,
        response: { 200: { $ref: 'FaultList#' }, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const sandbox = ctx.sandboxes.open(request.params.id);
      return { faults: listFaults(sandbox), settings: settingsView(sandbox.settings()) };
    },
  );

  app.delete(
    '/sandboxes/:id/faults/:faultId',
    {
      schema: {
        operationId: 'deleteFault',
        tags,
        security,
        summary: 'Remove one injected fault',
        params: FaultParams,
        response: { 204: Type.Null({ description: 'Removed' }), ...errorResponses(401, 404) },
      },
    },
    async (request, reply) => {
      deleteFault(ctx.sandboxes.open(request.params.id), request.params.faultId);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/sandboxes/:id/faults',
    {
      schema: {
        operationId: 'clearFaults',
        tags,
        security,
        summary: 'Remove every injected fault (settings stay as they are)',
        params: SandboxParams,
        response: { 204: Type.Null({ description: 'Removed' }), ...errorResponses(401, 404) },
      },
    },
    async (request, reply) => {
      clearFaults(ctx.sandboxes.open(request.params.id));
      return reply.status(204).send(null);
    },
  );
}
