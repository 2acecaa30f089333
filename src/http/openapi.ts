import { existsSync, readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { VERSION } from '../domain/defaults.js';
import type { App } from './context.js';
import { CSSM_TAG } from './errors.js';

/** The served OpenAPI document as committed text: stable key order, two-space indent, final newline. */
export function openapiText(app: App): string {
  return `${JSON.stringify(app.swagger(), null, 2)}\n`;
}

/**
 * Request and response bodies recorded from a scripted run of every operation against a deterministic
 * server (scripts/openapi-tour.ts, written by `npm run openapi`): operationId → request body of its
 * first success, and the first response body seen per status.
 */
export type RecordedExamples = Record<string, { request?: unknown; responses: Record<string, unknown> }>;

export const EXAMPLES_FILE = new URL('../../openapi/examples.json', import.meta.url);

export function loadExamples(file: URL = EXAMPLES_FILE): RecordedExamples {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RecordedExamples) : {};
}

interface Media {
  example?: unknown;
}
interface Operation {
  operationId?: string;
  tags?: string[];
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { content?: Record<string, Media & { schema?: unknown }> }>;
}

/** Readiness is the one error the scripted run cannot provoke: the server is ready before it answers. */
const UNRECORDABLE: Record<string, unknown> = {
  '503': { error: { code: 'NOT_READY', message: 'Still starting: migrations or seeding' } },
};

/**
 * Puts the recorded bodies into the document as media-type examples. An error status the operation
 * documents but the run did not provoke takes the example recorded for that status by another
 * operation of the same tag and error shape (401s, for instance, read the same everywhere).
 */
export function addExamples<T extends { paths?: object }>(doc: T, recorded: RecordedExamples): T {
  const operations = Object.values(doc.paths ?? {}).flatMap((item: Record<string, Operation>) =>
    Object.values(item),
  );
  // The error shape is part of the key: the Smart Software Manager tag answers both Cisco's errors
  // and, on its token endpoints, RFC 6749's.
  const shapeKey = (op: Operation, status: string) =>
    `${op.tags?.[0]} ${status} ${JSON.stringify(op.responses?.[status]?.content?.['application/json']?.schema)}`;
  const byTag = new Map<string, unknown>();
  for (const op of operations) {
    for (const [status, body] of Object.entries(recorded[op.operationId ?? '']?.responses ?? {})) {
      const key = shapeKey(op, status);
      if (Number(status) >= 400 && !byTag.has(key)) byTag.set(key, body);
    }
  }
  for (const op of operations) {
    const own = recorded[op.operationId ?? ''];
    const body = op.requestBody?.content?.['application/json'];
    if (body && own?.request !== undefined) body.example = own.request;
    for (const [status, response] of Object.entries(op.responses ?? {})) {
      const media = response.content?.['application/json'];
      if (!media) continue;
      const example = own?.responses[status] ?? byTag.get(shapeKey(op, status)) ?? UNRECORDABLE[status];
      if (example !== undefined) media.example = example;
    }
  }
  return doc;
}

/**
 * @fastify/swagger at the root, registered before the faces so it sees every route; the document at
 * /openapi.json, Swagger UI at /docs.
 */
export async function registerOpenApi(app: App, examples: RecordedExamples = loadExamples()): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'license-portal-sim',
        version: VERSION,
        license: { name: 'MIT', identifier: 'MIT' },
        description:
          'A simulated Cisco License Registration Portal: AnyConnect PAKs, activation keys and Transactions History ' +
          '(portal API, /api/v1), and the control plane for sandboxes, users, orders, the simulated clock, the mailbox, ' +
          'injected faults and the request journal (/__admin). Every response carries X-Request-Id (yours when you ' +
          'send a sane one). Every portal POST accepts Idempotency-Key.',
      },
      servers: [{ url: '/', description: 'The server that serves this document' }],
      tags: [
        { name: 'portal', description: 'What a Cisco.com user does on the License Registration Portal' },
        { name: 'control plane', description: 'Sandboxes, users, orders, clock, settings, mailbox' },
        { name: 'health', description: 'Probes' },
        {
          name: CSSM_TAG,
          description:
            "A subset of Cisco's Smart Accounts and Licensing API at Cisco's paths (OAuth token, accounts, Virtual Accounts, " +
            'licenses, registration tokens, transfers, devices). Errors are {"status":"ERROR","statusMessage","errorCode"}; ' +
            'the token endpoints answer RFC 6749 errors.',
        },
      ],
      components: {
        securitySchemes: {
          userToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'A sandbox user token (GET /__admin/sandboxes/{id}/users)',
          },
          adminToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'ADMIN_TOKEN, when the server was started with one',
          },
          cssmBearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'A Smart Software Manager access token (POST /as/token.oauth2 with an API client)',
          },
        },
      },
    },
    transformObject: (document) =>
      'openapiObject' in document ? addExamples(document.openapiObject, examples) : document.swaggerObject,
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Like every HTML page here: never inside another site's frame (clickjacking).
    uiHooks: {
      onRequest: (_request, reply, done) => {
        reply.header('x-frame-options', 'DENY');
        reply.header('content-security-policy', "frame-ancestors 'none'");
        done();
      },
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
