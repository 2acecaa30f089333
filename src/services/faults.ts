import { formatDuration } from '../domain/duration.js';
import { notFound } from '../domain/errors.js';
import {
  fires,
  latencyFor,
  planFault,
  type ErrorParams,
  type ErrorTiming,
  type FaultInput,
  type FaultKind,
  type LatencyParams,
  type MaintenanceParams,
} from '../domain/faults.js';
import { randomFraction } from '../domain/random.js';
import type { FaultRow } from '../storage/faults.js';
import type { Sandbox } from './sandbox.js';

export interface FaultView {
  id: number;
  kind: FaultKind;
  operation: string | null;
  delay?: string;
  min?: string;
  max?: string;
  rate?: number;
  status?: number;
  message?: string | null;
  when?: ErrorTiming;
  createdAt: string;
}

/** What the faults of a sandbox do to one portal request. */
export interface FaultDecision {
  latencyMs: number;
  /** The maintenance message when maintenance mode is on. */
  maintenance: string | null;
  error: { faultId: number; status: number; message: string | null; when: ErrorTiming } | null;
}

function view(f: FaultRow): FaultView {
  const base = { id: f.id, kind: f.kind, operation: f.operation };
  const createdAt = new Date(f.createdMs).toISOString();
  switch (f.kind) {
    case 'latency': {
      const p = f.params as unknown as LatencyParams;
      return p.minMs === p.maxMs
        ? { ...base, delay: formatDuration(p.minMs), createdAt }
        : { ...base, min: formatDuration(p.minMs), max: formatDuration(p.maxMs), createdAt };
    }
    case 'error': {
      const p = f.params as unknown as ErrorParams;
      return { ...base, rate: p.rate, status: p.status, message: p.message, when: p.when, createdAt };
    }
    case 'maintenance':
      return { ...base, message: (f.params as unknown as MaintenanceParams).message, createdAt };
  }
}

export function createFault(
  sandbox: Sandbox,
  input: FaultInput,
  portalOperations: readonly string[],
): FaultView {
  const planned = planFault(input, portalOperations);
  const createdMs = sandbox.nowMs();
  const id = sandbox.store.write(() =>
    sandbox.store.faults.insert({
      kind: planned.kind,
      operation: planned.operation,
      params: { ...planned.params },
      createdMs,
    }),
  );
  return view({ id, ...planned, params: { ...planned.params }, createdMs });
}

export function listFaults(sandbox: Sandbox): FaultView[] {
  return sandbox.store.faults.list().map(view);
}

export function deleteFault(sandbox: Sandbox, id: number): void {
  if (!sandbox.store.write(() => sandbox.store.faults.delete(id)))
    throw notFound('FAULT_NOT_FOUND', `No fault ${id} in sandbox ${sandbox.id}`, { id });
}

export function clearFaults(sandbox: Sandbox): number {
  return sandbox.store.write(() => sandbox.store.faults.clear());
}

/**
 * Decides what the sandbox's faults do to one request to `operation` (null: a path with no route).
 * Latencies add up; maintenance wins over error rates; the first error fault that fires answers.
 * Every random choice draws from the sandbox's own random source, so a seeded sandbox repeats them.
 */
export function decideFaults(sandbox: Sandbox, operation: string | null): FaultDecision {
  const decision: FaultDecision = { latencyMs: 0, maintenance: null, error: null };
  const draw = () => randomFraction(sandbox.random);
  for (const f of sandbox.store.faults.list()) {
    if (f.operation !== null && f.operation !== operation) continue;
    if (f.kind === 'latency') {
      const p = f.params as unknown as LatencyParams;
      decision.latencyMs += p.minMs === p.maxMs ? p.minMs : latencyFor(p, draw());
    } else if (f.kind === 'maintenance') {
      decision.maintenance ??= (f.params as unknown as MaintenanceParams).message;
    } else if (decision.maintenance === null && decision.error === null) {
      const p = f.params as unknown as ErrorParams;
      if (fires(p.rate, draw))
        decision.error = { faultId: f.id, status: p.status, message: p.message, when: p.when };
    }
  }
  return decision;
}
