/** Rewrites openapi/openapi.json from the served document (npm run openapi). */
import { writeFileSync } from 'node:fs';
import { buildApp } from '../src/app.js';
import { openapiText } from '../src/http/openapi.js';

const { app } = await buildApp({ dataDir: ':memory:', adminToken: null, seed: 'none' });
await app.ready();
writeFileSync(new URL('../openapi/openapi.json', import.meta.url), openapiText(app));
await app.close();
console.log('openapi/openapi.json written');
