import { nonCanonical } from './canonical-path.js';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorKind } from '../domain/errors.js';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
};

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** "/devices/0" → "devices[0]"; the field a user can find in their own request. */
function fieldName(
  context: string | undefined,
  instancePath: string,
  params: Record<string, unknown>,
): string {
  let path = instancePath
    .split('/')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
  const extra = (params.missingProperty ?? params.additionalProperty) as string | undefined;
  if (extra) path = path ? `${path}.${extra}` : extra;
  return path || (context ?? 'body');
}

function validationError(err: FastifyError): HttpError {
  const errors = (err.validation ?? []) as AjvError[];
  const where = err.validationContext;
  const problems = errors.map((e) => {
    const field = fieldName(where, e.instancePath, e.params);
    const text =
      e.keyword === 'additionalProperties'
        ? 'is not a known field'
        : e.keyword === 'required'
          ? 'is required'
          : (e.message ?? 'is invalid');
    return { field, in: where, problem: text };
  });
  const first = problems[0];
  const message = first ? `${first.field}: ${first.problem}` : err.message;
  return new HttpError(400, 'VALIDATION_ERROR', message, { problems });
}

/** The HTTP status a refusal gets, on the API and on the portal's pages alike. */
export const statusOf = (err: DomainError): number => STATUS[err.kind];

/** Any error thrown while serving a request, as the status, code and message it answers with. */
export function toHttpError(err: FastifyError | Error): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof DomainError) return new HttpError(statusOf(err), err.code, err.message, err.details);
  const fe = err as FastifyError;
  if (fe.validation) return validationError(fe);
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe instanceof SyntaxError) {
    return new HttpError(400, 'INVALID_JSON', `The request body is not valid JSON: ${fe.message}`);
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new HttpError(413, 'BODY_TOO_LARGE', 'The request body is too large');
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json');
  }
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return new HttpError(400, 'INVALID_JSON', 'The request body is empty; send a JSON object');
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new HttpError(fe.statusCode, (fe.code ?? 'BAD_REQUEST').replace(/^FST_ERR_/, ''), fe.message);
  }
  const storage = storageError(err);
  if (storage) return storage;
  return new HttpError(
    500,
    'INTERNAL_ERROR',
    'An unexpected error occurred; this is a bug in license-portal-sim',
  );
}

/** SQLite's and the filesystem's ways of saying the disk cannot take the write. */
const STORAGE_CODES = /^(SQLITE_(FULL|READONLY|IOERR|CANTOPEN|CORRUPT|NOTADB|BUSY)|ENOSPC|EROFS|EIO|EDQUOT)/;

/**
 * Storage that failed under a request: 503 STORAGE_UNAVAILABLE (the disk, not a bug), or 410 when the
 * request's sandbox handle was closed under it (reset, deleted or evicted while it ran).
 */
export function storageError(err: Error): HttpError | null {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && STORAGE_CODES.test(code)) {
    return new HttpError(
      503,
      'STORAGE_UNAVAILABLE',
      `The data folder cannot be written or read right now (${code}); try again once there is room`,
      {
        cause: code,
      },
    );
  }
  if (err instanceof TypeError && err.message === 'The database connection is not open') {
    return new HttpError(
      410,
      'SANDBOX_GONE',
      'The sandbox was reset, deleted or closed while this request ran; send the request again',
    );
  }
  return null;
}

/** Whether the disk took the last write: /readyz answers 503 STORAGE_UNAVAILABLE while it did not. */
export class StorageHealth {
  problem: string | null = null;

  /** Watches every request: a storage error marks the disk bad, a successful write marks it good. */
  install(app: FastifyInstance): void {
    app.addHook('onError', async (_request, _reply, err) => {
      const storage = storageError(err);
      if (storage?.statusCode === 503) this.problem = storage.message;
    });
    app.addHook('onResponse', async (request, reply) => {
      if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400)
        this.problem = null;
    });
  }
}

export function sendError(reply: FastifyReply, err: HttpError): FastifyReply {
  const body: { error: { code: string; message: string; details?: unknown } } = {
    error: { code: err.code, message: err.message },
  };
  if (err.details !== undefined) body.error.details = err.details;
  return reply.status(err.statusCode).type('application/json; charset=utf-8').send(body);
}

export const CSSM_TAG = 'Smart Software Manager';
export const CSSM_PREFIX = '/services/api/smart-accounts-and-licensing';

/** Cisco's API error body: {"status":"ERROR","statusMessage":…,"errorCode":…}. */
export function sendCssmError(reply: FastifyReply, err: HttpError): FastifyReply {
  if (err.statusCode === 401) {
    reply.header('www-authenticate', `Bearer realm="${CSSM_TAG}", error="invalid_token"`);
  }
  return reply
    .status(err.statusCode)
    .type('application/json; charset=utf-8')
    .send({ status: 'ERROR', statusMessage: err.message, errorCode: err.code });
}

const OAUTH_ERRORS = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unsupported_grant_type',
]);

/** RFC 6749 error body: {"error":…,"error_description":…}. */
export function sendOAuthError(reply: FastifyReply, err: HttpError): FastifyReply {
  const code = err.code.toLowerCase();
  const error = OAUTH_ERRORS.has(code) ? code : err.statusCode >= 500 ? 'server_error' : 'invalid_request';
  return reply
    .status(error === 'invalid_request' && err.statusCode < 500 ? 400 : err.statusCode)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send({ error, error_description: err.message });
}

