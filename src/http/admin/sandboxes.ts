import { Type } from '@sinclair/typebox';
import { createOrder } from '../../services/orders.js';
import { createUser, listUsers } from '../../services/users.js';
import type { App, RouteContext } from '../context.js';
import { errorResponses } from '../errors.js';
import {
  ClockAction,
  CreateSandbox,
  OrderInput,
  SandboxListQuery,
  SandboxParams,
  SettingsPatch,
  UserInput,
} from './schemas.js';

const security = [{ adminToken: [] }];
const tags = ['control plane'];

/** The control plane: sandboxes, users, orders, the simulated clock and settings (mailbox: mail.ts). */
export function sandboxRoutes(app: App, ctx: RouteContext): void {
  app.post(
    '/sandboxes',
    {
      schema: {
        operationId: 'createSandbox',
        tags,
        security,
        summary: 'Create a sandbox from a scenario (by name or inline), optionally frozen and seeded',
        description:
          'The answer holds the sandbox admin token (shown only here) and the users with their portal tokens. ' +
          'Sandboxes from the same scenario, clock start, settings and seed are copies of one cached image.',
        body: Type.Ref(CreateSandbox),
        response: { 201: { $ref: 'CreatedSandbox#' }, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(ctx.sandboxes.create(request.body)),
  );

  app.get(
    '/sandboxes',
    {
      schema: {
        operationId: 'listSandboxes',
        tags,
        security,
        summary: 'List sandboxes, one page at a time',
        description:
          'Oldest first, at most limit sandboxes (default 100, at most 1000). When there are more, next is a ' +
          'cursor: pass it as cursor for the following page, until next is null. total counts all pages.',
        querystring: SandboxListQuery,
        response: { 200: { $ref: 'SandboxList#' }, ...errorResponses(400, 401) },
      },
    },
    async (request) => ctx.sandboxes.page(request.query),
  );

  app.get(
    '/sandboxes/:id',
    {
      schema: {
        operationId: 'getSandbox',
        tags,
        security,
        summary: 'One sandbox: its clock and settings',
        params: SandboxParams,
        response: { 200: { $ref: 'SandboxInfo#' }, ...errorResponses(401, 404) },
      },
    },
    async (request) => ctx.sandboxes.info(request.params.id),
  );

  app.delete(
    '/sandboxes/:id',
    {
      schema: {
        operationId: 'deleteSandbox',
        tags,
        security,
        summary: 'Delete a sandbox and its database',
        params: SandboxParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...errorResponses(401, 404) },
      },
    },
    async (request, reply) => {
      ctx.sandboxes.delete(request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/sandboxes/:id/reset',
    {
      schema: {
        operationId: 'resetSandbox',
        tags,
        security,
        summary: 'Drop everything in a sandbox and rebuild it from its scenario, start time and settings',
        params: SandboxParams,
        response: { 200: { $ref: 'SandboxInfo#' }, ...errorResponses(401, 404) },
      },
    },
    async (request) => ctx.sandboxes.reset(request.params.id),
  );

  app.patch(
    '/sandboxes/:id/settings',
    {
      schema: {
        operationId: 'updateSettings',
        tags,
        security,
        summary: 'Change sandbox settings (popupBlocker, activationDelay, mailDelay, mailLoss, journalSize)',
        params: SandboxParams,
        body: Type.Ref(SettingsPatch),
        response: { 200: { $ref: 'Settings#' }, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => ctx.sandboxes.updateSettings(request.params.id, request.body),
  );

  app.get(
    '/sandboxes/:id/users',
    {
      schema: {
        operationId: 'listUsers',
        tags,
        security,
        summary: "The sandbox's users and their portal API tokens",
        params: SandboxParams,
        response: { 200: { $ref: 'UserList#' }, ...errorResponses(401, 404) },
      },
    },
    async (request) => ({ users: listUsers(ctx.sandboxes.open(request.params.id)) }),
  );

  app.post(
    '/sandboxes/:id/users',
    {
      schema: {
        operationId: 'createUser',
        tags,
        security,
        summary: 'Add a simulated Cisco.com user; the answer holds its API token',
        params: SandboxParams,
        body: Type.Ref(UserInput),
        response: { 201: { $ref: 'User#' }, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(createUser(ctx.deps, ctx.sandboxes.open(request.params.id), request.body)),
  );

  app.post(
    '/sandboxes/:id/orders',
    {
      schema: {
        operationId: 'createOrder',
        tags,
        security,
        summary: 'Create a sales order: one PAK per line, delivered by an eDelivery email',
        params: SandboxParams,
        body: Type.Ref(OrderInput),
        response: { 201: { $ref: 'Order#' }, ...errorResponses(400, 401, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(createOrder(ctx.deps, ctx.sandboxes.open(request.params.id), request.body)),
  );

  app.get(
    '/sandboxes/:id/clock',
    {
      schema: {
        operationId: 'getClock',
        tags,
        security,
        summary: "Read the sandbox's simulated clock",
        params: SandboxParams,
        response: { 200: { $ref: 'Clock#' }, ...errorResponses(401, 404) },
      },
    },
    async (request) => ctx.sandboxes.clock(request.params.id),
  );

  app.post(
    '/sandboxes/:id/clock',
    {
      schema: {
        operationId: 'moveClock',
        tags,
        security,
        summary: 'Freeze, unfreeze, set or advance the clock; returns after the work it made due has run',
        params: SandboxParams,
        body: Type.Ref(ClockAction),
        response: { 200: { $ref: 'Clock#' }, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => ctx.sandboxes.moveClock(request.params.id, request.body),
  );
}
