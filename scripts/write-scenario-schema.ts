/** Rewrites schemas/scenario.schema.json from the TypeBox schema (npm run scenario-schema). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { scenarioSchemaText } from '../src/domain/scenario.js';

mkdirSync(new URL('../schemas/', import.meta.url), { recursive: true });
writeFileSync(new URL('../schemas/scenario.schema.json', import.meta.url), scenarioSchemaText());
console.log('schemas/scenario.schema.json written');
