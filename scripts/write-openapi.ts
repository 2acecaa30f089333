/** Records the examples (openapi/examples.json), then rewrites openapi/openapi.json (npm run openapi). */
import { writeFileSync } from 'node:fs';
import { buildApp } from '../src/app.js';
import { EXAMPLES_FILE, openapiText } from '../src/http/openapi.js';
import { recordExamples } from './openapi-tour.js';

writeFileSync(EXAMPLES_FILE, `${JSON.stringify(await recordExamples(), null, 2)}\n`);
const { app } = await buildApp({ dataDir: ':memory:', adminToken: null, seed: 'none' });
await app.ready();
writeFileSync(new URL('../openapi/openapi.json', import.meta.url), openapiText(app));
await app.close();
console.log('openapi/examples.json and openapi/openapi.json written');
