import type { FastifyReply } from 'fastify';
import type { App, RouteContext } from './context.js';
import { sendError, HttpError } from './errors.js';

/**
 * The probes' answers, written out: the first response through a route's serializer builds it (10–15
 * ms, fast-json-stringify's own warm-up included); a process's first request is its readiness probe,
 * and an orchestrator waits on it.
 */
const OK = JSON.stringify({ status: 'ok' });
const READY = JSON.stringify({ status: 'ready' });
const sendJson = (reply: FastifyReply, body: string) =>
  reply.type('application/json; charset=utf-8').send(body);

export function healthRoutes(app: App, ctx: RouteContext): void {
  app.get(
    '/healthz',
    {
      // Probes come every few seconds (Docker HEALTHCHECK, Kubernetes): keep them out of the info log.
      logLevel: 'warn',
      schema: {
        operationId: 'getHealth',
        tags: ['health'],
        summary: 'Liveness: the process answers',
        security: [],
        response: { 200: { $ref: 'Health#' } },
      },
    },
    async (_request, reply) => sendJson(reply, OK),
  );
  app.get(
    '/readyz',
    {
      logLevel: 'warn',
      schema: {
        operationId: 'getReadiness',
        tags: ['health'],
        summary: 'Readiness: migrations applied, SCENARIOS_DIR loaded and the default sandbox seeded',
        security: [],
        response: { 200: { $ref: 'Health#' }, 503: { $ref: 'ErrorResponse#' } },
      },
    },
    async (_request, reply) => {
      if (!ctx.isReady())
        return sendError(reply, new HttpError(503, 'NOT_READY', 'Still starting: migrations or seeding'));
      if (ctx.storage.problem !== null)
        return sendError(reply, new HttpError(503, 'STORAGE_UNAVAILABLE', ctx.storage.problem));
      return sendJson(reply, READY);
    },
  );
}
