import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorShapeOf } from '../../src/http/errors.js';
import { openapiText } from '../../src/http/openapi.js';
import { recordExamples } from '../../scripts/openapi-tour.js';
import { buildTestApp, type TestApp } from '../helpers/build.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

interface Media {
  schema?: object;
  example?: unknown;
}
interface Operation {
  operationId?: string;
  tags?: string[];
  summary?: string;
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { description: string; content?: Record<string, Media> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

let t: TestApp;
let doc: Document;
let operations: Array<{ path: string; method: string; op: Operation }>;
beforeAll(async () => {
  t = await buildTestApp();
  await t.app.ready();
  doc = JSON.parse(openapiText(t.app)) as Document;
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );
});
afterAll(() => t.close());

describe('The committed OpenAPI document is the served one', () => {
  it('openapi/openapi.json equals GET /openapi.json (run npm run openapi after changing a route or schema)', async () => {
    const committed = readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8');
    const served = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(served.statusCode).toBe(200);
    expect(JSON.parse(served.body)).toEqual(JSON.parse(committed));
    expect(openapiText(t.app)).toBe(committed);
  });

  it('Swagger UI is served at /docs', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('swagger');
  });
});

describe('The document is valid OpenAPI 3.1', () => {
  it('passes @seriousme/openapi-schema-validator', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });
});

describe('Every operation is documented for a client generator and a reader', () => {
  it('operationId (unique), a tag, a summary', () => {
    expect(operations.length).toBeGreaterThanOrEqual(36);
    for (const { op } of operations) {
      expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.tags?.length, op.operationId).toBeGreaterThan(0);
      expect(op.summary, op.operationId).toBeTruthy();
    }
    expect(new Set(operations.map((o) => o.op.operationId)).size).toBe(operations.length);
  });

  it("documented error responses: each operation but the probes names its 4xx, in its area's error shape", () => {
    for (const { path, op } of operations.filter((o) => o.op.tags?.[0] !== 'health')) {
      const errors = Object.keys(op.responses).filter((s) => s.startsWith('4'));
      expect(errors.length, op.operationId).toBeGreaterThan(0);
      for (const s of errors) {
        expect(op.responses[s]?.content?.['application/json']?.schema, `${op.operationId} ${s}`).toEqual({
          $ref: `#/components/schemas/${errorShapeOf(path)}`,
        });
      }
    }
  });

  it('a request example for every JSON body and a response example for every JSON response', () => {
    for (const { op } of operations) {
      // A file upload (a snapshot) is not JSON and has no example to show.
      if (op.requestBody?.content['application/json']) {
        expect(
          op.requestBody.content['application/json']?.example,
          `${op.operationId} request`,
        ).toBeDefined();
      }
      for (const [status, response] of Object.entries(op.responses)) {
        // Non-JSON answers (an event stream, a raw message) have no recorded body to show.
        if (!response.content?.['application/json']) continue;
        expect(response.content['application/json'].example, `${op.operationId} ${status}`).toBeDefined();
      }
    }
  });

  it('every example validates against its schema (Ajv, JSON Schema 2020-12)', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ ...doc, $id: 'openapi.json' } as object);
    const pointer = (...parts: string[]) =>
      parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
    let checked = 0;
    for (const { path, method, op } of operations) {
      const medias: Array<[string, Media | undefined, string]> = [
        [
          'request',
          op.requestBody?.content['application/json'],
          pointer('paths', path, method, 'requestBody', 'content', 'application/json', 'schema'),
        ],
        ...Object.entries(op.responses).map(([status, r]): [string, Media | undefined, string] => [
          status,
          r.content?.['application/json'],
          pointer('paths', path, method, 'responses', status, 'content', 'application/json', 'schema'),
        ]),
      ];
      for (const [what, media, ref] of medias) {
        if (media?.example === undefined) continue;
        const validate = ajv.compile({ $ref: `openapi.json#/${ref}` });
        expect(validate(media.example) ? [] : validate.errors, `${op.operationId} ${what}`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('shared shapes are named components ($id)', () => {
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'ErrorResponse',
        'RegistrationRequest',
        'LicenseRequestStatus',
        'Pak',
        'SandboxInfo',
      ]),
    );
  });

  it(
    'the examples are what the server answers today (npm run openapi records them again)',
    { timeout: 60_000 },
    async () => {
      const committed = JSON.parse(
        readFileSync(new URL('../../openapi/examples.json', import.meta.url), 'utf8'),
      );
      expect(await recordExamples()).toEqual(committed);
    },
  );
});
