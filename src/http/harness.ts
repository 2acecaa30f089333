/**
 * The test-harness layer around the portal API: injected faults, Idempotency-Key and the request
 * journal. Installed inside the portal face's plugin before its routes, so it applies to exactly
 * them (and to the unknown paths under the face's prefix) and sees each route as it is added.
 */
import { STATUS_CODES } from 'node:http';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decideFaults } from '../services/faults.js';
import {
  fingerprint,
  findStoredResponse,
  idempotentWrite,
  IdempotentReplay,
  storeResponse,
  type IdempotencyRequest,
  type StoredResponse,
  type WriteHook,
} from '../services/idempotency.js';
import { resolvePortalSession, type PortalSession } from './auth.js';
import type { App, RouteContext } from './context.js';
import { HttpError } from './errors.js';

/** Per-request state of a portal request whose token opened a sandbox. */
export interface HarnessState {
  session: PortalSession;
  /** Sandbox clock time the request arrived. */
  atMs: number;
  operation: string | null;
  injected: boolean;
  errorCode: string | null;
  /** An error fault with when: "after": the work is done, then this answer replaces it. */
  lateError: HttpError | null;
  idempotency: { request: IdempotencyRequest; stored: boolean } | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    harness: HarnessState | null;
  }
}

const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,255}$/;
const SECRET_PARAM = /token|auth|key|secret|password/i;
const USER_TOKEN = /lps_[A-Za-z0-9]+/g;

/** The URL as journaled: query parameters that look secret, and anything shaped like a user token, redacted. */
export function journalPath(url: string): string {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(USER_TOKEN, 'lps_[redacted]');
  if (q < 0) return path;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((part) => {
      const name = part.split('=', 1)[0] as string;
      return SECRET_PARAM.test(name) ? `${name}=[redacted]` : part.replace(USER_TOKEN, 'lps_[redacted]');
    })
    .join('&');
  return `${path}?${query}`;
}

function replay(reply: FastifyReply, stored: StoredResponse): FastifyReply {
  return reply.header('idempotent-replayed', 'true').status(stored.status).send(stored.body);
}

/**
 * Runs a portal write under the request's Idempotency-Key: the use case gets a hook that claims the
 * key and stores the response inside its own transaction; a concurrent request that got there first
 * is answered from the stored response.
 */
export function sendIdempotent<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  write: (hook: WriteHook<T> | undefined) => T,
): FastifyReply {
  const state = request.harness;
  const idem = state?.idempotency ?? null;
  try {
    const result = write(
      idem && state ? idempotentWrite<T>(state.session.sandbox, idem.request, status) : undefined,
    );
    if (idem) idem.stored = true;
    return reply.status(status).send(result);
  } catch (err) {
    if (err instanceof IdempotentReplay) return replay(reply, err.response);
    throw err;
  }
}

