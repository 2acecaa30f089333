import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openapiText } from '../../src/http/openapi.js';
import { buildTestApp, type TestApp } from '../helpers/build.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
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

  it('every operation has an operationId, a tag and a summary; every shared shape is a named component', async () => {
    const doc = JSON.parse(openapiText(t.app)) as {
      paths: Record<string, Record<string, { operationId?: string; tags?: string[]; summary?: string }>>;
      components: { schemas: Record<string, unknown> };
    };
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(operations.length).toBeGreaterThanOrEqual(18);
    for (const op of operations) {
      expect(op.operationId).toBeTruthy();
      expect(op.tags?.length).toBeGreaterThan(0);
      expect(op.summary).toBeTruthy();
    }
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['ErrorResponse', 'RegistrationRequest', 'LicenseRequestStatus', 'Pak']),
    );
  });

  it('Swagger UI is served at /docs', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('swagger');
  });
});
