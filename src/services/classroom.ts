/**
 * Classes: N trainee sandboxes from one scenario, each with its simulated ASAs, made in one action;
 * and each trainee's progress through the FAQ flow, read from their sandbox.
 */
import { findAsaModel } from '../domain/asa-models.js';
import {
  classOf,
  newSerial,
  progressOf,
  traineeSandboxId,
  type ClassRequest,
  type Progress,
} from '../domain/classroom.js';
import { conflict, invalid, notFound } from '../domain/errors.js';
import type { ServiceDeps } from './deps.js';
import { createAsaDevice } from './devices.js';
import type { Sandbox } from './sandbox.js';
import type { SandboxService } from './sandboxes.js';
import { listUsers, type UserView } from './users.js';

export interface ClassInput extends ClassRequest {
  scenario: string;
  model: string;
}

export interface Trainee {
  id: string;
  user: UserView | null;
  asas: Array<{ serial: string; hostname: string }>;
  progress: Progress;
}

/**
 * Every sandbox of the class is checked to be free first, so a refusal changes nothing; a failure
 * part-way (which only a bug or a full disk causes) removes the sandboxes already made.
 */
export function createClass(deps: ServiceDeps, sandboxes: SandboxService, input: ClassInput): string[] {
  const model = findAsaModel(input.model);
  if (!model)
    throw invalid('UNKNOWN_MODEL', `model: ${input.model} is not a simulated ASA model`, { field: 'model' });
  const ids = Array.from({ length: input.size }, (_, i) => traineeSandboxId(input.name, i));
  const taken = new Set(sandboxes.names().map((s) => s.id));
  const clash = ids.find((id) => taken.has(id));
  if (clash) {
    throw conflict('CLASS_EXISTS', `name: a sandbox ${clash} exists already; choose another class name`, {
      field: 'name',
    });
  }
  const made: string[] = [];
  try {
    for (const id of ids) {
      sandboxes.create({
        id,
        name: `Class ${input.name}, trainee ${id.slice(-2)}`,
        scenario: input.scenario,
      });
      made.push(id);
      const sandbox = sandboxes.open(id);
      for (let n = 0; n < input.asasPerTrainee; n++) {
        createAsaDevice(sandbox, {
          model: model.model,
          serial: newSerial(deps.random),
          ...(model.separateChassisSerial ? { chassisSerial: newSerial(deps.random, 'JMX') } : {}),
          hostname: `asa-${n + 1}`,
        });
      }
    }
  } catch (err) {
    for (const id of made) sandboxes.delete(id);
    throw err;
  }
  return ids;
}

/** The classes there are: sandbox ID prefixes with numbered trainees. */
export function listClasses(sandboxes: SandboxService): Array<{ name: string; size: number }> {
  const counts = new Map<string, number>();
  for (const s of sandboxes.names()) {
    const name = classOf(s.id);
    if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, size]) => ({ name, size })).sort((a, b) => a.name.localeCompare(b.name));
}

export function classTrainees(sandboxes: SandboxService, name: string): Trainee[] {
  const ids = sandboxes
    .names()
    .map((s) => s.id)
    .filter((id) => classOf(id) === name)
    .sort();
  if (ids.length === 0) throw notFoundClass(name);
  return ids.map((id) => {
    const sandbox = sandboxes.open(id);
    const users = listUsers(sandbox);
    return {
      id,
      user: users[0] ?? null,
      asas: sandbox.store.asaDevices.list().map((a) => ({ serial: a.serial, hostname: a.hostname })),
      progress: traineeProgress(sandbox),
    };
  });
}

function notFoundClass(name: string) {
  return notFound('CLASS_NOT_FOUND', `No class ${name}: no sandbox ${name}-01, ${name}-02, …`, { name });
}

/** Read from the sandbox as it stands: every user's transactions, every ASA's keys. */
export function traineeProgress(sandbox: Sandbox): Progress {
  const store = sandbox.store;
  const transactions = store.users.list().flatMap((u) => store.transactions.ofUser(u.ccoId, 500, 0).rows);
  const ids = (type: string) => transactions.filter((t) => t.type === type).map((t) => t.id);
  const registeredSerials = store.history.serials(ids('registration')).map((s) => s.serial);
  const done = new Set(transactions.filter((t) => t.status === 'completed').map((t) => t.id));
  const shares = store.history.shareLines(ids('share')).map((l) => ({
    sourceSerial: l.sourceSerial,
    targetSerial: l.targetSerial,
    completed: done.has(l.transactionId),
  }));
  const asas = store.asaDevices.clis().map((c) => ({
    serial: c.serial,
    keyInstalled: c.runningKey !== null || c.pendingKey !== null || c.timebasedKey !== null,
  }));
  return progressOf({ registeredSerials, shares, asas });
}
