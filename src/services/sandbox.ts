import { simNowMs, type SimClockState, type TimeSource } from '../domain/clock.js';
import type { Random } from '../domain/random.js';
import type { SandboxStore } from '../storage/sandbox-store.js';

export interface SandboxSettings {
  /** The FAQ's pop-up blocker quirk: lets "register all quantity" through, deactivating the PAK. */
  popupBlocker: boolean;
  /** Default delay between eDelivery and a PAK becoming active, for orders that do not set one. */
  activationDelayMs: number;
  /** Delay before a license email lands ("Your License Key will be emailed within the hour"). */
  mailDelayMs: number;
  /** Fraction of messages filed in the recipient's Spam folder ("please check your Spam folder"). */
  mailLoss: number;
  /** Portal requests kept in the request journal (0 turns the journal off). */
  journalSize: number;
}

export const DEFAULT_SETTINGS: SandboxSettings = {
  popupBlocker: false,
  activationDelayMs: 4 * 3_600_000,
  mailDelayMs: 0,
  mailLoss: 0,
  journalSize: 1000,
};

export type ScenarioName = 'demo' | 'empty';

/** How the sandbox was created; reset recreates it from this. */
export interface SandboxOrigin {
  scenario: ScenarioName;
  startMs: number | null;
  frozen: boolean;
  settings: Partial<SandboxSettings>;
}

/** One open sandbox as a use case sees it: its store, its clock, its settings. */
export class Sandbox {
  constructor(
    readonly id: string,
    readonly store: SandboxStore,
    private readonly time: TimeSource,
    /** Every value this sandbox generates (PAKs, IDs, tokens, message IDs) draws from here. */
    readonly random: Random,
  ) {}

  clock(): SimClockState {
    return this.store.getSetting<SimClockState>('clock') as SimClockState;
  }

  setClock(state: SimClockState): void {
    this.store.putSetting('clock', state);
  }

  realNowMs(): number {
    return this.time.nowMs();
  }

  nowMs(): number {
    return simNowMs(this.clock(), this.time.nowMs());
  }

  settings(): SandboxSettings {
    return { ...DEFAULT_SETTINGS, ...this.store.getSetting<Partial<SandboxSettings>>('settings') };
  }

  origin(): SandboxOrigin {
    return this.store.getSetting<SandboxOrigin>('origin') as SandboxOrigin;
  }

  /** The per-sandbox key that binds activation keys to serials. */
  secret(): string {
    return this.store.getSetting<string>('secret') as string;
  }
}
