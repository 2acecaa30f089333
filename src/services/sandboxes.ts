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
import { parseDuration } from '../domain/duration.js';
import { conflict, DomainError, invalid, notFound } from '../domain/errors.js';
import { atPath, ScenarioError, type ScenarioDocument } from '../domain/scenario.js';
import type { SandboxStore } from '../storage/sandbox-store.js';
import type { SandboxImage } from '../storage/sandbox-databases.js';
import { receiveUpload, removeUpload, UploadTimedOut, UploadTooLarge } from '../storage/uploads.js';
import type { UserRow } from '../storage/users.js';
import type { ServiceDeps } from './deps.js';
import { runDueWork, type JobHandlers } from './due-work.js';
import { announce } from './events.js';
import { idGenerators } from './ids.js';
import { ImageCache } from './image-cache.js';
import { DEFAULT_SETTINGS, Sandbox, type SandboxOrigin, type ScenarioName } from './sandbox.js';
import {
  applySettingsPatch,
  checkImportedSettings,
  settingsView,
  type SettingsPatch,
  type SettingsView,
} from './sandbox-settings.js';
import type { ScenarioFile } from './scenario-files.js';
import { BUILT_IN_SCENARIOS, seedScenario } from './scenarios.js';
import { seededRandom } from './seeded-random.js';
import { listUsers, type UserView } from './users.js';
import { WakeUps } from './wake-ups.js';

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

export interface SandboxInfo {
  id: string;
  name: string;
  scenario: string;
  createdAt: string;
  clock: ClockView;
  settings: SettingsView;
}

/** A new sandbox: its admin token (shown this once) and its users' portal tokens. */
export const LIST_DEFAULT_LIMIT = 100;
export const LIST_MAX_LIMIT = 1000;

export interface SandboxPage {
  sandboxes: SandboxInfo[];
  /** The cursor of the next page; null on the last one. */
  next: string | null;
  /** Sandboxes in all pages. */
  total: number;
}

/** A cursor is opaque to clients: the place in the list (created at, ID) of the page's last sandbox. */
function makeCursor(s: { createdAt: string; id: string }): string {
  return Buffer.from(JSON.stringify([s.createdAt, s.id])).toString('base64url');
}

function parseCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string')
      return { createdAt: v[0], id: v[1] };
  } catch {
    // Falls through to the refusal.
  }
  throw invalid('INVALID_CURSOR', 'cursor: pass the `next` value of a previous page unchanged', {
    field: 'cursor',
  });
}

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

export class SandboxService {
  /** IDs of sandboxes being imported: taken, although the registry does not list them yet. */
  private readonly making = new Set<string>();
  /** Wakes a sandbox with a running clock when its next job falls due. */
  private readonly wakeUps = new WakeUps((id) => {
    try {
      this.open(id);
    } catch (err) {
      // Deleted or reset meanwhile: nothing to wake.
      if (!(err instanceof DomainError)) throw err;
    }
  });
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
          this.install(plan.id, store, {
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
      (store) => this.install(id, store, { rekeySecret: false }),
      image,
    );
  }

  /** Streams an upload to a temporary file: its path, or why it was cut off (nothing is left behind). */
  async receiveUpload(
    body: NodeJS.ReadableStream,
    limits: { maxBytes: number; timeoutMs: number },
  ): Promise<{ path: string } | { refused: 'too large' | 'too slow' }> {
    const path = this.deps.dbs.uploadPath();
    try {
      await receiveUpload(body, path, limits.maxBytes, limits.timeoutMs);
      return { path };
    } catch (err) {
      if (err instanceof UploadTooLarge) return { refused: 'too large' };
      if (err instanceof UploadTimedOut) return { refused: 'too slow' };
      throw err;
    }
  }

  discardUpload(path: string): Promise<void> {
    return removeUpload(path);
  }

  /**
   * A new sandbox from a snapshot file, migrated to the current schema; fresh tokens. `snapshot`: the
   * file's bytes, or the path of the file an upload was streamed to. Its ID is held from the start, so
   * no other request can take it while the snapshot is rebuilt and placed.
   */
  async importSnapshot(snapshot: Buffer | string, input: CopyInput): Promise<CreatedSandbox> {
    const id = this.newId(input.id);
    this.making.add(id);
    let image: SandboxImage | undefined;
    try {
      const rebuilt = await this.deps.dbs.readSnapshot(snapshot);
      image = rebuilt.image;
      checkImportedSettings(rebuilt.settings, this.deps.time.nowMs());
      await this.deps.dbs.place(id, image);
      const origin = JSON.parse(rebuilt.settings.origin as string) as Partial<SandboxOrigin> | null;
      const scenario = origin?.scenario;
      return this.add(
        id,
        input.name?.trim() || id,
        typeof scenario === 'string' ? scenario : 'inline',
        (store) => this.install(id, store, { rekeySecret: false }),
        image,
      );
    } finally {
      this.making.delete(id);
      this.deps.dbs.discard(image);
    }
  }

  /** The sandbox database as one SQLite file, after the work due on its clock has run. */
  snapshot(id: string): { filename: string; content: Buffer } {
    return { filename: `${id}.sqlite3`, content: this.deps.dbs.image(this.open(id).store) };
  }

