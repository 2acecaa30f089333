/**
 * Faults a test injects into a sandbox's portal API: latency, an error rate, maintenance mode. Pure
 * rules: what a valid fault is, and what it does given a random draw in [0, 1).
 */
import { parseDuration } from './duration.js';
import { invalid } from './errors.js';

export type FaultKind = 'latency' | 'error' | 'maintenance';

/** "before": the request never reaches the portal. "after": the portal did the work, the answer got lost. */
export type ErrorTiming = 'before' | 'after';

export type FaultInput =
  | { kind: 'latency'; operation?: string; delay?: string; min?: string; max?: string }
  | {
      kind: 'error';
      operation?: string;
      rate?: number;
      status?: number;
      message?: string;
      when?: ErrorTiming;
    }
  | { kind: 'maintenance'; message?: string };

export interface LatencyParams {
  minMs: number;
  maxMs: number;
}

export interface ErrorParams {
  rate: number;
  status: number;
  message: string | null;
  when: ErrorTiming;
}

export interface MaintenanceParams {
  message: string;
}

export interface PlannedFault {
  kind: FaultKind;
  operation: string | null;
  params: LatencyParams | ErrorParams | MaintenanceParams;
}

export const MAINTENANCE_MESSAGE =
  'The Cisco License Registration Portal is currently undergoing scheduled maintenance. Please try again later.';

/** Longest injected latency: long enough for any client timeout, short enough not to wedge a test run. */
export const MAX_LATENCY_MS = 120_000;
export const MAX_JOURNAL_SIZE = 100_000;

export function validateRate(rate: number, field: string): number {
  if (!Number.isFinite(rate) || rate < 0 || rate > 1)
    throw invalid('INVALID_RATE', `${field}: a rate is a fraction from 0 to 1`, { field });
  return rate;
}

export function validateJournalSize(size: number): number {
  if (!Number.isInteger(size) || size < 0 || size > MAX_JOURNAL_SIZE) {
    throw invalid('INVALID_JOURNAL_SIZE', `journalSize: a whole number from 0 to ${MAX_JOURNAL_SIZE}`, {
      field: 'journalSize',
    });
  }
  return size;
}

function latencyBound(text: string, field: string): number {
  const ms = parseDuration(text, field);
  if (ms > MAX_LATENCY_MS)
    throw invalid('LATENCY_TOO_LONG', `${field}: injected latency is at most 2m`, { field });
  return ms;
}

function operationOf(operation: string | undefined, known: readonly string[]): string | null {
  if (operation === undefined) return null;
  if (!known.includes(operation)) {
    throw invalid(
      'UNKNOWN_OPERATION',
      `operation: ${operation} is not a portal operation (${known.join(', ')})`,
      {
        field: 'operation',
        known,
      },
    );
  }
  return operation;
}

/** Checks a fault as a test wrote it and turns it into what is stored. */
export function planFault(input: FaultInput, portalOperations: readonly string[]): PlannedFault {
  switch (input.kind) {
    case 'latency': {
      const operation = operationOf(input.operation, portalOperations);
      if (input.delay !== undefined) {
        if (input.min !== undefined || input.max !== undefined) {
          throw invalid('LATENCY_AMBIGUOUS', 'delay: give either delay, or min and max, not both', {
            field: 'delay',
          });
        }
        const ms = latencyBound(input.delay, 'delay');
        return { kind: 'latency', operation, params: { minMs: ms, maxMs: ms } };
      }
      if (input.min === undefined || input.max === undefined) {
        throw invalid('LATENCY_REQUIRED', 'delay: give a fixed delay, or min and max for a random one', {
          field: 'delay',
        });
      }
      const minMs = latencyBound(input.min, 'min');
      const maxMs = latencyBound(input.max, 'max');
      if (maxMs < minMs) throw invalid('LATENCY_RANGE', 'max: must not be less than min', { field: 'max' });
      return { kind: 'latency', operation, params: { minMs, maxMs } };
    }
    case 'error': {
      const operation = operationOf(input.operation, portalOperations);
      const status = input.status ?? 503;
      if (!Number.isInteger(status) || status < 400 || status > 599)
        throw invalid('INVALID_STATUS', 'status: an HTTP error status from 400 to 599', { field: 'status' });
      const message = input.message?.trim() || null;
      return {
        kind: 'error',
        operation,
        params: {
          rate: validateRate(input.rate ?? 1, 'rate'),
          status,
          message,
          when: input.when ?? 'before',
        },
      };
    }
    case 'maintenance':
      return {
        kind: 'maintenance',
        operation: null,
        params: { message: input.message?.trim() || MAINTENANCE_MESSAGE },
      };
  }
}

/** A latency in [minMs, maxMs] (whole milliseconds) from a draw in [0, 1). */
export function latencyFor(params: LatencyParams, draw: number): number {
  return params.minMs + Math.floor(draw * (params.maxMs - params.minMs + 1));
}

/** Whether a fault with this rate fires; a rate of 0 or 1 needs no draw. */
export function fires(rate: number, draw: () => number): boolean {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  return draw() < rate;
}
