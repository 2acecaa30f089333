import { describe, it, expect, vi, afterEach } from 'vitest';
import fc from 'fast-check';
import {
  MAX_SIM_MS,
  MIN_SIM_MS,
  REAL_TIME,
  advance,
  checkSimMove,
  checkSimTime,
  freeze,
  initialClock,
  setTo,
  simNowMs,
  systemTime,
  unfreeze,
  type SimClockState,
} from '../../src/domain/clock.js';
import { refusal } from './support.js';

const REAL = Date.UTC(2024, 5, 1, 12, 0, 0);
const SHIP = Date.UTC(2014, 9, 25, 15, 0, 0);
const HOUR = 3_600_000;

const stateArb: fc.Arbitrary<SimClockState> = fc.oneof(
  fc.integer({ min: -1e12, max: 1e12 }).map((offsetMs) => ({ frozen: false as const, offsetMs })),
  fc.integer({ min: 0, max: 4e12 }).map((atMs) => ({ frozen: true as const, atMs })),
);
const msArb = fc.integer({ min: 0, max: 4e12 });

describe('A sandbox clock that follows real time', () => {
  it('REAL_TIME is real time with no offset', () => {
    expect(REAL_TIME).toEqual({ frozen: false, offsetMs: 0 });
    expect(simNowMs(REAL_TIME, REAL)).toBe(REAL);
  });

  it('a running clock is real time shifted by its offset', () => {
    const state: SimClockState = { frozen: false, offsetMs: -HOUR };
    expect(simNowMs(state, REAL)).toBe(REAL - HOUR);
    expect(simNowMs(state, REAL + 5 * HOUR)).toBe(REAL + 4 * HOUR);
  });

  it('systemTime reads the host clock', () => {
    const spy = vi.spyOn(Date, 'now').mockReturnValue(REAL);
    expect(systemTime.nowMs()).toBe(REAL);
    expect(spy).toHaveBeenCalled();
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });
});

describe('A frozen sandbox clock stands still', () => {
  it('ignores real time', () => {
    const state: SimClockState = { frozen: true, atMs: SHIP };
    expect(simNowMs(state, REAL)).toBe(SHIP);
    expect(simNowMs(state, REAL + 24 * HOUR)).toBe(SHIP);
  });

  it('freezing keeps the sandbox time it had at that moment', () => {
    const running: SimClockState = { frozen: false, offsetMs: SHIP - REAL };
    expect(freeze(running, REAL)).toEqual({ frozen: true, atMs: SHIP });
    expect(freeze({ frozen: true, atMs: SHIP }, REAL)).toEqual({ frozen: true, atMs: SHIP });
  });

  it('unfreezing runs on from where it stood', () => {
    const thawed = unfreeze({ frozen: true, atMs: SHIP }, REAL);
    expect(thawed).toEqual({ frozen: false, offsetMs: SHIP - REAL });
    expect(simNowMs(thawed, REAL + HOUR)).toBe(SHIP + HOUR);
  });

  it('unfreezing a running clock changes nothing', () => {
    expect(unfreeze({ frozen: false, offsetMs: 42 }, REAL)).toEqual({ frozen: false, offsetMs: 42 });
  });
});

