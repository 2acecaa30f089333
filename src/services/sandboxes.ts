import {
  advance,
  checkSimMove,
  checkSimTime,
  freeze,
  initialClock,
  setTo,
  unfreeze,
  type SimClockState,
} from '../domain/clock.js';
import { formatDuration, parseDuration } from '../domain/duration.js';
import { conflict, DomainError, invalid, notFound } from '../domain/errors.js';
import { validateActivationDelay } from '../domain/order.js';
import type { UserRow } from '../storage/sandbox-store.js';
import type { ServiceDeps } from './deps.js';
import { runDueWork } from './due-work.js';
import { idGenerators } from './ids.js';
import {
  DEFAULT_SETTINGS,
  Sandbox,
  type SandboxOrigin,
  type SandboxSettings,
  type ScenarioName,
} from './sandbox.js';
import { SCENARIOS } from './scenarios.js';

export interface SettingsPatch {
  popupBlocker?: boolean;
  activationDelay?: string;
  mailDelay?: string;
  activationCodeTtl?: string;
  shareDelay?: string;
  contractDelay?: string;
  smartAccountRequestDelay?: string;
}

export interface CreateSandboxInput {
  id?: string;
  name?: string;
  scenario?: ScenarioName;
  /** Where the sandbox clock starts (ISO 8601); now when absent. */
  startTime?: string;
  frozen?: boolean;
  settings?: SettingsPatch;
}

export interface ClockView {
  now: string;
  frozen: boolean;
  nextDueAt: string | null;
}

export interface SettingsView {
  popupBlocker: boolean;
  activationDelay: string;
  mailDelay: string;
  activationCodeTtl: string;
  shareDelay: string;
  contractDelay: string;
  smartAccountRequestDelay: string;
}

export interface SandboxInfo {
  id: string;
  name: string;
  scenario: ScenarioName;
  createdAt: string;
  clock: ClockView;
  settings: SettingsView;
}

export type ClockAction =
  | { action: 'freeze' }
  | { action: 'unfreeze' }
  | { action: 'set'; to: string }
  | { action: 'advance'; by: string };

const SANDBOX_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const settingsView = (s: SandboxSettings): SettingsView => ({
  popupBlocker: s.popupBlocker,
  activationDelay: formatDuration(s.activationDelayMs),
  mailDelay: formatDuration(s.mailDelayMs),
  activationCodeTtl: formatDuration(s.activationCodeTtlMs),
  shareDelay: formatDuration(s.shareDelayMs),
  contractDelay: formatDuration(s.contractDelayMs),
  smartAccountRequestDelay: formatDuration(s.smartAccountRequestDelayMs),
});

function applySettingsPatch(current: SandboxSettings, patch: SettingsPatch): SandboxSettings {
  const next = { ...current };
  if (patch.popupBlocker !== undefined) next.popupBlocker = patch.popupBlocker;
  if (patch.activationDelay !== undefined) {
    next.activationDelayMs = validateActivationDelay(parseDuration(patch.activationDelay, 'activationDelay'));
  }
  if (patch.mailDelay !== undefined) next.mailDelayMs = parseDuration(patch.mailDelay, 'mailDelay');
  if (patch.activationCodeTtl !== undefined) {
    next.activationCodeTtlMs = parseDuration(patch.activationCodeTtl, 'activationCodeTtl');
    if (next.activationCodeTtlMs === 0)
      throw invalid('INVALID_DURATION', 'activationCodeTtl must be longer than 0', {
        field: 'activationCodeTtl',
      });
  }
  if (patch.shareDelay !== undefined) next.shareDelayMs = parseDuration(patch.shareDelay, 'shareDelay');
  if (patch.contractDelay !== undefined)
    next.contractDelayMs = parseDuration(patch.contractDelay, 'contractDelay');
  if (patch.smartAccountRequestDelay !== undefined) {
    next.smartAccountRequestDelayMs = parseDuration(
      patch.smartAccountRequestDelay,
      'smartAccountRequestDelay',
    );
  }
  return next;
}

