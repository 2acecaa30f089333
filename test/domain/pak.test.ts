import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  MAX_PAKS_PER_REQUEST,
  isPakUsable,
  normalizePak,
  pakInvalidOrInactive,
  parsePakList,
} from '../../src/domain/pak.js';
import { DomainError } from '../../src/domain/errors.js';
import { refusal } from './support.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const PROMPT = 'Enter 1 to 10 PAKs or token IDs, separated by commas';
const paks = (n: number) => Array.from({ length: n }, (_, i) => `PAK${String(i + 1).padStart(8, '0')}`);

describe('Get New Licenses: Enter 1 to 10 PAKs or token IDs, separated by commas', () => {
  it('allows ten PAKs per request', () => {
    expect(MAX_PAKS_PER_REQUEST).toBe(10);
  });

  it('accepts a single PAK', () => {
    expect(parsePakList('3BVK2XR7PQA')).toEqual(['3BVK2XR7PQA']);
  });

  it('ignores spaces around the commas', () => {
    expect(parsePakList(' 3BVK2XR7PQA ,  9ZZT1MN4HJC,Q8W7E6R5T4Y  ')).toEqual([
      '3BVK2XR7PQA',
      '9ZZT1MN4HJC',
      'Q8W7E6R5T4Y',
    ]);
  });

  it('accepts exactly ten PAKs', () => {
    expect(parsePakList(paks(10).join(', '))).toEqual(paks(10));
  });

  it('returns the IDs as entered, keeping their case', () => {
    expect(parsePakList('3bvk2xr7pqa, 9ZZT1MN4HJC')).toEqual(['3bvk2xr7pqa', '9ZZT1MN4HJC']);
  });

  it('drops empty entries between stray commas', () => {
    expect(parsePakList(',3BVK2XR7PQA,, ,9ZZT1MN4HJC,')).toEqual(['3BVK2XR7PQA', '9ZZT1MN4HJC']);
  });

  it('collapses a PAK entered twice', () => {
    expect(parsePakList('3BVK2XR7PQA, 3BVK2XR7PQA, 9ZZT1MN4HJC')).toEqual(['3BVK2XR7PQA', '9ZZT1MN4HJC']);
  });

  it('accepts a list of strings, each of which may itself hold commas', () => {
    expect(parsePakList(['3BVK2XR7PQA', ' 9ZZT1MN4HJC , Q8W7E6R5T4Y', ''])).toEqual([
      '3BVK2XR7PQA',
      '9ZZT1MN4HJC',
      'Q8W7E6R5T4Y',
    ]);
  });

  it('refuses eleven PAKs with TOO_MANY_PAKS', () => {
    const err = refusal(() => parsePakList(paks(11).join(',')));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe('TOO_MANY_PAKS');
    expect(err.message).toBe('Enter 1 to 10 PAKs or token IDs, separated by commas: 11 were entered');
    expect(err.details).toEqual({ field: 'ids', count: 11, max: 10 });
  });

  it('refuses eleven PAKs given as a list, under the field it is given', () => {
    const err = refusal(() => parsePakList(paks(11), 'paks'));
    expect(err.code).toBe('TOO_MANY_PAKS');
    expect(err.details).toEqual({ field: 'paks', count: 11, max: 10 });
  });

  it('counts what was entered, so eleven entries are too many even when one repeats', () => {
    const entered = [...paks(10), paks(1)[0] as string];
    const err = refusal(() => parsePakList(entered.join(',')));
    expect(err.code).toBe('TOO_MANY_PAKS');
    expect(err.message).toBe('Enter 1 to 10 PAKs or token IDs, separated by commas: 11 were entered');
  });

  it.each([
    ['an empty box', ''],
    ['only spaces', '    '],
    ['only commas and spaces', ' , ,, '],
  ])('refuses %s with PAK_REQUIRED', (_label, input) => {
    const err = refusal(() => parsePakList(input));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe('PAK_REQUIRED');
    expect(err.message).toBe(PROMPT);
    expect(err.details).toEqual({ field: 'ids' });
  });

  it('refuses an empty list with PAK_REQUIRED under the field it is given', () => {
    const err = refusal(() => parsePakList([], 'paks'));
    expect(err.code).toBe('PAK_REQUIRED');
    expect(err.details).toEqual({ field: 'paks' });
    expect(refusal(() => parsePakList(['', ' '])).code).toBe('PAK_REQUIRED');
  });

  it('property: never returns an empty list nor more than 10, and every ID is trimmed and unique', () => {
    const piece = fc.oneof(
      fc.stringMatching(/^[A-Z0-9]{1,11}$/),
      fc.constantFrom('', ' ', ',', ' , '),
      fc.string({ maxLength: 12 }),
    );
    const input = fc.oneof(
      fc.array(piece, { maxLength: 20 }).map((parts) => parts.join(',')),
      fc.array(piece, { maxLength: 20 }),
    );
    fc.assert(
      fc.property(input, (raw) => {
        let ids: string[];
        try {
          ids = parsePakList(raw);
        } catch (e) {
          expect(e).toBeInstanceOf(DomainError);
          expect(['PAK_REQUIRED', 'TOO_MANY_PAKS']).toContain((e as DomainError).code);
          return;
        }
        expect(ids.length).toBeGreaterThanOrEqual(1);
        expect(ids.length).toBeLessThanOrEqual(10);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) {
          expect(id).not.toBe('');
          expect(id).toBe(id.trim());
          expect(id).not.toContain(',');
        }
      }),
    );
  });

  it('property: 1 to 10 distinct PAKs with any spacing around the commas come back as entered', () => {
    const spacing = fc.constantFrom('', ' ', '  ', '\t');
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[A-Z0-9]{11}$/), { minLength: 1, maxLength: 10 }),
        fc.array(fc.tuple(spacing, spacing), { minLength: 10, maxLength: 10 }),
        (ids, pads) => {
          const text = ids.map((id, i) => `${pads[i]?.[0] ?? ''}${id}${pads[i]?.[1] ?? ''}`).join(',');
          expect(parsePakList(text)).toEqual(ids);
        },
      ),
    );
  });

  it('property: 11 or more distinct PAKs are always too many', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[A-Z0-9]{11}$/), { minLength: 11, maxLength: 30 }),
        (ids) => {
          const err = refusal(() => parsePakList(ids.join(' , ')));
          expect(err.code).toBe('TOO_MANY_PAKS');
          expect(err.details).toMatchObject({ count: ids.length, max: 10 });
        },
      ),
    );
  });
});

