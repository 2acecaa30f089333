import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { formatDuration, MAX_DURATION_MS, parseDuration } from '../../src/domain/duration.js';
import { refusal } from './support.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const MESSAGE = 'duration must be a duration such as "4h", "30d" or "1d12h"';

describe('Durations such as "allow up to 4 hours" are written 4h, 30d, 1d12h', () => {
  it.each([
    ['4h', 4 * H],
    ['24h', 24 * H],
    ['30d', 30 * D],
    ['1d12h', D + 12 * H],
    ['90m', 90 * M],
    ['1500ms', 1500],
    ['1w', 7 * D],
    ['4w2d', 30 * D],
    ['45s', 45 * S],
    ['1m5s', M + 5 * S],
    ['1ms', 1],
    ['1h1m1s1ms', H + M + S + 1],
    ['0s', 0],
    ['0', 0],
    ['  4h  ', 4 * H],
    ['007m', 7 * M],
  ])('parses %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('adds repeated units', () => {
    expect(parseDuration('1h1h')).toBe(2 * H);
  });

  it.each([
    ['a bare number', '4'],
    ['a unit without a number', 'h'],
    ['a space inside', '4 h'],
    ['a negative', '-4h'],
    ['an upper-case unit', '4H'],
    ['a fraction', '1.5h'],
    ['trailing garbage', '4hx'],
    ['an unknown unit', '2y'],
    ['words', 'four hours'],
    ['a number after the units', '1h30'],
  ])('refuses %s with INVALID_DURATION, naming the value', (_label, text) => {
    const err = refusal(() => parseDuration(text));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe('INVALID_DURATION');
    expect(err.message).toBe(MESSAGE);
    expect(err.details).toEqual({ field: 'duration', value: text });
  });

  it.each([[''], ['   ']])('refuses the empty duration %j', (text) => {
    const err = refusal(() => parseDuration(text));
    expect(err.code).toBe('INVALID_DURATION');
    expect(err.message).toBe(MESSAGE);
    expect(err.details).toEqual({ field: 'duration' });
  });

  it('names the field it is given', () => {
    const err = refusal(() => parseDuration('soon', 'activationDelay'));
    expect(err.message).toBe('activationDelay must be a duration such as "4h", "30d" or "1d12h"');
    expect(err.details).toEqual({ field: 'activationDelay', value: 'soon' });
  });

  it('a refused duration does not disturb the next one parsed', () => {
    refusal(() => parseDuration('4hx'));
    expect(parseDuration('1d12h')).toBe(D + 12 * H);
    refusal(() => parseDuration('2h 3m'));
    expect(parseDuration('3m')).toBe(3 * M);
  });
});

describe('Durations are shown in days, hours, minutes, seconds and milliseconds', () => {
  it.each([
    [0, '0s'],
    [4 * H, '4h'],
    [D + 12 * H, '1d12h'],
    [90 * M, '1h30m'],
    [1500, '1s500ms'],
    [999, '999ms'],
    [7 * D, '7d'],
    [30 * D, '30d'],
    [D + 1, '1d1ms'],
    [2 * D + 3 * H + 4 * M + 5 * S + 6, '2d3h4m5s6ms'],
  ])('formats %i ms as %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('property: format then parse gives back the milliseconds', () => {
    fc.assert(
      fc.property(fc.nat({ max: MAX_DURATION_MS }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
    );
  });

  it('property: formatting is canonical, so parse then format is stable', () => {
    const part = fc.tuple(fc.nat({ max: 500 }), fc.constantFrom('ms', 's', 'm', 'h', 'd', 'w'));
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 6 }), (parts) => {
        const text = parts.map(([n, u]) => `${n}${u}`).join('');
        const ms = parseDuration(text);
        const shown = formatDuration(ms);
        expect(shown).toMatch(/^(0s|(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?)$/);
        expect(parseDuration(shown)).toBe(ms);
        expect(formatDuration(parseDuration(shown))).toBe(shown);
      }),
    );
  });
});

describe('A duration is at most 100 years, so that a sandbox can always show the instant it leads to (issue 7 fuzzing)', () => {
  it('36500d is the longest', () => {
    expect(parseDuration('36500d')).toBe(MAX_DURATION_MS);
    expect(parseDuration('5214w2d')).toBe(MAX_DURATION_MS);
  });

  it.each(['36501d', '36500d1ms', '9999999999w', '40000000000000000000000000h'])('%s is refused', (text) => {
    const err = refusal(() => parseDuration(text, 'by'));
    expect(err.code).toBe('INVALID_DURATION');
    expect(err.message).toBe('by must be at most 36500d (100 years)');
    expect(err.details).toEqual({ field: 'by', value: text });
  });
});
