import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { App, RouteContext } from '../context.js';
import { errorResponses, HttpError } from '../errors.js';
import { CopySandbox, ImportQuery, SandboxParams } from './schemas.js';

const security = [{ adminToken: [] }];
const tags = ['control plane'];
const SQLITE = 'application/vnd.sqlite3';

/** Test harness: clone a sandbox, export it as a SQLite file, import such a file as a new sandbox. */
export function snapshotRoutes(app: App, ctx: RouteContext): void {
  app.post(
    '/sandboxes/:id/clone',
    {
      config: { adminScope: 'global' },
      // Every field is optional, so the body may be left out altogether.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        operationId: 'cloneSandbox',
        tags,
        security,
        summary: 'Copy a sandbox as it stands into a new one (fresh user and admin tokens)',
        description:
          'The copy has the same world, clock, activation-key secret, mailbox and scheduled work; it then ' +
          "diverges independently. Needs ADMIN_TOKEN: a sandbox's own admin token cannot create sandboxes.",
        params: SandboxParams,
        body: Type.Ref(CopySandbox),
        response: { 201: { $ref: 'CreatedSandbox#' }, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(ctx.sandboxes.clone(request.params.id, request.body)),
  );

  app.get(
    '/sandboxes/:id/snapshot',
    {
      schema: {
        operationId: 'exportSandbox',
        tags,
        security,
        summary: 'Download the sandbox as a SQLite database file',
        description:
          'POST it to /__admin/sandboxes/import (here or on another server) to get the sandbox back.',
        params: SandboxParams,
        response: {
          200: {
            description: 'The sandbox database (SQLite 3)',
            content: { [SQLITE]: { schema: { type: 'string', format: 'binary' } } },
          },
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { filename, content } = ctx.sandboxes.snapshot(request.params.id);
      return reply
        .type(SQLITE)
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(content);
    },
  );

  // The import body is a file, whatever content type the client sends: in its own scope, every body
  // is streamed to a temporary file (IMPORT_MAX_MB at most), removed once the answer is sent.
  void app.register(async (raw) => {
    const scope = raw.withTypeProvider<TypeBoxTypeProvider>();
    const limit = ctx.limits.importMaxBytes;
    const timeoutMs = ctx.limits.importTimeoutMs;
    const tooLarge = () =>
      new HttpError(
        413,
        'SNAPSHOT_TOO_LARGE',
        `The snapshot is larger than ${limit / 1024 / 1024} MB (IMPORT_MAX_MB)`,
        {
          limit,
        },
      );
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', async (request: FastifyRequest, payload: IncomingMessage) => {
      if (Number(request.headers['content-length'] ?? 0) > limit) throw tooLarge();
      const upload = await ctx.sandboxes.receiveUpload(payload, { maxBytes: limit, timeoutMs });
      if ('refused' in upload) {
        if (upload.refused === 'too large') throw tooLarge();
        // The rest of the body is not worth waiting for: the connection closes after the answer.
        slow.add(request);
        throw new HttpError(
          408,
          'SNAPSHOT_UPLOAD_TIMEOUT',
          `The snapshot did not arrive whole within ${timeoutMs / 1000} s (IMPORT_TIMEOUT)`,
          { timeoutSeconds: timeoutMs / 1000 },
        );
      }
      uploads.set(request, upload.path);
      return { file: upload.path };
    });
    const uploads = new WeakMap<FastifyRequest, string>();
    const slow = new WeakSet<FastifyRequest>();
    scope.addHook('onSend', async (request, reply) => {
      if (slow.has(request)) reply.header('connection', 'close');
    });
    scope.addHook('onResponse', async (request) => {
      const path = uploads.get(request);
      if (path !== undefined) await ctx.sandboxes.discardUpload(path);
    });
    scope.post(
      '/sandboxes/import',
      {
        // The body schema only documents the file (type string, format binary); the bytes are checked below.
        validatorCompiler: (route) => {
          if (route.httpPart === 'body') return () => true;
          return (app.validatorCompiler as NonNullable<App['validatorCompiler']>)(route);
        },
        schema: {
          operationId: 'importSandbox',
          tags,
          security,
          summary: 'Create a sandbox from a snapshot file (fresh user and admin tokens)',
          description:
            'The body is a file from GET /__admin/sandboxes/{id}/snapshot. An older schema version is migrated ' +
            'forward; a newer one, or anything that is not a sandbox database, is refused.',
          consumes: [SQLITE, 'application/octet-stream'],
          querystring: ImportQuery,
          body: { type: 'string', format: 'binary', description: 'The snapshot file' },
          response: {
            201: { $ref: 'CreatedSandbox#' },
            ...errorResponses(400, 401, 403, 408, 409, 413, 422),
          },
        },
      },
      async (request, reply) => {
        const file = (request.body as { file?: unknown } | undefined)?.file;
        if (typeof file !== 'string') {
          throw new HttpError(
            400,
            'SNAPSHOT_NOT_SQLITE',
            'The request body is not a SQLite database; send a file saved from GET /__admin/sandboxes/{id}/snapshot',
            { field: 'body' },
          );
        }
        return reply.status(201).send(await ctx.sandboxes.importSnapshot(file, request.query));
      },
    );
  });
}