function injectedError(faultId: number, status: number, message: string | null): HttpError {
  return new HttpError(
    status,
    'INJECTED_FAULT',
    message ?? `Injected fault ${faultId}: ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    { injected: true, faultId },
  );
}

function errorCodeOf(payload: unknown): string | null {
  if (typeof payload !== 'string') return null;
  try {
    const code = (JSON.parse(payload) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}

export function installHarness(app: App, ctx: RouteContext): void {
  app.decorateRequest('harness', null);

  app.addHook('onRoute', (route) => {
    const operationId = (route.schema as { operationId?: string } | undefined)?.operationId;
    if (operationId && !ctx.portalOperations.includes(operationId)) ctx.portalOperations.push(operationId);
    const response = { ...((route.schema?.response as Record<string, unknown> | undefined) ?? {}) };
    response[503] ??= {
      $ref: 'ErrorResponse#',
      description:
        'Maintenance mode (MAINTENANCE) or an injected fault (INJECTED_FAULT): see the sandbox faults',
    };
    route.schema = { ...route.schema, response };
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.includes('POST')) {
      route.schema = {
        ...route.schema,
        headers: Type.Object({
          'idempotency-key': Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 255,
              description:
                'Stripe-style: the first response is stored for 24 h (sandbox clock) and replayed, with ' +
                'Idempotent-Replayed: true, for the same key and parameters; other parameters give 409 IDEMPOTENCY_KEY_REUSED',
            }),
          ),
        }),
      };
    }
  });

  app.addHook('onRequest', async (request) => {
    const session = resolvePortalSession(ctx.sandboxes, request);
    // Without a valid token there is no sandbox to inject into or journal to: the route answers 401.
    if (!session) return;
    const state: HarnessState = {
      session,
      atMs: session.sandbox.nowMs(),
      operation: (request.routeOptions.schema as { operationId?: string } | undefined)?.operationId ?? null,
      injected: false,
      errorCode: null,
      lateError: null,
      idempotency: null,
    };
    request.harness = state;
    const decision = decideFaults(session.sandbox, state.operation);
    if (decision.latencyMs > 0) await ctx.sleep(decision.latencyMs);
    if (decision.maintenance !== null) {
      state.injected = true;
      throw new HttpError(503, 'MAINTENANCE', decision.maintenance, { injected: true });
    }
    if (decision.error) {
      const err = injectedError(decision.error.faultId, decision.error.status, decision.error.message);
      if (decision.error.when === 'after') state.lateError = err;
      else {
        state.injected = true;
        throw err;
      }
    }
  });

  app.addHook('preValidation', async (request, reply) => {
    const state = request.harness;
    const header = request.headers['idempotency-key'];
    if (!state || request.method !== 'POST' || header === undefined) return;
    if (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header)) {
      throw new HttpError(
        400,
        'INVALID_IDEMPOTENCY_KEY',
        'Idempotency-Key: one key of 1 to 255 printable ASCII characters',
        { field: 'Idempotency-Key' },
      );
    }
    const idemRequest: IdempotencyRequest = {
      ccoId: state.session.user.ccoId,
      key: header,
      fingerprint: fingerprint(request.method, request.url, request.body),
    };
    state.idempotency = { request: idemRequest, stored: false };
    const stored = findStoredResponse(state.session.sandbox, idemRequest);
    if (stored) {
      state.idempotency.stored = true;
      return replay(reply, stored);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const state = request.harness;
    if (!state) return payload;
    const idem = state.idempotency;
    if (
      idem &&
      !idem.stored &&
      reply.statusCode >= 200 &&
      reply.statusCode < 300 &&
      typeof payload === 'string'
    ) {
      // A POST route that did not hand the hook to its use case: store after the fact, so every
      // portal POST honours the key (without the one-transaction guarantee).
      const { sandbox, user } = state.session;
      sandbox.store.write(() => {
        if (!sandbox.store.idempotency.get(user.ccoId, idem.request.key, sandbox.nowMs()))
          storeResponse(sandbox, idem.request, { status: reply.statusCode, body: JSON.parse(payload) });
      });
      idem.stored = true;
    }
    let out = payload;
    if (state.lateError) {
      const err = state.lateError;
      state.injected = true;
      reply.status(err.statusCode).type('application/json; charset=utf-8');
      reply.removeHeader('idempotent-replayed');
      out = JSON.stringify({ error: { code: err.code, message: err.message, details: err.details } });
    }
    if (reply.statusCode >= 400) state.errorCode = errorCodeOf(out);
    return out;
  });

  app.addHook('onResponse', async (request, reply) => {
    const state = request.harness;
    if (!state) return;
    try {
      ctx.journal.record(state.session.sandbox, {
        requestId: request.id,
        atMs: state.atMs,
        method: request.method,
        path: journalPath(request.url),
        operation: state.operation,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        ccoId: state.session.user.ccoId,
        errorCode: state.errorCode,
        injected: state.injected,
      });
    } catch (err) {
      // The sandbox may have been deleted or reset while the request ran.
      request.log.warn({ err }, 'request journal: entry not written');
    }
  });
}
