/**
 * What every request gets at the edge, whatever face serves it: its ID, echoed in X-Request-Id, and
 * one log line when it has been answered.
 */
import type { IncomingMessage } from 'node:http';
import type { Random } from '../domain/random.js';
import { randomString } from '../domain/random.js';
import type { App } from './context.js';
import { journalPath } from './harness.js';

/** An incoming X-Request-Id is kept only when it is short and cannot break a log line or a header. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._~:@/+=-]{1,128}$/;
const REQUEST_ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Fastify's genReqId: the caller's X-Request-Id when sane, else a fresh random one. */
export function requestIdGenerator(random: Random): (req: IncomingMessage) => string {
  return (req) => {
    const incoming = req.headers['x-request-id'];
    if (typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming)) return incoming;
    return `req_${randomString(random, REQUEST_ID_ALPHABET, 20)}`;
  };
}

/**
 * Installed at the root, before the faces, so it applies to all of them: every answer (404s and
 * refusals too) names its request, and each request writes one line at info (Fastify's two request
 * lines are off: buildApp's logController). The path is the journal's: secret-looking query parameters
 * and user tokens redacted. A route with a higher logLevel (probes, OAuth tokens) writes none.
 */
export function installRequestEdge(app: App): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    const path = journalPath(request.url);
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    const { method } = request;
    const status = reply.statusCode;
    request.log.info({ method, path, status, ms }, `${method} ${path} ${status} ${ms}ms`);
  });
}