  /** The scenarios a sandbox can be created from: built in, then loaded (SCENARIOS_DIR, uploads). */
  scenarioNames(): Array<{ name: string; source: 'built in' | 'loaded' }> {
    return [
      ...Object.keys(BUILT_IN_SCENARIOS).map((name) => ({ name, source: 'built in' as const })),
      ...[...this.loaded.keys()].sort().map((name) => ({ name, source: 'loaded' as const })),
    ];
  }

  /**
   * A scenario file checked as loading it would check it (schema, catalog, dates, references: the
   * world is built, then dropped), without installing anything; throws the same ScenarioError.
   */
  checkScenario(file: ScenarioFile): void {
    try {
      this.imageFor(this.plan(file.id, file.id, file.document, {}));
    } catch (err) {
      throw err instanceof ScenarioError ? err.inFile(file.file, file.lineOf) : err;
    }
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
          this.install(plan.id, store, {
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
    if (this.making.has(id) || this.deps.dbs.registry.getSandbox(id))
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
    image: SandboxImage,
  ): CreatedSandbox {
    const adminToken = `lpa_${idGenerators(this.deps.random).secret()}`;
    // The file first (written atomically), then one registry transaction: a crash in between leaves a
    // file no row owns, which the next start removes; never a listed sandbox without its tokens.
    try {
      const store = this.deps.dbs.install(id, image);
      finish(store);
      this.deps.dbs.registry.addSandbox(
        { id, name, scenario, createdAt: new Date(this.deps.time.nowMs()).toISOString() },
        digest(adminToken).toString('hex'),
        store.users.list().map((u) => ({ token: u.token, ccoId: u.ccoId })),
      );
    } catch (err) {
      this.deps.dbs.delete(id);
      throw err;
    }
    return { ...this.info(id), adminToken, users: listUsers(this.open(id)) };
  }

  /**
   * Makes an installed image this sandbox's own: its origin and clock when given, a fresh secret when
   * allowed (never once activation keys were made with it, nor in deterministic mode), and new user
   * tokens (but those given in `tokens`, by Cisco.com ID), indexed in the registry, since a token must
   * lead to exactly one sandbox.
   */
  private install(
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
    // A sandbox being added is indexed with its registry row (add); one that exists is re-indexed now.
    if (this.deps.dbs.registry.getSandbox(id))
      this.deps.dbs.registry.replaceTokens(
        id,
        store.users.list().map((u) => ({ token: u.token, ccoId: u.ccoId })),
      );
  }

  /**
   * One page of the sandbox list, oldest first: at most `limit` (default 100, at most 1000) after the
   * `cursor` a previous page gave as `next`; `next` is null on the last page. Only the page's sandboxes
   * are opened, so a long list costs a client many short requests rather than everyone one long stall.
   */
  page(input: { limit?: number; cursor?: string } = {}): SandboxPage {
    const limit = input.limit ?? LIST_DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > LIST_MAX_LIMIT)
      throw invalid('INVALID_LIMIT', `limit: a whole number from 1 to ${LIST_MAX_LIMIT}`, { field: 'limit' });
    const after = input.cursor === undefined ? null : parseCursor(input.cursor);
    const registry = this.deps.dbs.registry;
    const records = registry.pageSandboxes(after, limit + 1);
    const shown = records.slice(0, limit);
    const last = shown.at(-1);
    return {
      sandboxes: shown.flatMap((s) => {
        try {
          return [this.info(s.id)];
        } catch (err) {
          if (err instanceof DomainError) return [];
          throw err;
        }
      }),
      next: records.length > limit && last ? makeCursor(last) : null,
      total: registry.countSandboxes(),
    };
  }

  /**
   * IDs and names for a chooser, from the registry alone (no sandbox opened): the first LIST_MAX_LIMIT,
   * and `include` as well when it exists beyond them.
   */
  names(include?: string): Array<{ id: string; name: string }> {
    const registry = this.deps.dbs.registry;
    const names = registry.pageSandboxes(null, LIST_MAX_LIMIT).map((s) => ({ id: s.id, name: s.name }));
    const extra = include === undefined ? undefined : registry.getSandbox(include);
    if (extra && !names.some((s) => s.id === extra.id)) names.unshift({ id: extra.id, name: extra.name });
    return names;
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
    this.wakeUps.disarm(id);
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
    this.wakeUps.disarm(id);
    this.install(id, this.deps.dbs.install(id, image), {
      origin,
      clock: initialClock(this.deps.time.nowMs(), startMs, origin.frozen),
      rekeySecret: true,
      tokens,
    });
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
    this.wakeUps.arm(sandbox);
    return sandbox;
  }

  /** Holds the sandbox's handle open until the returned release runs (see SandboxDatabases.lease). */
  lease(sandbox: Sandbox): () => void {
    return this.deps.dbs.lease(sandbox.store);
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
    this.wakeUps.arm(sandbox);
    return this.clockView(sandbox);
  }

  close(): void {
    this.wakeUps.disarmAll();
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
}
