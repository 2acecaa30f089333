// Over 400 lines: SandboxService is the one door to a sandbox (create, clone, import, reset, clock,
// due work), and those steps share its private plan/image/install helpers.
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  advance,
  checkSimMove,
  checkSimTime,
  freeze,
  initialClock,
  setTo,
  simNowMs,
  unfreeze,
  type SimClockState,
} from '../domain/clock.js';
import { formatDuration, parseDuration } from '../domain/duration.js';
import { conflict, DomainError, invalid, notFound } from '../domain/errors.js';
import { validateJournalSize, validateRate } from '../domain/faults.js';
import { validateActivationDelay } from '../domain/order.js';
import { atPath, ScenarioError, type ScenarioDocument } from '../domain/scenario.js';
import type { SandboxStore } from '../storage/sandbox-store.js';
import type { UserRow } from '../storage/users.js';
import type { ServiceDeps } from './deps.js';
import { runDueWork, type JobHandlers } from './due-work.js';
import { announce } from './events.js';
import { idGenerators } from './ids.js';
import { ImageCache } from './image-cache.js';
import {
  DEFAULT_SETTINGS,
  Sandbox,
  type SandboxOrigin,
  type SandboxSettings,
  type ScenarioName,
} from './sandbox.js';
import type { ScenarioFile } from './scenario-files.js';
import { BUILT_IN_SCENARIOS, seedScenario } from './scenarios.js';
import { seededRandom } from './seeded-random.js';
import { listUsers, type UserView } from './users.js';

export interface SettingsPatch {
  popupBlocker?: boolean;
  activationDelay?: string;
  mailDelay?: string;
  activationCodeTtl?: string;
  shareDelay?: string;
  contractDelay?: string;
  smartAccountRequestDelay?: string;
  mailLoss?: number;
  journalSize?: number;
}

export interface CreateSandboxInput {
  id?: string;
  name?: string;
  /** demo (the default), empty, or the ID of a scenario loaded from SCENARIOS_DIR. */
  scenario?: string;
  /** A scenario given inline instead; the fields below override its own. */
  scenarioDocument?: ScenarioDocument;
  /** Deterministic mode: every generated value derives from this seed. */
  seed?: string;
  /** Where the sandbox clock starts (ISO 8601); now when absent. */
  startTime?: string;
  frozen?: boolean;
  settings?: SettingsPatch;
}

export interface CopyInput {
  id?: string;
  name?: string;
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
  mailLoss: number;
  journalSize: number;
}

export interface SandboxInfo {
  id: string;
  name: string;
  scenario: string;
  createdAt: string;
  clock: ClockView;
  settings: SettingsView;
}

/** A new sandbox: its admin token (shown this once) and its users' portal tokens. */
export interface CreatedSandbox extends SandboxInfo {
  adminToken: string;
  users: UserView[];
}

export type ClockAction =
  | { action: 'freeze' }
  | { action: 'unfreeze' }
  | { action: 'set'; to: string }
  | { action: 'advance'; by: string };

const SANDBOX_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Seeded images kept for cheap creation; a few hundred KB each. */
const IMAGE_CACHE_SIZE = 64;

const digest = (token: string) => createHash('sha256').update(token).digest();

/** How a new sandbox's world is built: its origin, and the clock start it resolves to. */
interface Plan {
  id: string;
  name: string;
  origin: SandboxOrigin;
  startMs: number;
}

