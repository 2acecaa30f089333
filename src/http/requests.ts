/** What every request gets at the edge, whatever face serves it: its ID, echoed in X-Request-Id. */
import type { IncomingMessage } from 'node:http';
import type { Random } from '../domain/random.js';
import { randomString } from '../domain/random.js';
import type { App } from './context.js';

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

/** Installed at the root, before the faces: every answer (404s and refusals too) names its request. */
export function installRequestIds(app: App): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    return payload;
  });
}