/** The error shape (its component name) a path's area answers in. */
export type ErrorShape = 'ErrorResponse' | 'CssmError' | 'OAuthError';

/**
 * Cisco's for the Smart Software Manager API, RFC 6749's for its token endpoints, ours everywhere
 * else. Served routes get theirs from the face they are in (its error handler); this rule by path is
 * for what the router refuses before any route, hence any face, is known (frameworkErrors), and for
 * tests that check each documented route against its area.
 */
export function errorShapeOf(path: string): ErrorShape {
  if (path.startsWith(`${CSSM_PREFIX}/`)) return 'CssmError';
  if (path.startsWith('/as/') || path.startsWith('/oauth2/')) return 'OAuthError';
  return 'ErrorResponse';
}

const SENDERS: Record<ErrorShape, (reply: FastifyReply, err: HttpError) => FastifyReply> = {
  ErrorResponse: sendError,
  CssmError: sendCssmError,
  OAuthError: sendOAuthError,
};

export function sendErrorFor(url: string, reply: FastifyReply, err: HttpError): FastifyReply {
  return SENDERS[errorShapeOf(url)](reply, err);
}

export function installErrorHandling(app: FastifyInstance): void {
  // While closing, requests that still arrive on open connections are refused in our shape (Fastify's
  // own 503 has another one); requests already in progress finish.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // Before any face's hooks: a path has one spelling, so nothing downstream can be reached by another.
  app.addHook('onRequest', async (request, reply) => {
    const q = request.url.indexOf('?');
    const path = q < 0 ? request.url : request.url.slice(0, q);
    const canonical = nonCanonical(path);
    if (canonical === null) return;
    return sendErrorFor(
      canonical,
      reply,
      new HttpError(400, 'NON_CANONICAL_PATH', `The path is not in its canonical form; send ${canonical}`, {
        canonical,
      }),
    );
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    return sendError(
      reply,
      new HttpError(
        503,
        'SHUTTING_DOWN',
        'The server is shutting down; send the request again once it is back',
      ),
    );
  });
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const http = toHttpError(err);
    if (http.statusCode >= 500 && http.code !== 'SERVER_BUSY') request.log.error({ err }, 'unhandled error');
    return sendError(reply, http);
  });
  app.setNotFoundHandler(routeNotFound);
}

/** The answer to a path no route serves; a face that sets it too runs its own hooks first (its auth). */
export function routeNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendError(
    reply,
    new HttpError(404, 'ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`),
  );
}

/** What Fastify's router refuses before any route runs: a broken %-escape, an over-long path parameter. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_BAD_URL') {
    sendErrorFor(request.url, reply, new HttpError(400, 'BAD_URL', `The URL is not valid: ${error.message}`));
  } else if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    sendErrorFor(
      request.url,
      reply,
      new HttpError(414, 'PATH_PARAMETER_TOO_LONG', 'A path parameter is longer than 100 characters'),
    );
  } else {
    sendErrorFor(request.url, reply, toHttpError(error));
  }
}

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'HEADERS_TOO_LARGE', 'The request line and headers are larger than 16 KB'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'REQUEST_TIMEOUT', 'The request did not arrive in time'],
};

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (not HTTP, a URL or headers over 16 KB,
 * too slow) are answered in the error shape too. Fastify calls it bound to the instance.
 */
export function clientErrorHandler(
  this: FastifyInstance,
  err: Error & { code?: string },
  socket: Socket,
): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // Only the code: the error carries the raw request, Authorization header included.
  this.log.debug({ code: err.code }, 'client error');
  const [status, code, message] = CLIENT_ERRORS[err.code ?? ''] ?? [
    400,
    'BAD_HTTP_REQUEST',
    'The request is not valid HTTP/1.1',
  ];
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * A cap said no (src/domain/capacity.ts): 429 with the sandbox's own code when the sandbox holds its
 * share, 503 SERVER_BUSY when the whole server is full; both say when to try again.
 */
export function capacityRefused(
  reply: FastifyReply,
  refused: 'sandbox' | 'server',
  what: { code: string; plural: string; perSandbox: number; total: number; setting: string },
): HttpError {
  reply.header('retry-after', '1');
  return refused === 'sandbox'
    ? new HttpError(
        429,
        what.code,
        `This sandbox already has ${what.perSandbox} ${what.plural} open (${what.setting}_PER_SANDBOX); close one or try again later`,
        { limit: what.perSandbox },
      )
    : new HttpError(
        503,
        'SERVER_BUSY',
        `The server already has ${what.total} ${what.plural} open (${what.setting}_TOTAL); try again later`,
        { limit: what.total },
      );
}

/** The error responses of a route, for the OpenAPI document. */
export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [s, { $ref: 'ErrorResponse#', description: ERROR_DESCRIPTIONS[s] ?? 'Error' }]),
  );

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: the message names the field',
  401: 'Missing or unknown bearer token',
  403: 'The token is valid but does not control this',
  404: 'Not found',
  408: 'Took too long: a mailbox wait that nothing matched, or an upload slower than IMPORT_TIMEOUT',
  409: 'Conflict with the current state',
  422: 'Refused by a licensing rule',
  429: 'This sandbox holds as many of these open as it may (TOO_MANY_WAITS, TOO_MANY_EVENT_STREAMS)',
  503: 'The server holds as many of these open as it may (SERVER_BUSY); try again after Retry-After',
};
