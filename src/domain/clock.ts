import { conflict, invalid } from './errors.js';

/**
 * Time for every licensing rule comes from a sandbox's simulated clock. The one place that reads the
 * host's wall clock is `systemTime`; everything else is handed a `TimeSource` or a `SimClockState`.
 */
export interface TimeSource {
  nowMs(): number;
}

export const systemTime: TimeSource = { nowMs: () => Date.now() };

/** A running clock follows real time shifted by an offset; a frozen clock stands still at `atMs`. */
export type SimClockState = { frozen: false; offsetMs: number } | { frozen: true; atMs: number };

export const REAL_TIME: SimClockState = { frozen: false, offsetMs: 0 };

export function simNowMs(state: SimClockState, realNowMs: number): number {
  return state.frozen ? state.atMs : realNowMs + state.offsetMs;
}

export function freeze(state: SimClockState, realNowMs: number): SimClockState {
  return { frozen: true, atMs: simNowMs(state, realNowMs) };
}

export function unfreeze(state: SimClockState, realNowMs: number): SimClockState {
  return { frozen: false, offsetMs: simNowMs(state, realNowMs) - realNowMs };
}

export function setTo(state: SimClockState, targetMs: number, realNowMs: number): SimClockState {
  return state.frozen ? { frozen: true, atMs: targetMs } : { frozen: false, offsetMs: targetMs - realNowMs };
}

export function advance(state: SimClockState, byMs: number): SimClockState {
  return state.frozen
    ? { frozen: true, atMs: state.atMs + byMs }
    : { frozen: false, offsetMs: state.offsetMs + byMs };
}

/** Starting state for a new sandbox: real time, or a given instant, optionally frozen there. */
export function initialClock(realNowMs: number, startMs?: number, frozen = false): SimClockState {
  const at = startMs ?? realNowMs;
  return frozen ? { frozen: true, atMs: at } : { frozen: false, offsetMs: at - realNowMs };
}

/**
 * The simulated clock runs from 1970 to the end of 9000, so that every date derived from it (terms of
 * up to five years, delays of up to 100 years) is still an ISO date with a four-digit year.
 */
export const MIN_SIM_MS = Date.parse('1970-01-01T00:00:00.000Z');
export const MAX_SIM_MS = Date.parse('9000-12-31T23:59:59.999Z');
const RANGE = 'the sandbox clock runs from 1970-01-01T00:00:00.000Z to 9000-12-31T23:59:59.999Z';

/** A start time or clock setting given outright. */
export function checkSimTime(ms: number, field: string): number {
  if (!(ms >= MIN_SIM_MS && ms <= MAX_SIM_MS))
    throw invalid('CLOCK_OUT_OF_RANGE', `${field}: ${RANGE}`, { field });
  return ms;
}

/** Where a clock move would take the clock, from where it is now. */
export function checkSimMove(toMs: number, field: string): void {
  if (toMs > MAX_SIM_MS) throw conflict('CLOCK_OUT_OF_RANGE', `${field}: ${RANGE}`, { field });
}
