import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fires,
  latencyFor,
  MAINTENANCE_MESSAGE,
  planFault,
  validateJournalSize,
  validateRate,
} from '../../src/domain/faults.js';
import { randomFraction } from '../../src/domain/random.js';
import { refusal, replayRandom } from './support.js';

const OPERATIONS = ['lookupPaks', 'registerLicenses'];

describe('A fault as a test writes it, checked and stored', () => {
  it('latency: a fixed delay is a range of one value; min and max make a range', () => {
    expect(planFault({ kind: 'latency', delay: '250ms' }, OPERATIONS)).toEqual({
      kind: 'latency',
      operation: null,
      params: { minMs: 250, maxMs: 250 },
    });
    expect(planFault({ kind: 'latency', operation: 'lookupPaks', min: '1s', max: '2m' }, OPERATIONS)).toEqual(
      {
        kind: 'latency',
        operation: 'lookupPaks',
        params: { minMs: 1000, maxMs: 120_000 },
      },
    );
    expect(refusal(() => planFault({ kind: 'latency', max: '1s' }, OPERATIONS)).code).toBe(
      'LATENCY_REQUIRED',
    );
    expect(refusal(() => planFault({ kind: 'latency', delay: 'soon' }, OPERATIONS)).code).toBe(
      'INVALID_DURATION',
    );
  });

  it('error: rate 1 and status 503 unless told, "before" unless told; status 400 to 599, rate 0 to 1', () => {
    expect(planFault({ kind: 'error' }, OPERATIONS)).toEqual({
      kind: 'error',
      operation: null,
      params: { rate: 1, status: 503, message: null, when: 'before' },
    });
    expect(
      planFault({ kind: 'error', rate: 0.1, status: 429, message: '  Slow down ', when: 'after' }, OPERATIONS)
        .params,
    ).toEqual({ rate: 0.1, status: 429, message: 'Slow down', when: 'after' });
    expect(refusal(() => planFault({ kind: 'error', status: 302 }, OPERATIONS)).message).toBe(
      'status: an HTTP error status from 400 to 599',
    );
    expect(refusal(() => planFault({ kind: 'error', rate: 1.01 }, OPERATIONS)).message).toBe(
      'rate: a rate is a fraction from 0 to 1',
    );
    expect(refusal(() => planFault({ kind: 'error', operation: 'nope' }, OPERATIONS)).details).toEqual({
      field: 'operation',
      known: OPERATIONS,
    });
  });

  it("maintenance: the portal's maintenance message unless told", () => {
    expect(planFault({ kind: 'maintenance' }, OPERATIONS).params).toEqual({ message: MAINTENANCE_MESSAGE });
    expect(planFault({ kind: 'maintenance', message: ' ' }, OPERATIONS).params).toEqual({
      message: MAINTENANCE_MESSAGE,
    });
  });

  it('rates and journal sizes are checked where settings take them too', () => {
    expect(validateRate(0, 'mailLoss')).toBe(0);
    expect(refusal(() => validateRate(Number.NaN, 'mailLoss')).details).toEqual({ field: 'mailLoss' });
    expect(validateJournalSize(100_000)).toBe(100_000);
    expect(refusal(() => validateJournalSize(1.5)).code).toBe('INVALID_JOURNAL_SIZE');
  });
});

describe('What a fault does with a random draw', () => {
  it('a latency range gives every whole millisecond from min to max, and nothing outside', () => {
    fc.assert(
      fc.property(
        fc.nat(10_000),
        fc.nat(10_000),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (a, b, draw) => {
          const params = { minMs: Math.min(a, b), maxMs: Math.max(a, b) };
          const ms = latencyFor(params, draw);
          return Number.isInteger(ms) && ms >= params.minMs && ms <= params.maxMs;
        },
      ),
    );
    expect(latencyFor({ minMs: 100, maxMs: 200 }, 0)).toBe(100);
    expect(latencyFor({ minMs: 100, maxMs: 200 }, 0.999999)).toBe(200);
  });

  it('a rate of 0 never fires and 1 always does, without drawing; in between, a draw below the rate fires', () => {
    const draw = () => {
      throw new Error('no draw expected');
    };
    expect(fires(0, draw)).toBe(false);
    expect(fires(1, draw)).toBe(true);
    expect(fires(0.5, () => 0.49)).toBe(true);
    expect(fires(0.5, () => 0.5)).toBe(false);
  });

  it('draws are uniform fractions of 32 random bits', () => {
    expect(randomFraction(replayRandom([0, 0, 0, 0]))).toBe(0);
    expect(randomFraction(replayRandom([0x80, 0, 0, 0]))).toBe(0.5);
    expect(randomFraction(replayRandom([0xff, 0xff, 0xff, 0xff]))).toBeLessThan(1);
  });
});
