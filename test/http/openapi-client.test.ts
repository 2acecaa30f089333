import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type Portal } from '../../src/portal.js';

const dir = fileURLToPath(new URL('../../test-output/openapi-client/', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

interface FlowResult {
  pendingError?: { code: string; message: string; details?: unknown };
  pak?: { productFamily: string };
  registration?: { message: string };
  activationKey: string | null;
  mailTo?: string[][];
}

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
});
afterAll(() => portal.close());

describe('The document drives a generated client (openapi-typescript + openapi-fetch)', () => {
  it(
    'generates types from the served document; they and the example flow typecheck with tsc',
    { timeout: 120_000 },
    async () => {
      const doc = (await (await fetch(`${portal.url}/openapi.json`)).json()) as object;
      writeFileSync(
        `${dir}schema.d.ts`,
        astToString(await openapiTS(doc as Parameters<typeof openapiTS>[0])),
      );
      copyFileSync(
        new URL('../../examples/openapi-fetch/registration-flow.ts', import.meta.url),
        `${dir}registration-flow.ts`,
      );
      writeFileSync(
        `${dir}tsconfig.json`,
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            target: 'ES2022',
            lib: ['ES2023', 'DOM'],
            types: [],
            skipLibCheck: false,
          },
          files: ['schema.d.ts', 'registration-flow.ts'],
        }),
      );
      const result = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    },
  );

  it('runs the registration flow through openapi-fetch against startPortal', async () => {
    // Imported from where it was typechecked next to its generated schema (the repository keeps no schema).
    const { registrationFlow } = (await import(pathToFileURL(`${dir}registration-flow.ts`).href)) as {
      registrationFlow(baseUrl: string, adminToken: string): Promise<FlowResult>;
    };
    const r = await registrationFlow(portal.url, portal.adminToken);
    expect(r.pendingError).toEqual({
      code: 'PAK_INVALID_OR_INACTIVE',
      message: 'PAK/s or Token/s DEMOPENDING is / are either Invalid or Inactive',
      details: { paks: ['DEMOPENDING'] },
    });
    expect(r.pak?.productFamily).toBe('ASA AnyConnect Term and Content');
    expect(r.registration?.message).toBe('The License has been sent to - john.doe@example.com');
    expect(r.activationKey).toMatch(/^(0x[0-9a-f]{8} ){4}0x[0-9a-f]{8}$/);
    expect(r.mailTo).toEqual([['john.doe@example.com']]);
  });
});