describe('Setting and advancing the sandbox clock, e.g. past the 4 hours a PAK takes to activate', () => {
  it('setTo moves a frozen clock to the instant and keeps it frozen', () => {
    expect(setTo({ frozen: true, atMs: 0 }, SHIP, REAL)).toEqual({ frozen: true, atMs: SHIP });
  });

  it('setTo moves a running clock to the instant and keeps it running', () => {
    const state = setTo(REAL_TIME, SHIP, REAL);
    expect(state).toEqual({ frozen: false, offsetMs: SHIP - REAL });
    expect(simNowMs(state, REAL)).toBe(SHIP);
    expect(simNowMs(state, REAL + 10)).toBe(SHIP + 10);
  });

  it('advance moves a frozen clock forward', () => {
    expect(advance({ frozen: true, atMs: SHIP }, 4 * HOUR)).toEqual({ frozen: true, atMs: SHIP + 4 * HOUR });
  });

  it('advance moves a running clock forward', () => {
    const state = advance({ frozen: false, offsetMs: -HOUR }, 4 * HOUR);
    expect(state).toEqual({ frozen: false, offsetMs: 3 * HOUR });
    expect(simNowMs(state, REAL)).toBe(REAL + 3 * HOUR);
  });

  it('advance by a negative amount moves it back', () => {
    expect(advance({ frozen: true, atMs: SHIP }, -HOUR)).toEqual({ frozen: true, atMs: SHIP - HOUR });
  });

  it('never changes the state it is given', () => {
    const state: SimClockState = { frozen: false, offsetMs: 5 };
    advance(state, HOUR);
    setTo(state, SHIP, REAL);
    freeze(state, REAL);
    expect(state).toEqual({ frozen: false, offsetMs: 5 });
    const frozen: SimClockState = { frozen: true, atMs: 5 };
    advance(frozen, HOUR);
    unfreeze(frozen, REAL);
    expect(frozen).toEqual({ frozen: true, atMs: 5 });
  });

  it('property: freezing or unfreezing never moves the sandbox time', () => {
    fc.assert(
      fc.property(stateArb, msArb, (state, real) => {
        const now = simNowMs(state, real);
        expect(simNowMs(freeze(state, real), real)).toBe(now);
        expect(simNowMs(unfreeze(state, real), real)).toBe(now);
        expect(freeze(state, real).frozen).toBe(true);
        expect(unfreeze(state, real).frozen).toBe(false);
      }),
    );
  });

  it('property: setTo lands on the target, advance moves by exactly the amount, frozen-ness is kept', () => {
    fc.assert(
      fc.property(
        stateArb,
        msArb,
        msArb,
        fc.integer({ min: -1e10, max: 1e10 }),
        (state, real, target, by) => {
          const set = setTo(state, target, real);
          expect(simNowMs(set, real)).toBe(target);
          expect(set.frozen).toBe(state.frozen);
          const moved = advance(state, by);
          expect(simNowMs(moved, real)).toBe(simNowMs(state, real) + by);
          expect(moved.frozen).toBe(state.frozen);
        },
      ),
    );
  });
});

describe('A new sandbox starts at real time, or at a given instant, optionally frozen', () => {
  it('starts at real time, running, by default', () => {
    expect(initialClock(REAL)).toEqual({ frozen: false, offsetMs: 0 });
  });

  it('starts running at a given instant', () => {
    const state = initialClock(REAL, SHIP);
    expect(state).toEqual({ frozen: false, offsetMs: SHIP - REAL });
    expect(simNowMs(state, REAL)).toBe(SHIP);
  });

  it('starts frozen at a given instant', () => {
    expect(initialClock(REAL, SHIP, true)).toEqual({ frozen: true, atMs: SHIP });
  });

  it('starts frozen at real time when no instant is given', () => {
    expect(initialClock(REAL, undefined, true)).toEqual({ frozen: true, atMs: REAL });
  });

  it('starts at the epoch itself when asked to (0 is an instant, not "none")', () => {
    expect(initialClock(REAL, 0, true)).toEqual({ frozen: true, atMs: 0 });
    expect(simNowMs(initialClock(REAL, 0), REAL)).toBe(0);
  });
});

describe('The simulated clock runs from 1970 to the end of 9000 (issue 7 fuzzing)', () => {
  const MESSAGE = 'the sandbox clock runs from 1970-01-01T00:00:00.000Z to 9000-12-31T23:59:59.999Z';

  it('accepts both ends', () => {
    expect(checkSimTime(MIN_SIM_MS, 'startTime')).toBe(Date.parse('1970-01-01T00:00:00.000Z'));
    expect(checkSimTime(MAX_SIM_MS, 'startTime')).toBe(Date.parse('9000-12-31T23:59:59.999Z'));
    expect(() => checkSimMove(MAX_SIM_MS, 'by')).not.toThrow();
  });

  it.each([MIN_SIM_MS - 1, MAX_SIM_MS + 1, Date.parse('9999-12-31T23:59:59.999Z'), Number.NaN])(
    'a start time or setting of %d is invalid (400)',
    (ms) => {
      const err = refusal(() => checkSimTime(ms, 'to'));
      expect([err.kind, err.code, err.message]).toEqual(['invalid', 'CLOCK_OUT_OF_RANGE', `to: ${MESSAGE}`]);
    },
  );

  it('a move past the end conflicts with where the clock is (409)', () => {
    const err = refusal(() => checkSimMove(MAX_SIM_MS + 1, 'by'));
    expect([err.kind, err.code, err.message]).toEqual(['conflict', 'CLOCK_OUT_OF_RANGE', `by: ${MESSAGE}`]);
  });
});
