import { Type } from '@sinclair/typebox';
import { runCliScript } from '../../services/asa-cli.js';
import {
  checkKeyOnDevice,
  createAsaDevice,
  deleteAsaDevice,
  getAsaDevice,
  listAsaDevices,
  type AsaDeviceView,
} from '../../services/devices.js';
import type { App, RouteContext } from '../context.js';
import { errorResponses } from '../errors.js';
import { AsaDeviceInput, CliRequest } from './device-schemas.js';
import { SandboxParams } from './schemas.js';

const security = [{ adminToken: [] }];
const tags = ['control plane'];
const DeviceParams = Type.Object({
  id: Type.String({ maxLength: 63 }),
  serial: Type.String({ maxLength: 40 }),
});

/** A device as the control plane reports it: with where it listens for SSH. */
export const withSsh = (ctx: RouteContext, sandboxId: string, d: AsaDeviceView) => ({
  ...d,
  ssh: ctx.asaSsh?.endpoint(sandboxId, d.serial) ?? null,
});

/** Simulated ASAs: their devices and their CLI without SSH (SSH listeners follow in index.ts). */
export function asaRoutes(app: App, ctx: RouteContext): void {
  app.get(
    '/sandboxes/:id/asa-devices/:serial',
    {
      schema: {
        operationId: 'getAsaDevice',
        tags,
        security,
        summary: 'One simulated ASA: login, SSH port, the keys it runs',
        params: DeviceParams,
        response: { 200: { $ref: 'AsaDevice#' }, ...errorResponses(401, 404) },
      },
    },
    async (request) =>
      withSsh(
        ctx,
        request.params.id,
        getAsaDevice(ctx.sandboxes.open(request.params.id), request.params.serial),
      ),
  );

  app.delete(
    '/sandboxes/:id/asa-devices/:serial',
    {
      schema: {
        operationId: 'deleteAsaDevice',
        tags,
        security,
        summary: 'Remove a simulated ASA; its open SSH sessions are told and closed',
        params: DeviceParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...errorResponses(401, 404) },
      },
    },
    async (request, reply) => {
      deleteAsaDevice(ctx.sandboxes.open(request.params.id), request.params.serial);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/sandboxes/:id/devices/:serial/cli',
    {
      schema: {
        operationId: 'runAsaCli',
        tags,
        security,
        summary: 'Run ASA CLI lines on a simulated ASA without SSH',
        description:
          'The same command interpreter as SSH, in a fresh session that starts in privileged EXEC mode (hostname#) ' +
          'as user enable_15, with paging off. Several lines may be sent at once, separated by newlines; a line ' +
          "after a question ('[confirm]', 'Save? [Y]es/[N]o:') answers it, and a question left unanswered is abandoned.",
        params: DeviceParams,
        body: Type.Ref(CliRequest),
        response: { 200: { $ref: 'CliResponse#' }, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) =>
      runCliScript(ctx.sandboxes.open(request.params.id), request.params.serial, request.body.command),
  );

  app.post(
    '/sandboxes/:id/asa-devices',
    {
      schema: {
        operationId: 'createAsaDevice',
        tags,
        security,
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
    '/sandboxes/:id/asa-devices',
    {
      schema: {
        operationId: 'listAsaDevices',
        tags,
        security,
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
    '/sandboxes/:id/asa-devices/:serial/verify-key',
    {
      schema: {
        operationId: 'verifyKeyOnAsa',
        tags,
        security,
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
}
