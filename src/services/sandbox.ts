import { simNowMs, type SimClockState, type TimeSource } from '../domain/clock.js';
import { derivedRandom, type Random } from '../domain/random.js';
import type { ScenarioDocument } from '../domain/scenario.js';
import type { SandboxStore } from '../storage/sandbox-store.js';
import { idGenerators } from './ids.js';

export interface SandboxSettings {
  /** The FAQ's pop-up blocker quirk: lets "register all quantity" through, deactivating the PAK. */
  popupBlocker: boolean;
  /** Default delay between eDelivery and a PAK becoming active, for orders that do not set one. */
  activationDelayMs: number;
  /** Delay before a license email lands ("Your License Key will be emailed within the hour"). */
  mailDelayMs: number;
  /** How long a Share License Process activation code stays usable. */
  activationCodeTtlMs: number;
  /** "Transaction is continuing to be processed": how long a share takes to complete. */
  shareDelayMs: number;
  /** A contract number "usually takes at least a few days from the time the license PAK is electronically delivered". */
  contractDelayMs: number;
  /** How long Global Licensing takes to process an AnyConnect Smart License Sharing Request. */
  smartAccountRequestDelayMs: number;
  /** Fraction of messages filed in the recipient's Spam folder ("please check your Spam folder"). */
  mailLoss: number;
  /** Portal requests kept in the request journal (0 turns the journal off). */
  journalSize: number;
}

export const DEFAULT_SETTINGS: SandboxSettings = {
  popupBlocker: false,
  activationDelayMs: 4 * 3_600_000,
  mailDelayMs: 0,
  activationCodeTtlMs: 30 * 86_400_000,
  shareDelayMs: 15 * 60_000,
  contractDelayMs: 3 * 86_400_000,
  smartAccountRequestDelayMs: 86_400_000,
  mailLoss: 0,
  journalSize: 1000,
};

export type ScenarioName = 'demo' | 'empty';

/** How the sandbox was created; reset recreates it from this. */
export interface SandboxOrigin {
  /** demo, empty, the ID of a scenario loaded from SCENARIOS_DIR, or inline. */
  scenario: string;
  /** The world, for every scenario but the built-in demo and empty ones. */
  document?: ScenarioDocument;
  startMs: number | null;
  frozen: boolean;
  settings: Partial<SandboxSettings>;
  /** Deterministic mode (absent in sandboxes created before it existed). */
  seed?: string | null;
}

/**
 * One open sandbox as a use case sees it: its store, its clock, its settings. It lives for one request
 * (or one job), so clock, settings and secret are read from the database once and remembered.
 */
export class Sandbox {
  private clockState: SimClockState | undefined;
  private settingsValue: SandboxSettings | undefined;
  private secretValue: string | undefined;

  constructor(
    readonly id: string,
    readonly store: SandboxStore,
    private readonly time: TimeSource,
    /** Every value this sandbox generates (PAKs, IDs, tokens, message IDs) draws from here. */
    readonly random: Random,
  ) {}

  clock(): SimClockState {
    this.clockState ??= this.store.settings.get<SimClockState>('clock') as SimClockState;
    return this.clockState;
  }

  setClock(state: SimClockState): void {
    this.store.settings.put('clock', state);
    this.clockState = state;
  }

  realNowMs(): number {
    return this.time.nowMs();
  }

  nowMs(): number {
    return simNowMs(this.clock(), this.time.nowMs());
  }

  settings(): SandboxSettings {
    this.settingsValue ??= {
      ...DEFAULT_SETTINGS,
      ...this.store.settings.get<Partial<SandboxSettings>>('settings'),
    };
    return { ...this.settingsValue };
  }

  origin(): SandboxOrigin {
    return this.store.settings.get<SandboxOrigin>('origin') as SandboxOrigin;
  }

  /** The per-sandbox key that binds activation keys to serials. */
  secret(): string {
    this.secretValue ??= this.store.settings.get<string>('secret') as string;
    return this.secretValue;
  }

  seed(): string | null {
    return this.origin().seed ?? null;
  }

  /**
   * A portal bearer token. Seeded sandboxes derive it from seed, sandbox ID and Cisco.com ID: the same
   * for the same sandbox, yet unique across sandboxes, since one token must pick one sandbox.
   */
  newUserToken(ccoId: string): string {
    const seed = this.seed();
    const source = seed === null ? this.random : derivedRandom(seed, `user-token\0${this.id}\0${ccoId}`);
    return `lps_${idGenerators(source).token()}`;
  }
}
