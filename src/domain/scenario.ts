/**
 * A scenario document declares a sandbox's world as data (JSON or YAML): its clock, settings, Smart
 * Accounts, users, orders and prior registrations. The TypeBox schema below is the one source for
 * request validation, the OpenAPI component and the published schemas/scenario.schema.json.
 */
import { Type, type Static } from '@sinclair/typebox';
import { parseDuration } from './duration.js';
import { DomainError, invalid } from './errors.js';

export const SANDBOX_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$';

// Factories, not spreads of one schema: a spread loses the TypeBox type names the declaration build needs.
const duration = (description = 'A duration: "4h", "30d", "1d12h", "90m", "0"') =>
  Type.String({ maxLength: 32, description, examples: ['4h'] });

const POINT_IN_TIME =
  'An ISO 8601 date-time, or a duration before the clock start written with a minus sign ("-2d", "-1h30m")';
const pointInTime = (description = POINT_IN_TIME) =>
  Type.String({ maxLength: 40, description, examples: ['-2d', '2026-02-28T09:00:00Z'] });

const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });

export const ScenarioSettings = Type.Object(
  {
    popupBlocker: Type.Optional(
      Type.Boolean({ description: 'Lets "register all quantity" through (the FAQ pop-up blocker quirk)' }),
    ),
    activationDelay: Type.Optional(
      duration('Default eDelivery-to-active delay for orders that set none, 0 to 24h'),
    ),
    mailDelay: Type.Optional(duration('Delay before license emails land in the mailbox')),
  },
  { additionalProperties: false },
);

const ScenarioSmartAccount = Type.Object(
  {
    name: Text(200),
    domain: Text(253, 'The account domain, unique per sandbox'),
    virtualAccounts: Type.Optional(
      Type.Array(Text(200), { minItems: 1, maxItems: 100, description: 'Defaults to ["Default"]' }),
    ),
  },
  { additionalProperties: false },
);

const ScenarioUser = Type.Object(
  {
    ccoId: Type.String({ minLength: 1, maxLength: 64, examples: ['jdoe'] }),
    email: Type.String({ maxLength: 254, examples: ['john.doe@example.com'] }),
    name: Text(200),
    company: Type.Optional(Type.String({ maxLength: 200 })),
    smartAccounts: Type.Optional(
      Type.Array(Type.String({ maxLength: 200 }), {
        maxItems: 50,
        description: 'Smart Accounts (by name, declared above) the user may use',
      }),
    ),
  },
  { additionalProperties: false },
);

const ScenarioOrderLine = Type.Object(
  {
    sku: Type.String({ maxLength: 40, examples: ['L-AC-PLS-LIC='] }),
    quantity: Type.Optional(Type.Integer({ description: 'Entitlement; never more than one PAK' })),
    users: Type.Optional(
      Type.Integer({ description: 'Authorized users (required for L-AC-PLS-LIC= / L-AC-APX-LIC=)' }),
    ),
    termMonths: Type.Optional(Type.Integer({ description: 'Banding parts only: 12 to 60' })),
    startDate: Type.Optional(
      Type.String({ maxLength: 10, description: 'Banding parts only: YYYY-MM-DD, up to 60 days after ship' }),
    ),
    pak: Type.Optional(
      Type.String({ maxLength: 40, description: 'A fixed PAK (11 upper-case letters and digits)' }),
    ),
    deactivated: Type.Optional(
      Type.Boolean({
        description: "The PAK is deactivated as of the clock start (after the scenario's registrations)",
      }),
    ),
  },
  { additionalProperties: false },
);

