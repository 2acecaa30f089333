import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import {
  SANDBOX_ID_PATTERN,
  ScenarioDocument,
  ScenarioError,
  type ScenarioProblem,
} from '../domain/scenario.js';

/** A scenario read from SCENARIOS_DIR, with a way to find the line a path in it is on. */
export interface ScenarioFile {
  file: string;
  id: string;
  document: ScenarioDocument;
  lineOf(path: string): number | undefined;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const EXTENSIONS = new Set(['.json', '.yaml', '.yml']);
const SANDBOX_ID = new RegExp(SANDBOX_ID_PATTERN);

export function scenarioValidator(): ValidateFunction<ScenarioDocument> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile<ScenarioDocument>(ScenarioDocument);
}

/** "/orders/1/lines/0" plus a missing or unknown property → "orders[1].lines[0].sku". */
function schemaProblem(e: ErrorObject): Omit<ScenarioProblem, 'file'> {
  const extra = (e.params.missingProperty ?? e.params.additionalProperty) as string | undefined;
  const path = [...e.instancePath.split('/').filter(Boolean), ...(extra ? [extra] : [])]
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
  const problem =
    e.keyword === 'additionalProperties'
      ? 'is not a known field'
      : e.keyword === 'required'
        ? 'is required'
        : (e.message ?? 'is invalid');
  return { path, problem, code: 'VALIDATION_ERROR' };
}

/**
 * Parses one scenario file (YAML, or JSON, which YAML reads too) and checks it against the schema.
 * Problems name the file, the line, the path in the document and what is wrong.
 */
export function parseScenarioFile(
  file: string,
  text: string,
  validate: ValidateFunction<ScenarioDocument>,
): { document: ScenarioDocument; lineOf(path: string): number | undefined } {
  // yaml loads at the first YAML file, not at every start.
  const { LineCounter, parseDocument } = createRequire(import.meta.url)('yaml') as typeof Yaml;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      doc.errors.map((e) => ({
        file,
        line: lines.linePos(e.pos[0]).line,
        path: '',
        problem: `${extname(file) === '.json' ? 'JSON' : 'YAML'} syntax: ${e.message}`,
        code: 'SYNTAX_ERROR',
      })),
    );
  }
  const lineOf = (path: string): number | undefined => {
    const segments = [...path.matchAll(/[^.[\]]+/g)].map((m) => (/^\d+$/.test(m[0]) ? Number(m[0]) : m[0]));
    for (let n = segments.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return lines.linePos(range[0]).line;
    }
    return undefined;
  };
  const value: unknown = doc.toJS();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ScenarioError([
      {
        file,
        line: 1,
        path: '',
        problem: 'a scenario is a map of keys (id, clock, users, orders, …)',
        code: 'VALIDATION_ERROR',
      },
    ]);
  }
  if (!validate(value)) {
    const seen = new Set<string>();
    const problems = (validate.errors ?? [])
      .map(schemaProblem)
      .filter((p) => !seen.has(`${p.path}\0${p.problem}`) && seen.add(`${p.path}\0${p.problem}`));
    const located = problems.map((p) => ({ ...p, file, line: lineOf(p.path) }));
    throw new ScenarioError(located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  }
  return { document: value, lineOf };
}

/**
 * One scenario file: its sandbox ID is the document's `id` or the file's name without extension.
 * Throws ScenarioError naming the file (and line) when it cannot be read, parsed or validated.
 */
export async function readScenarioFile(
  file: string,
  validate: ValidateFunction<ScenarioDocument> = scenarioValidator(),
): Promise<ScenarioFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ScenarioError([
      { file, path: '', problem: `cannot be read: ${(err as Error).message}`, code: 'SCENARIO_UNREADABLE' },
    ]);
  }
  return scenarioFromText(file, text, validate);
}

/** A scenario file's text (read from disk, or uploaded in the trainer panel), parsed and checked. */
export function scenarioFromText(
  file: string,
  text: string,
  validate: ValidateFunction<ScenarioDocument> = scenarioValidator(),
): ScenarioFile {
  const { document, lineOf } = parseScenarioFile(file, text, validate);
  const name = basename(file, extname(file));
  const id = document.id ?? name;
  if (!SANDBOX_ID.test(id)) {
    throw new ScenarioError([
      {
        file,
        path: '',
        problem: `the file name ${name} is not a sandbox ID (lower-case letters, digits and dashes); rename the file or add an id field`,
        code: 'INVALID_SANDBOX_ID',
      },
    ]);
  }
  return { file, id, document, lineOf };
}

/** What `scenario validate` prints for a valid file. */
export function scenarioSummary(scenario: ScenarioFile): string {
  const users = scenario.document.users?.length ?? 0;
  const orders = scenario.document.orders?.length ?? 0;
  return `ok: ${scenario.file}: sandbox ${scenario.id} (${users} users, ${orders} orders)`;
}

/**
 * Every *.json, *.yaml and *.yml file in a folder, in name order, each one sandbox whose ID is the
 * document's `id` or the file's name without extension. Problems in all files are reported together.
 */
export async function readScenarioFiles(dir: string): Promise<ScenarioFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isFile() && EXTENSIONS.has(extname(e.name).toLowerCase()))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    throw new ScenarioError([
      {
        file: dir,
        path: '',
        problem: `SCENARIOS_DIR cannot be read: ${(err as Error).message}`,
        code: 'SCENARIOS_DIR_UNREADABLE',
      },
    ]);
  }
  const validate = scenarioValidator();
  const problems: ScenarioProblem[] = [];
  const files: ScenarioFile[] = [];
  const owners = new Map<string, string>();
  for (const name of names) {
    try {
      const scenario = await readScenarioFile(join(dir, name), validate);
      const other = owners.get(scenario.id);
      if (other) {
        problems.push({
          file: scenario.file,
          line: scenario.lineOf('id'),
          path: 'id',
          problem: `sandbox ID ${scenario.id} is already taken by ${other}`,
          code: 'SANDBOX_EXISTS',
        });
        continue;
      }
      owners.set(scenario.id, scenario.file);
      files.push(scenario);
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return files;
}
