/**
 * fast-check arbitraries for requests: values drawn from each route's own schema (as the served OpenAPI
 * document states it), mixed with values a user could plausibly send and values an attacker would.
 */
import fc from 'fast-check';

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  examples?: unknown[];
  /** OpenAPI 3.0 has one example per schema. */
  example?: unknown;
  nullable?: boolean;
};

/** Strings the portal knows about, so generated requests get past the first check now and then. */
export const PLAUSIBLE = [
  'DEMOPLS0026',
  'FUZZPERP001',
  'FUZZBAND001',
  'FUZZVPNO001',
  'L-AC-PLS-LIC=',
  'L-AC-PLS-P-G',
  'L-AC-APX-LIC=',
  'L-AC-VPNO-25=',
  'JAD222605K8',
  'FUZZ0000001',
  'john.doe@example.com',
  'jdoe',
  'asmith',
  'fuzz',
  'other',
  'default',
  'Example Corp',
  'Default',
  'ASA AnyConnect Term and Content',
  '4h',
  '15m',
  '1s',
  '0',
  '30d',
  '36500d',
  '36501d',
  '5214w',
  '2026-03-02',
  '2026-03-02T09:00:00.000Z',
  '9000-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00.000Z',
  'asa',
  'ftd',
];

/** What an attacker, a fat finger or a broken client sends. */
export const HOSTILE = [
  "' OR '1'='1",
  "'; DROP TABLE pak_lines; --",
  '" OR 1=1 --',
  '1; SELECT * FROM users',
  "{{constructor.constructor('return process')()}}",
  '{{#each this}}{{@key}}{{/each}}',
  '{{> partial}}',
  '${7*7}',
  '#{7*7}',
  '<%= 7*7 %>',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '..\\..\\registry',
  '..%2F..%2Fregistry.db',
  '%00',
  '\u0000',
  '\u0001\u0002\u0007\u001b[31m',
  '\r\nSet-Cookie: x=1',
  '\u202eevil\u202c',
  'ｊｄｏｅ',
  'J\u0301AD222605K8',
  '😀😀😀',
  '\ud800',
  ' ',
  '',
  '__proto__',
  'constructor',
  'prototype',
  'NaN',
  '-1',
  '1e400',
  '99999999999999999999999999999999d',
  '9999999999999999999999999999999w',
  '9999-12-31T23:59:59.999Z',
  '0000-01-01T00:00:00Z',
  'A'.repeat(100_000),
  Array.from({ length: 11 }, (_, i) => `PAK${String(i).padStart(8, '0')}`).join(','),
  Array.from({ length: 500 }, (_, i) => `P${i}`).join(','),
  ',,,,',
];

export const hostileString = fc.constantFrom(...HOSTILE);
export const plausibleString = fc.constantFrom(...PLAUSIBLE);

/** Any JSON at all: the wrong type for whatever field it lands in. */
const anyJson = fc.jsonValue({ maxDepth: 3 });

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const bounded = fc.string({
    minLength: schema.minLength ?? 0,
    maxLength: Math.min(schema.maxLength ?? 40, 40),
  });
  const byFormat =
    schema.format === 'date-time'
      ? fc.date({ noInvalidDate: true }).map((d) => d.toISOString())
      : schema.format === 'date'
        ? fc
            .date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) })
            .map((d) => d.toISOString().slice(0, 10))
        : schema.pattern
          ? fc.stringMatching(new RegExp(schema.pattern))
          : bounded;
  const examples = examplesOf(schema).filter((e): e is string => typeof e === 'string');
  return fc.oneof(
    { arbitrary: byFormat, weight: 3 },
    { arbitrary: plausibleString, weight: 3 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 1 },
    ...(examples.length > 0
      ? [
          { arbitrary: fc.constantFrom(...examples), weight: 3 },
          { arbitrary: fc.constantFrom(...examples).chain(inflated), weight: 3 },
        ]
      : []),
  );
}

const examplesOf = (schema: JsonSchema): unknown[] => [
  ...(schema.examples ?? []),
  ...(schema.example === undefined ? [] : [schema.example]),
];

/** The schema's own example with its numbers blown up: "4h" becomes "4000000000h". */
const inflated = (example: string) =>
  fc
    .constantFrom(3, 9, 15, 25)
    .map((zeros) => example.replace(/\d+/g, (digits) => digits + '0'.repeat(zeros)));

/** A value that follows the schema most of the time, and sometimes does not. */
export function fromSchema(
  schema: JsonSchema,
  resolve: (ref: string) => JsonSchema,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (schema.$ref) return fromSchema(resolve(schema.$ref), resolve, depth);
  const conforming = conformingTo(schema, resolve, depth);
  return fc.oneof(
    { arbitrary: conforming, weight: 8 },
    { arbitrary: hostileString, weight: 1 },
    { arbitrary: anyJson, weight: 1 },
  );
}

function conformingTo(
  schema: JsonSchema,
  resolve: (ref: string) => JsonSchema,
  depth: number,
): fc.Arbitrary<unknown> {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => fromSchema(s, resolve, depth)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const value = ((): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'string':
        return stringFor(schema);
      case 'integer':
        return fc.oneof(
          fc.integer({ min: schema.minimum ?? -5, max: Math.min(schema.maximum ?? 100, 100_000) }),
          fc.constantFrom(0, -1, 1, 99_999, 100_000, 2 ** 31, Number.MAX_SAFE_INTEGER, 1e20, -1e20),
        );
      case 'number':
        return fc.double({ noNaN: true });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return depth > 4
          ? fc.constant([])
          : fc.array(fromSchema(schema.items ?? {}, resolve, depth + 1), {
              minLength: schema.minItems ?? 0,
              maxLength: Math.min(schema.maxItems ?? 4, 4),
            });
      case 'object': {
        const properties = Object.entries(schema.properties ?? {});
        if (depth > 4 || properties.length === 0) return fc.constant({});
        const generated = fc.record(
          Object.fromEntries(properties.map(([k, s]) => [k, fromSchema(s, resolve, depth + 1)])),
          { requiredKeys: (schema.required ?? []).filter((k) => schema.properties?.[k]) },
        );
        const examples = examplesOf(schema).filter(
          (e): e is Record<string, unknown> => typeof e === 'object' && e !== null && !Array.isArray(e),
        );
        if (examples.length === 0) return generated;
        // The schema's own example, as is or with one field replaced: deep paths, one fault at a time.
        const oneFieldChanged = fc
          .tuple(fc.constantFrom(...examples), fc.constantFrom(...properties))
          .chain(([example, [key, s]]) =>
            fromSchema(s, resolve, depth + 1).map((value) => ({ ...example, [key]: value })),
          );
        return fc.oneof(generated, fc.constantFrom(...examples), oneFieldChanged);
      }
      default:
        return anyJson;
    }
  })();
  return schema.nullable ? fc.option(value, { nil: null }) : value;
}

/** Bodies no schema describes: broken JSON, deep nesting, more than the body limit. */
export const hostileBody = fc.oneof(
  fc.constantFrom(
    '{"paks": ',
    '{',
    '[',
    'null',
    '"just a string"',
    '12',
    'true',
    '{"a":1,"a":2}',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '\u0000\u0001',
    '{"paks":"DEMOPLS0026"} trailing',
    `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
    `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`,
    JSON.stringify({ paks: 'x'.repeat(1_100_000) }),
    JSON.stringify({ devices: Array.from({ length: 100_000 }, (_, i) => `S${i}`) }),
  ),
  fc.string({ maxLength: 60 }),
);
