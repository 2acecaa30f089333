import { Type } from '@sinclair/typebox';
import { clearRequests, listRequests } from '../../services/journal.js';
import type { App, RouteContext } from '../context.js';
import { errorResponses } from '../errors.js';
import { SandboxParams } from './schemas.js';
import { JournalQuery } from './harness-schemas.js';

const security = [{ adminToken: [] }];
const tags = ['control plane'];

/** The request journal: the sandbox's last portal requests, newest first. */
export function journalRoutes(app: App, ctx: RouteContext): void {
  app.get(
    '/sandboxes/:id/requests',
    {
      schema: {
        operationId: 'listRequests',
        tags,
        security,
        summary: "The sandbox's request journal: its last portal API requests, newest first",
        description:
          'One entry per /api/v1 request whose bearer token belongs to this sandbox (requests without a valid token ' +
          'belong to no sandbox). Kept in the sandbox database, trimmed to settings.journalSize. Never holds ' +
          'bodies or tokens.',
        params: SandboxParams,
        querystring: JournalQuery,
        response: { 200: { $ref: 'JournalList#' }, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const sandbox = ctx.sandboxes.open(request.params.id);
      ctx.journal.flush(sandbox.id);
      return listRequests(sandbox, request.query);
    },
  );

  app.delete(
    '/sandboxes/:id/requests',
    {
      schema: {
        operationId: 'clearRequests',
        tags,
        security,
        summary: 'Empty the request journal',
        params: SandboxParams,
        response: { 204: Type.Null({ description: 'Emptied' }), ...errorResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const sandbox = ctx.sandboxes.open(request.params.id);
      ctx.journal.discard(sandbox.id);
      clearRequests(sandbox);
      return reply.status(204).send(null);
    },
  );
}
