/**
 * A sandbox's settings as the control plane shows and changes them (durations as text), and the check
 * an imported snapshot's settings must pass: the same rules as PATCH …/settings, applied before
 * anything is installed.
 */
import { MAX_SIM_MS, MIN_SIM_MS, simNowMs, type SimClockState } from '../domain/clock.js';
import { formatDuration, parseDuration } from '../domain/duration.js';
import { DomainError, invalid, unprocessable } from '../domain/errors.js';
import { validateJournalSize, validateRate } from '../domain/faults.js';
import { validateActivationDelay } from '../domain/order.js';
import { DEFAULT_SETTINGS, type SandboxSettings } from './sandbox.js';

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

export function applySettingsPatch(current: SandboxSettings, patch: SettingsPatch): SandboxSettings {
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

const MS_SETTINGS = [
  'activationDelayMs',
  'mailDelayMs',
  'activationCodeTtlMs',
  'shareDelayMs',
  'contractDelayMs',
  'smartAccountRequestDelayMs',
] as const;

const invalidSettings = (field: string, problem: string) =>
  unprocessable('SNAPSHOT_INVALID_SETTINGS', `The snapshot's settings are not valid: ${field}: ${problem}`, {
    field,
  });

/**
 * An imported snapshot's clock and settings, held to the rules PATCH …/settings and the clock routes
 * apply: a sandbox that could not have been made here is refused, not installed.
 */
export function checkImportedSettings(raw: Record<string, string>, realNowMs: number): void {
  const parse = (key: string): unknown => {
    try {
      return JSON.parse(raw[key] as string);
    } catch {
      throw invalidSettings(key, 'not JSON');
    }
  };
  const clock = parse('clock') as Partial<{ frozen: unknown; atMs: unknown; offsetMs: unknown }> | null;
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const clockOk =
    clock !== null &&
    typeof clock === 'object' &&
    ((clock.frozen === true && finite(clock.atMs)) || (clock.frozen === false && finite(clock.offsetMs)));
  if (!clockOk)
    throw invalidSettings('clock', 'must be {"frozen":true,"atMs":…} or {"frozen":false,"offsetMs":…}');
  const now = simNowMs(clock as SimClockState, realNowMs);
  if (!(now >= MIN_SIM_MS && now <= MAX_SIM_MS))
    throw invalidSettings(
      'clock',
      'the sandbox clock runs from 1970-01-01T00:00:00.000Z to 9000-12-31T23:59:59.999Z',
    );

  const stored = parse('settings');
  if (stored === null || typeof stored !== 'object' || Array.isArray(stored))
    throw invalidSettings('settings', 'must be an object');
  const merged = { ...DEFAULT_SETTINGS, ...(stored as Partial<SandboxSettings>) };
  for (const key of Object.keys(stored)) {
    if (!(key in DEFAULT_SETTINGS)) throw invalidSettings(key, 'not a setting');
    const want = typeof DEFAULT_SETTINGS[key as keyof SandboxSettings];
    if (typeof merged[key as keyof SandboxSettings] !== want) throw invalidSettings(key, `must be a ${want}`);
  }
  for (const key of MS_SETTINGS) {
    const ms = merged[key];
    if (!Number.isInteger(ms) || ms < 0 || parseDuration(formatDuration(ms), key) !== ms)
      throw invalidSettings(key, 'must be a whole number of milliseconds from 0 to 100 years');
  }
  try {
    // The same rules as PATCH …/settings, in the same words.
    applySettingsPatch(DEFAULT_SETTINGS, settingsView(merged));
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    throw invalidSettings(
      String((err.details as { field?: string } | undefined)?.field ?? 'settings'),
      err.message,
    );
  }
}

/**
 * Sandboxes as the control plane sees them, and the one door through which every request reaches
 * a sandbox: `open` runs the work that has fallen due on its clock and keeps a timer for the next.
 */