describe('What does "PAK/s or Token/s xxxxxxxx is / are either Invalid or Inactive" mean', () => {
  it('uses the FAQ wording for one PAK', () => {
    const err = pakInvalidOrInactive(['ABC']);
    expect(err).toBeInstanceOf(DomainError);
    expect(err.kind).toBe('not_found');
    expect(err.code).toBe('PAK_INVALID_OR_INACTIVE');
    expect(err.message).toBe('PAK/s or Token/s ABC is / are either Invalid or Inactive');
    expect(err.details).toEqual({ paks: ['ABC'] });
  });

  it('names several PAKs as typed, separated by commas', () => {
    const err = pakInvalidOrInactive(['3bvk2xr7pqa', '9ZZT1MN4HJC']);
    expect(err.message).toBe('PAK/s or Token/s 3bvk2xr7pqa,9ZZT1MN4HJC is / are either Invalid or Inactive');
    expect(err.details).toEqual({ paks: ['3bvk2xr7pqa', '9ZZT1MN4HJC'] });
  });

  it('keeps its own copy of the PAKs', () => {
    const entered = ['ABC'];
    const err = pakInvalidOrInactive(entered);
    entered.push('DEF');
    expect(err.details).toEqual({ paks: ['ABC'] });
  });
});

describe('It may take up to 24 hours for your license PAK to become active on the License portal', () => {
  const activeAtMs = Date.UTC(2016, 3, 27, 12, 0, 0);

  it('is not usable one minute before it becomes active', () => {
    expect(isPakUsable({ activeAtMs, deactivatedAtMs: null }, activeAtMs - MINUTE)).toBe(false);
  });

  it('is not usable one millisecond before it becomes active', () => {
    expect(isPakUsable({ activeAtMs, deactivatedAtMs: null }, activeAtMs - 1)).toBe(false);
  });

  it('is usable from the moment it becomes active', () => {
    expect(isPakUsable({ activeAtMs, deactivatedAtMs: null }, activeAtMs)).toBe(true);
  });

  it('is usable one minute after it becomes active, and a day later', () => {
    expect(isPakUsable({ activeAtMs, deactivatedAtMs: null }, activeAtMs + MINUTE)).toBe(true);
    expect(isPakUsable({ activeAtMs, deactivatedAtMs: null }, activeAtMs + 24 * HOUR)).toBe(true);
  });
});

describe('If you select to register all quantity you will deactivate your Product Activation Key', () => {
  const activeAtMs = Date.UTC(2016, 3, 27, 12, 0, 0);

  it('a deactivated PAK is never usable again', () => {
    const state = { activeAtMs, deactivatedAtMs: activeAtMs + HOUR };
    expect(isPakUsable(state, activeAtMs + 2 * HOUR)).toBe(false);
    expect(isPakUsable(state, activeAtMs + 365 * 24 * HOUR)).toBe(false);
  });

  it('a deactivated PAK is unusable even at an instant before the deactivation was recorded', () => {
    expect(isPakUsable({ activeAtMs, deactivatedAtMs: activeAtMs + HOUR }, activeAtMs + MINUTE)).toBe(false);
  });

  it('a PAK deactivated at time zero counts as deactivated', () => {
    expect(isPakUsable({ activeAtMs: 0, deactivatedAtMs: 0 }, activeAtMs)).toBe(false);
  });
});

describe('PAKs are looked up whatever case they were typed in', () => {
  it('normalizes to upper case', () => {
    expect(normalizePak('3bvk2xr7pqa')).toBe('3BVK2XR7PQA');
    expect(normalizePak('3BVK2XR7PQA')).toBe('3BVK2XR7PQA');
  });
});