export const settingsView = (s: SandboxSettings): SettingsView => ({
  popupBlocker: s.popupBlocker,
  activationDelay: formatDuration(s.activationDelayMs),
  mailDelay: formatDuration(s.mailDelayMs),
  activationCodeTtl: formatDuration(s.activationCodeTtlMs),
  shareDelay: formatDuration(s.shareDelayMs),
  contractDelay: formatDuration(s.contractDelayMs),
  smartAccountRequestDelay: formatDuration(s.smartAccountRequestDelayMs),
  mailLoss: s.mailLoss,
  journalSize: s.journalSize,
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
  if (patch.mailLoss !== undefined) next.mailLoss = validateRate(patch.mailLoss, 'mailLoss');
  if (patch.journalSize !== undefined) next.journalSize = validateJournalSize(patch.journalSize);
  return next;
}

/**
 * Sandboxes as the control plane sees them, and the one door through which every request reaches
 * a sandbox: `open` runs the work that has fallen due on its clock and keeps a timer for the next.
 */
export class SandboxService {
  /** Each sandbox's wake-up, with the due time and clock it was set for. */
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; next: number; clock: SimClockState }>();
  private readonly images = new ImageCache(IMAGE_CACHE_SIZE);
  /** Scenarios loaded from SCENARIOS_DIR, by ID: `scenario: <id>` creates more sandboxes from them. */
  private readonly loaded = new Map<string, ScenarioDocument>();

  constructor(
    private readonly deps: ServiceDeps,
    /** What runs each kind of scheduled work (job-handlers.ts). */
    private readonly jobs: JobHandlers,
  ) {}

  create(input: CreateSandboxInput): CreatedSandbox {
    if (input.scenario !== undefined && input.scenarioDocument !== undefined) {
      throw invalid(
        'SCENARIO_CONFLICT',
        'scenarioDocument: give either scenario or scenarioDocument, not both',
        {
          field: 'scenarioDocument',
        },
      );
    }
    const inline = input.scenarioDocument;
    const scenario = inline ? 'inline' : (input.scenario ?? 'demo');
    const document = inline ?? this.namedScenario(scenario);
    const id = this.newId(input.id ?? inline?.id);
    try {
      const plan = this.plan(id, scenario, document, input);
      const image = this.imageFor(plan);
      return this.add(
        plan.id,
        plan.name,
        scenario,
        (store) =>
          this.makeOwn(plan.id, store, {
            origin: plan.origin,
            clock: initialClock(this.deps.time.nowMs(), plan.startMs, plan.origin.frozen),
            rekeySecret: true,
          }),
        image,
      );
    } catch (err) {
      throw inline && err instanceof ScenarioError ? err.under('scenarioDocument') : err;
    }
  }

  /** A copy of a sandbox as it stands: same world, clock, secret and mail; fresh tokens. */
  clone(sourceId: string, input: CopyInput): CreatedSandbox {
    const source = this.open(sourceId);
    const image = this.deps.dbs.image(source.store);
    const id = this.newId(input.id);
    const name =
      input.name?.trim() || `Clone of ${this.deps.dbs.registry.getSandbox(sourceId)?.name ?? sourceId}`;
    return this.add(
      id,
      name,
      source.origin().scenario,
      (store) => this.makeOwn(id, store, { rekeySecret: false }),
      image,
    );
  }

  /** A new sandbox from a snapshot file, migrated to the current schema; fresh tokens. */
  importSnapshot(snapshot: Buffer, input: CopyInput): CreatedSandbox {
    const id = this.newId(input.id);
    const { image, origin } = this.deps.dbs.readSnapshot(snapshot);
    const scenario = (origin as Partial<SandboxOrigin> | null)?.scenario;
    return this.add(
      id,
      input.name?.trim() || id,
      typeof scenario === 'string' ? scenario : 'inline',
      (store) => this.makeOwn(id, store, { rekeySecret: false }),
      image,
    );
  }

  /** The sandbox database as one SQLite file, after the work due on its clock has run. */
  snapshot(id: string): { filename: string; content: Buffer } {
    return { filename: `${id}.sqlite3`, content: this.deps.dbs.image(this.open(id).store) };
  }

  /**
   * Boot: one sandbox per scenario file. Every world is built before any is installed, so a bad file
   * leaves nothing behind. A sandbox already built from the identical document (a restart on a
   * persistent DATA_DIR) is kept with its state; any other sandbox with the file's ID is replaced.
   */
  loadScenarioFiles(files: readonly ScenarioFile[]): string[] {
    const plans = files.map((f) => {
      try {
        const plan = this.plan(f.id, f.id, f.document, {});
        return { plan, image: this.imageFor(plan) };
      } catch (err) {
        throw err instanceof ScenarioError ? err.inFile(f.file, f.lineOf) : err;
      }
    });
    for (const f of files) this.loaded.set(f.id, f.document);
    for (const { plan, image } of plans) {
      if (this.deps.dbs.registry.getSandbox(plan.id)) {
        const existing = this.originOf(plan.id);
        if (
          existing?.scenario === plan.id &&
          JSON.stringify(existing.document) === JSON.stringify(plan.origin.document)
        )
          continue;
        this.delete(plan.id);
      }
      this.add(
        plan.id,
        plan.name,
        plan.id,
        (store) =>
          this.makeOwn(plan.id, store, {
            origin: plan.origin,
            clock: initialClock(this.deps.time.nowMs(), plan.startMs, plan.origin.frozen),
            rekeySecret: true,
          }),
        image,
      );
    }
    return plans.map((p) => p.plan.id);
  }

  /** The sandbox a per-sandbox admin token controls, if it is one. */
  sandboxOfAdminToken(token: string): string | null {
    return this.deps.dbs.registry.sandboxOfAdminTokenHash(digest(token).toString('hex'));
  }

  /** Whether `token` is sandbox `id`'s admin token, compared in constant time. */
  isAdminTokenOf(id: string, token: string): boolean {
    const stored = this.deps.dbs.registry.adminTokenHash(id);
    return stored !== null && timingSafeEqual(Buffer.from(stored, 'hex'), digest(token));
  }

  /** How an existing sandbox was made; null when its database is gone. */
  private originOf(id: string): SandboxOrigin | null {
    try {
      return this.open(id).origin();
    } catch (err) {
      if (err instanceof DomainError) return null;
      throw err;
    }
  }

  private namedScenario(name: string): ScenarioDocument {
    const document = BUILT_IN_SCENARIOS[name as ScenarioName] ?? this.loaded.get(name);
    if (!document) {
      const known = ['demo', 'empty', ...this.loaded.keys()].join(', ');
      throw invalid('UNKNOWN_SCENARIO', `scenario: no scenario named ${name}; known: ${known}`, {
        field: 'scenario',
      });
    }
    return document;
  }

  private newId(requested: string | undefined): string {
    const id = requested ?? `sbx-${idGenerators(this.deps.random).sandboxId()}`;
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
    return id;
  }

  /** The request's fields override the scenario document's own clock, settings and seed. */
  private plan(id: string, scenario: string, document: ScenarioDocument, input: CreateSandboxInput): Plan {
    let startMs: number | null = null;
    if (input.startTime !== undefined) {
      startMs = Date.parse(input.startTime);
      if (Number.isNaN(startMs))
        throw invalid('INVALID_DATE', 'startTime must be an ISO 8601 date-time', { field: 'startTime' });
      checkSimTime(startMs, 'startTime');
    } else if (document.clock?.start !== undefined) {
      const start = document.clock.start;
      startMs = atPath('clock', () => {
        const ms = Date.parse(start);
        if (Number.isNaN(ms))
          throw invalid('INVALID_DATE', 'start must be an ISO 8601 date-time', { field: 'start' });
        return ms;
      });
    }
    const fromDocument = atPath('settings', () =>
      applySettingsPatch(DEFAULT_SETTINGS, document.settings ?? {}),
    );
    const origin: SandboxOrigin = {
      scenario,
      ...(scenario in BUILT_IN_SCENARIOS ? {} : { document }),
      startMs,
      frozen: input.frozen ?? document.clock?.frozen ?? false,
      settings: applySettingsPatch(fromDocument, input.settings ?? {}),
      seed: input.seed ?? document.seed ?? null,
    };
    return {
      id,
      name: input.name?.trim() || document.name?.trim() || id,
      origin,
      startMs: startMs ?? this.deps.time.nowMs(),
    };
  }

  /**
   * The seeded database for a plan. Images are cached by everything that shapes them (scenario,
   * clock start, settings, seed), so a second sandbox from the same scenario is a copy, not a rebuild.
   * A clock that starts "now" never starts at the same instant twice: those images are not kept.
   */
  private imageFor(plan: Plan): Buffer {
    const { origin } = plan;
    const key =
      origin.startMs === null
        ? null
        : JSON.stringify([
            origin.scenario,
            origin.document ?? null,
            plan.startMs,
            origin.settings,
            origin.seed,
          ]);
    const cached = key === null ? undefined : this.images.get(key);
    if (cached) return cached;
    const store = this.deps.dbs.scratch();
    try {
      const sandbox = this.sandboxOf(plan.id, store, origin.seed ?? null);
      store.write(() => {
        store.settings.put('origin', origin);
        store.settings.put('secret', idGenerators(sandbox.random).secret());
        store.settings.put('settings', origin.settings);
        sandbox.setClock({ frozen: true, atMs: plan.startMs });
      });
      seedScenario(
        this.deps,
        sandbox,
        origin.document ?? this.namedScenario(origin.scenario),
        plan.startMs,
        this.jobs,
      );
      const image = this.deps.dbs.image(store);
      if (key !== null) this.images.set(key, image);
      return image;
    } finally {
      store.db.close();
    }
  }

  /** A seeded sandbox draws from its own deterministic stream; any other from the shared source. */
  private sandboxOf(
    id: string,
    store: SandboxStore,
    seed = store.settings.get<SandboxOrigin>('origin')?.seed ?? null,
  ): Sandbox {
    return new Sandbox(
      id,
      store,
      this.deps.time,
      seed === null ? this.deps.random : seededRandom(store, seed),
    );
  }

  /** Registers a sandbox, installs its database and hands out its admin token; all or nothing. */
  private add(
    id: string,
    name: string,
    scenario: string,
    finish: (store: SandboxStore) => void,
    image: Buffer,
  ): CreatedSandbox {
    const adminToken = `lpa_${idGenerators(this.deps.random).secret()}`;
    const registry = this.deps.dbs.registry;
    registry.insertSandbox({ id, name, scenario, createdAt: new Date(this.deps.time.nowMs()).toISOString() });
    try {
      registry.setAdminTokenHash(id, digest(adminToken).toString('hex'));
      this.indexTokens(id, this.deps.dbs.install(id, image, finish));
    } catch (err) {
      this.deps.dbs.delete(id);
      registry.deleteSandbox(id);
      throw err;
    }
    return { ...this.info(id), adminToken, users: listUsers(this.open(id)) };
  }

  /**
   * Makes an image this sandbox's own, before it is installed: its origin and clock when given, a fresh
   * secret when allowed (never once activation keys were made with it, nor in deterministic mode), and
   * new user tokens (but those given in `tokens`, by Cisco.com ID); indexTokens then indexes them.
   */
  private makeOwn(
    id: string,
    store: SandboxStore,
    change: {
      origin?: SandboxOrigin;
      clock?: SimClockState;
      rekeySecret: boolean;
      tokens?: ReadonlyMap<string, string>;
    },
  ): void {
    store.write(() => {
      if (change.origin) store.settings.put('origin', change.origin);
      const sandbox = this.sandboxOf(id, store);
      if (change.clock) sandbox.setClock(change.clock);
      if (change.rekeySecret && sandbox.seed() === null && !store.devices.hasActivationKeys())
        store.settings.put('secret', idGenerators(this.deps.random).secret());
      for (const user of store.users.list())
        store.users.setToken(user.ccoId, change.tokens?.get(user.ccoId) ?? sandbox.newUserToken(user.ccoId));
    });
  }

  /** The registry's index of an installed sandbox's user tokens: a token leads to exactly one sandbox. */
  private indexTokens(id: string, store: SandboxStore): void {
    this.deps.dbs.registry.replaceTokens(
      id,
      store.users.list().map((u) => ({ token: u.token, ccoId: u.ccoId })),
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

  /**
   * Drops everything in the sandbox and rebuilds it from how it was created. The scenario's users keep
   * their tokens (the ones a test or the start-up banner handed out); users added since are gone.
   */
  reset(id: string): SandboxInfo {
    const before = this.open(id);
    const origin = before.origin();
    const tokens = new Map(before.store.users.list().map((u) => [u.ccoId, u.token]));
    const startMs = origin.startMs ?? this.deps.time.nowMs();
    const image = this.imageFor({ id, name: id, origin, startMs });
    this.disarm(id);
    const change = {
      origin,
      clock: initialClock(this.deps.time.nowMs(), startMs, origin.frozen),
      rekeySecret: true,
      tokens,
    };
    this.indexTokens(
      id,
      this.deps.dbs.install(id, image, (store) => this.makeOwn(id, store, change)),
    );
    return this.info(id);
  }

  updateSettings(id: string, patch: SettingsPatch): SettingsView {
    const sandbox = this.open(id);
    const next = applySettingsPatch(sandbox.settings(), patch);
    sandbox.store.write(() => sandbox.store.settings.put('settings', next));
    return settingsView(next);
  }

  /** Opens a sandbox for a request, after running whatever fell due on its clock. */
  open(id: string, registryChecked = false): Sandbox {
    // What the handles keep between requests is checked against other processes' commits here.
    if (!registryChecked) this.deps.dbs.registry.revalidate();
    this.requireRecord(id);
    const store = this.deps.dbs.get(id);
    if (!store) throw notFound('SANDBOX_NOT_FOUND', `No sandbox with ID ${id}`, { id });
    store.cache.revalidate();
    const sandbox = this.sandboxOf(id, store);
    runDueWork(this.deps, sandbox, this.jobs);
    this.arm(sandbox);
    return sandbox;
  }

  /** The sandbox and user a portal bearer token belongs to. */
  openByToken(token: string): { sandbox: Sandbox; user: UserRow } | null {
    this.deps.dbs.registry.revalidate();
    const entry = this.deps.dbs.registry.findToken(token);
    if (!entry) return null;
    const sandbox = this.open(entry.sandboxId, true);
    const user = sandbox.store.users.get(entry.ccoId);
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
    sandbox.store.write(() => {
      sandbox.setClock(next);
      announce(this.deps.events, sandbox, 'clock.advanced', simNowMs(next, real), {
        action: change.action,
        frozen: next.frozen,
      });
    });
    runDueWork(this.deps, sandbox, this.jobs);
    this.arm(sandbox);
    return this.clockView(sandbox);
  }

  close(): void {
    for (const id of [...this.timers.keys()]) this.disarm(id);
  }

  private clockView(sandbox: Sandbox): ClockView {
    const next = sandbox.store.jobs.nextDueMs();
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
    const next = sandbox.store.jobs.nextDueMs();
    const clock = sandbox.clock();
    const armed = this.timers.get(sandbox.id);
    // Most requests change neither: the wake-up already set stays (no timer churn per request).
    if (armed && armed.next === next && armed.clock === clock) return;
    this.disarm(sandbox.id);
    if (next === null || clock.frozen) return;
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
    this.timers.set(sandbox.id, { timer, next, clock });
  }

  private disarm(id: string): void {
    const t = this.timers.get(id);
    if (t) clearTimeout(t.timer);
    this.timers.delete(id);
  }
}
