import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { invalid } from '../../src/domain/errors.js';
import { atPath, resolvePointInTime, ScenarioError, scenarioSchemaText } from '../../src/domain/scenario.js';

const START = Date.parse('2026-03-02T09:00:00Z');

describe('Scenario times: an ISO date-time, or a duration before the clock start', () => {
  it('"-2d" is two days before the start; "-1h30m" ninety minutes; absent is the start itself', () => {
    expect(new Date(resolvePointInTime('-2d', START, 'shippedAt')).toISOString()).toBe(
      '2026-02-28T09:00:00.000Z',
    );
    expect(new Date(resolvePointInTime('-1h30m', START, 'at')).toISOString()).toBe(
      '2026-03-02T07:30:00.000Z',
    );
    expect(resolvePointInTime(undefined, START, 'at')).toBe(START);
    expect(resolvePointInTime('2026-03-01T00:00:00Z', START, 'at')).toBe(Date.parse('2026-03-01T00:00:00Z'));
  });

  it('refuses what is neither, and anything after the start, naming the field', () => {
    expect(() => resolvePointInTime('yesterday', START, 'shippedAt')).toThrow(
      'shippedAt: "yesterday" is neither an ISO 8601 date-time nor a duration before the clock start such as "-2d"',
    );
    expect(() => resolvePointInTime('2026-03-03T00:00:00Z', START, 'at')).toThrow(
      'at: 2026-03-03T00:00:00.000Z is after the clock start 2026-03-02T09:00:00.000Z; a scenario declares what happened before it',
    );
  });
});

describe('A broken rule inside a scenario names its path in the document', () => {
  it("prefixes the rule's field with the path of the step, and keeps the rule's code", () => {
    try {
      atPath('orders[1]', () => {
        throw invalid('UNKNOWN_SKU', 'lines[0].sku: L-AC-FOO is not an AnyConnect part in the catalog', {
          field: 'lines[0].sku',
        });
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ScenarioError);
      const e = err as ScenarioError;
      expect(e.message).toBe('orders[1].lines[0].sku: L-AC-FOO is not an AnyConnect part in the catalog');
      expect(e.problems).toEqual([
        {
          path: 'orders[1].lines[0].sku',
          problem: 'L-AC-FOO is not an AnyConnect part in the catalog',
          code: 'UNKNOWN_SKU',
        },
      ]);
      expect(e.code).toBe('SCENARIO_INVALID');
      expect(e.inFile('scenarios/lab.yaml', () => 14).message).toBe(
        'scenarios/lab.yaml:14: orders[1].lines[0].sku: L-AC-FOO is not an AnyConnect part in the catalog',
      );
      expect(e.under('scenarioDocument').details).toMatchObject({
        field: 'scenarioDocument.orders[1].lines[0].sku',
      });
    }
  });

  it('other errors pass through untouched', () => {
    expect(() =>
      atPath('users[0]', () => {
        throw new TypeError('a bug');
      }),
    ).toThrow(TypeError);
  });
});

describe('The published JSON Schema is generated from the TypeBox schema', () => {
  it('schemas/scenario.schema.json equals the generated one (run npm run scenario-schema after changing it)', () => {
    const committed = readFileSync(new URL('../../schemas/scenario.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(scenarioSchemaText());
  });
});
