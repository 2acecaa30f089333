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
  return new HttpError(
    500,
    'INTERNAL_ERROR',
    'An unexpected error occurred; this is a bug in license-portal-sim',
  );
}

export function sendError(reply: FastifyReply, err: HttpError): FastifyReply {
  const body: { error: { code: string; message: string; details?: unknown } } = {
    error: { code: err.code, message: err.message },
  };
  if (err.details !== undefined) body.error.details = err.details;
  return reply.status(err.statusCode).type('application/json; charset=utf-8').send(body);
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const http = toHttpError(err);
    if (http.statusCode >= 500) request.log.error({ err }, 'unhandled error');
    return sendError(reply, http);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new HttpError(404, 'ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`),
    ),
  );
}

/** Responses every route may give, for the OpenAPI document. */
export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [s, { $ref: 'ErrorResponse#', description: ERROR_DESCRIPTIONS[s] ?? 'Error' }]),
  );

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: the message names the field',
  401: 'Missing or unknown bearer token',
  403: 'The token is valid but does not control this',
  404: 'Not found',
  408: 'Waited, and nothing matched (MAIL_WAIT_TIMEOUT)',
  409: 'Conflict with the current state',
  422: 'Refused by a licensing rule',
};