const ScenarioOrder = Type.Object(
  {
    ccoId: Type.String({ maxLength: 64, description: 'The ordering user; the eDelivery email goes to them' }),
    salesOrder: Type.Optional(
      Type.String({ maxLength: 12, description: '6 to 12 digits; generated when absent' }),
    ),
    shippedAt: Type.Optional(
      pointInTime(
        `When the order shipped (the eDelivery email's date); the clock start when absent. ${POINT_IN_TIME}`,
      ),
    ),
    activationDelay: Type.Optional(duration('eDelivery to active, 0 to 24h')),
    lines: Type.Array(ScenarioOrderLine, { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false },
);

const ScenarioRegistration = Type.Object(
  {
    ccoId: Type.String({
      maxLength: 64,
      description: 'Who registers (through the real registration wizard)',
    }),
    at: Type.Optional(
      pointInTime(`When the registration happened; the clock start when absent. ${POINT_IN_TIME}`),
    ),
    paks: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 10 }),
    smartAccount: Type.Optional(Type.String({ maxLength: 200 })),
    virtualAccount: Type.Optional(Type.String({ maxLength: 200 })),
    lines: Type.Optional(
      Type.Array(
        Type.Object(
          {
            pak: Type.Optional(Type.String({ maxLength: 40 })),
            sku: Type.String({ maxLength: 40 }),
            quantity: Type.Optional(Type.Integer({ description: 'Quantity to Assign' })),
            registerAll: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    ),
    devices: Type.Array(Type.String({ maxLength: 200 }), { minItems: 1, maxItems: 100 }),
    sendTo: Type.Optional(Type.Array(Type.String({ maxLength: 254 }), { minItems: 1, maxItems: 20 })),
    endUser: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ maxLength: 200 })),
          company: Type.Optional(Type.String({ maxLength: 200 })),
          email: Type.Optional(Type.String({ maxLength: 254 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const ScenarioDocument = Type.Object(
  {
    $schema: Type.Optional(Type.String({ description: 'For editors; ignored' })),
    id: Type.Optional(
      Type.String({
        pattern: SANDBOX_ID_PATTERN,
        description: "The sandbox ID (a file's name without extension when absent)",
      }),
    ),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    seed: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Deterministic mode: every generated PAK, ID, key and token derives from this seed',
      }),
    ),
    clock: Type.Optional(
      Type.Object(
        {
          start: Type.Optional(
            Type.String({
              format: 'date-time',
              description: 'Where the sandbox clock starts; now when absent',
            }),
          ),
          frozen: Type.Optional(Type.Boolean({ description: 'Stand still at the start (default: run)' })),
        },
        { additionalProperties: false },
      ),
    ),
    settings: Type.Optional(ScenarioSettings),
    smartAccounts: Type.Optional(Type.Array(ScenarioSmartAccount, { maxItems: 100 })),
    users: Type.Optional(Type.Array(ScenarioUser, { maxItems: 1000 })),
    orders: Type.Optional(Type.Array(ScenarioOrder, { maxItems: 1000 })),
    registrations: Type.Optional(Type.Array(ScenarioRegistration, { maxItems: 1000 })),
  },
  {
    $id: 'ScenarioDocument',
    title: 'license-portal-sim scenario',
    description:
      "A sandbox's world: clock, settings, Smart Accounts, users, orders (one PAK per line) and prior registrations, applied in that order",
    additionalProperties: false,
  },
);

export type ScenarioDocument = Static<typeof ScenarioDocument>;
export type ScenarioOrder = Static<typeof ScenarioOrder>;
export type ScenarioRegistration = Static<typeof ScenarioRegistration>;

/** "-2d" is two days before the clock start; anything else must be an ISO 8601 date-time. */
export function resolvePointInTime(text: string | undefined, startMs: number, field: string): number {
  if (text === undefined) return startMs;
  const at = text.trim().startsWith('-')
    ? startMs - parseDuration(text.trim().slice(1), field)
    : Date.parse(text);
  if (Number.isNaN(at)) {
    throw invalid(
      'INVALID_DATE',
      `${field}: "${text}" is neither an ISO 8601 date-time nor a duration before the clock start such as "-2d"`,
      { field },
    );
  }
  if (at > startMs) {
    throw invalid(
      'AFTER_CLOCK_START',
      `${field}: ${new Date(at).toISOString()} is after the clock start ${new Date(startMs).toISOString()}; a scenario declares what happened before it`,
      { field },
    );
  }
  return at;
}

export interface ScenarioProblem {
  /** Where in the document: "orders[1].lines[0].sku"; "" for the document as a whole. */
  path: string;
  problem: string;
  /** The broken rule's own code (UNKNOWN_SKU, …), or VALIDATION_ERROR for the schema. */
  code: string;
  file?: string;
  line?: number;
}

export function describeProblem(p: ScenarioProblem): string {
  const where = [p.file && (p.line ? `${p.file}:${p.line}` : p.file), p.path].filter(Boolean).join(': ');
  return where ? `${where}: ${p.problem}` : p.problem;
}

export function joinPath(base: string, field: string): string {
  if (base === '' || field === '') return base + field;
  return field.startsWith('[') ? base + field : `${base}.${field}`;
}

/** A scenario that cannot be loaded: every problem names its file (if any), path and cause. */
export class ScenarioError extends DomainError {
  constructor(readonly problems: ScenarioProblem[]) {
    const first = problems[0] as ScenarioProblem;
    super('invalid', 'SCENARIO_INVALID', problems.map(describeProblem).join('\n'), {
      field: first.path,
      ...(first.file ? { file: first.file } : {}),
      ...(first.line ? { line: first.line } : {}),
      problems,
    });
    this.name = 'ScenarioError';
  }

  /** The same problems, located in a file (and, where known, on a line of it). */
  inFile(file: string, lineOf: (path: string) => number | undefined): ScenarioError {
    return new ScenarioError(this.problems.map((p) => ({ ...p, file, line: lineOf(p.path) })));
  }

  /** The same problems, under a field of a larger document (a request body). */
  under(prefix: string): ScenarioError {
    return new ScenarioError(this.problems.map((p) => ({ ...p, path: joinPath(prefix, p.path) })));
  }
}

/** Runs one step of a scenario, re-raising a broken rule as a problem at `path` in the document. */
export function atPath<T>(path: string, step: () => T): T {
  try {
    return step();
  } catch (err) {
    if (err instanceof ScenarioError || !(err instanceof DomainError)) throw err;
    const field = typeof err.details?.field === 'string' ? err.details.field : '';
    const prefix = `${field}: `;
    const problem = field && err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
    throw new ScenarioError([{ path: joinPath(path, field), problem, code: err.code }]);
  }
}

/** schemas/scenario.schema.json: the schema above as a standalone draft-07 document, for editors. */
export function scenarioSchemaText(): string {
  const schema: Record<string, unknown> = { ...ScenarioDocument };
  delete schema.$id;
  return `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...schema }, null, 2)}\n`;
}