/**
 * Sandboxes as the control plane sees them, and the one door through which every request reaches
 * a sandbox: `open` runs the work that has fallen due on its clock and keeps a timer for the next.
 */
export class SandboxService {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly deps: ServiceDeps) {}

  create(input: CreateSandboxInput): SandboxInfo {
    const ids = idGenerators(this.deps.random);
    const id = input.id ?? `sbx-${ids.sandboxId()}`;
    if (!SANDBOX_ID.test(id)) {
      throw invalid(
        'INVALID_SANDBOX_ID',
        'id: a sandbox ID is 1 to 63 lower-case letters, digits and dashes, starting with a letter or digit',
        {
          field: 'id',
        },
      );
    }
    if (this.deps.dbs.registry.getSandbox(id))
      throw conflict('SANDBOX_EXISTS', `A sandbox with ID ${id} already exists`, { field: 'id' });
    let startMs: number | null = null;
    if (input.startTime !== undefined) {
      startMs = Date.parse(input.startTime);
      if (Number.isNaN(startMs))
        throw invalid('INVALID_DATE', 'startTime must be an ISO 8601 date-time', { field: 'startTime' });
      checkSimTime(startMs, 'startTime');
    }
    const origin: SandboxOrigin = {
      scenario: input.scenario ?? 'demo',
      startMs,
      frozen: input.frozen ?? false,
      settings: {},
    };
    origin.settings = applySettingsPatch(DEFAULT_SETTINGS, input.settings ?? {});
    this.deps.dbs.registry.insertSandbox({
      id,
      name: input.name?.trim() || id,
      scenario: origin.scenario,
      createdAt: new Date(this.deps.time.nowMs()).toISOString(),
    });
    try {
      this.build(id, origin);
    } catch (err) {
      this.deps.dbs.delete(id);
      this.deps.dbs.registry.deleteSandbox(id);
      throw err;
    }
    return this.info(id);
  }

  /** A fresh database from the template, seeded from the sandbox's origin. */
  private build(id: string, origin: SandboxOrigin): void {
    const store = this.deps.dbs.create(id);
    const sandbox = new Sandbox(id, store, this.deps.time, this.deps.random);
    store.write(() => {
      store.putSetting('origin', origin);
      store.putSetting('secret', idGenerators(this.deps.random).secret());
      store.putSetting('settings', origin.settings);
      store.putSetting(
        'clock',
        initialClock(this.deps.time.nowMs(), origin.startMs ?? undefined, origin.frozen),
      );
    });
    SCENARIOS[origin.scenario](this.deps, sandbox);
    this.deps.dbs.registry.replaceTokens(
      id,
      store.listUsers().map((u) => ({ token: u.token, ccoId: u.ccoId })),
    );
  }

  list(): SandboxInfo[] {
    return this.deps.dbs.registry.listSandboxes().flatMap((s) => {
      try {
        return [this.info(s.id)];
      } catch (err) {
        if (err instanceof DomainError) return [];
        throw err;
      }
    });
  }

  info(id: string): SandboxInfo {
    const record = this.deps.dbs.registry.getSandbox(id);
    const sandbox = this.open(id);
    return {
      id,
      name: record?.name ?? id,
      scenario: sandbox.origin().scenario,
      createdAt: record?.createdAt ?? '',
      clock: this.clockView(sandbox),
      settings: settingsView(sandbox.settings()),
    };
  }

  delete(id: string): void {
    this.requireRecord(id);
    this.disarm(id);
    this.deps.dbs.delete(id);
    this.deps.dbs.registry.deleteSandbox(id);
  }

  /** Drops everything in the sandbox and rebuilds it from how it was created. */
  reset(id: string): SandboxInfo {
    const origin = this.open(id).origin();
    this.disarm(id);
    this.build(id, origin);
    return this.info(id);
  }

  updateSettings(id: string, patch: SettingsPatch): SettingsView {
    const sandbox = this.open(id);
    const next = applySettingsPatch(sandbox.settings(), patch);
    sandbox.store.write(() => sandbox.store.putSetting('settings', next));
    return settingsView(next);
  }

  /** Opens a sandbox for a request, after running whatever fell due on its clock. */
  open(id: string): Sandbox {
    this.requireRecord(id);
    const store = this.deps.dbs.get(id);
    if (!store) throw notFound('SANDBOX_NOT_FOUND', `No sandbox with ID ${id}`, { id });
    const sandbox = new Sandbox(id, store, this.deps.time, this.deps.random);
    runDueWork(this.deps, sandbox);
    this.arm(sandbox);
    return sandbox;
  }

  /** The sandbox and user a portal bearer token belongs to. */
  openByToken(token: string): { sandbox: Sandbox; user: UserRow } | null {
    const entry = this.deps.dbs.registry.findToken(token);
    if (!entry) return null;
    const sandbox = this.open(entry.sandboxId);
    const user = sandbox.store.getUser(entry.ccoId);
    return user && user.token === token ? { sandbox, user } : null;
  }

  clock(id: string): ClockView {
    return this.clockView(this.open(id));
  }

  /** Moves the clock and returns only after the work it made due has run. */
  moveClock(id: string, change: ClockAction): ClockView {
    const sandbox = this.open(id);
    const real = this.deps.time.nowMs();
    const current = sandbox.clock();
    let next: SimClockState;
    switch (change.action) {
      case 'freeze':
        next = freeze(current, real);
        break;
      case 'unfreeze':
        next = unfreeze(current, real);
        break;
      case 'advance': {
        const by = parseDuration(change.by, 'by');
        checkSimMove(sandbox.nowMs() + by, 'by');
        next = advance(current, by);
        break;
      }
      case 'set': {
        const to = Date.parse(change.to);
        if (Number.isNaN(to))
          throw invalid('INVALID_DATE', 'to must be an ISO 8601 date-time', { field: 'to' });
        checkSimTime(to, 'to');
        if (to < sandbox.nowMs()) {
          throw conflict(
            'CLOCK_BACKWARDS',
            `to: the sandbox clock only moves forward; it is already ${new Date(sandbox.nowMs()).toISOString()}`,
            {
              field: 'to',
            },
          );
        }
        next = setTo(current, to, real);
        break;
      }
    }
    sandbox.store.write(() => sandbox.setClock(next));
    runDueWork(this.deps, sandbox);
    this.arm(sandbox);
    return this.clockView(sandbox);
  }

  close(): void {
    for (const id of [...this.timers.keys()]) this.disarm(id);
  }

  private clockView(sandbox: Sandbox): ClockView {
    const next = sandbox.store.nextDueMs();
    return {
      now: new Date(sandbox.nowMs()).toISOString(),
      frozen: sandbox.clock().frozen,
      nextDueAt: next === null ? null : new Date(next).toISOString(),
    };
  }

  private requireRecord(id: string): void {
    if (!this.deps.dbs.registry.getSandbox(id))
      throw notFound('SANDBOX_NOT_FOUND', `No sandbox with ID ${id}`, { id });
  }

  /** With a running clock, real time passing makes work due: wake up when the next job is. */
  private arm(sandbox: Sandbox): void {
    this.disarm(sandbox.id);
    const next = sandbox.store.nextDueMs();
    if (next === null || sandbox.clock().frozen) return;
    const delay = Math.min(Math.max(0, next - sandbox.nowMs()) + 1, 2 ** 31 - 1);
    const timer = setTimeout(() => {
      this.timers.delete(sandbox.id);
      try {
        this.open(sandbox.id);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
      }
    }, delay);
    timer.unref();
    this.timers.set(sandbox.id, timer);
  }

  private disarm(id: string): void {
    const t = this.timers.get(id);
    if (t) clearTimeout(t);
    this.timers.delete(id);
  }
}
