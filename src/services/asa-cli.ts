import {
  helpFor,
  runLine,
  newSession,
  promptOf,
  type CliResult,
  type CliSession,
} from '../domain/asa-cli.js';
import { runningPermanentKey, type AsaState, type DeviceContext } from '../domain/asa-device.js';
import { findAsaModel } from '../domain/asa-models.js';
import { invalid, notFound } from '../domain/errors.js';
import type { AsaCliRow } from '../storage/asa-devices.js';
import type { Sandbox } from './sandbox.js';

export function asaState(row: AsaCliRow): AsaState {
  return {
    serial: row.serial,
    chassisSerial: row.chassisSerial,
    model: row.model,
    hostname: row.hostname,
    softwareVersion: row.softwareVersion ?? findAsaModel(row.model)?.defaultSoftware ?? '9.16(4)',
    failoverRole: row.failoverRole,
    username: row.username,
    password: row.password,
    enablePassword: row.enablePassword,
    runningKey: row.runningKey,
    pendingKey: row.pendingKey,
    timebasedKey: row.timebasedKey,
    essentialsRunning: row.essentialsRunning,
    essentialsSaved: row.essentialsSaved,
    configModifiedMs: row.configModifiedMs,
    configModifiedBy: row.configModifiedBy,
    bootedMs: row.bootedMs,
  };
}

const deviceContext = (sandbox: Sandbox): DeviceContext => ({
  nowMs: sandbox.nowMs(),
  secret: sandbox.secret(),
});

export function requireAsa(sandbox: Sandbox, serial: string): AsaCliRow {
  const row = sandbox.store.asaDevices.cli(serial.toUpperCase());
  if (!row) throw notFound('ASA_NOT_FOUND', `No simulated ASA with serial number ${serial}`, { serial });
  return row;
}

/** One line typed at a simulated ASA, in one transaction: read the device, run, persist what changed. */
export function runCliLine(sandbox: Sandbox, serial: string, session: CliSession, line: string): CliResult {
  const store = sandbox.store;
  return store.write(() => {
    const state = asaState(requireAsa(sandbox, serial));
    const result = runLine(state, session, line, deviceContext(sandbox));
    if (result.changed) store.asaDevices.saveCliState(result.state);
    return result;
  });
}

/** `?` typed at a simulated ASA: the help text and the prompt to show again. */
export function cliHelp(sandbox: Sandbox, serial: string, session: CliSession, line: string) {
  const state = asaState(requireAsa(sandbox, serial));
  return { output: helpFor(state, session, line), prompt: promptOf(state, session) };
}

/** The prompt a session shows now (the hostname can only change through the control plane). */
export function cliPrompt(sandbox: Sandbox, serial: string, session: CliSession): string {
  return promptOf(asaState(requireAsa(sandbox, serial)), session);
}

export interface CliTranscript {
  output: string;
  prompt: string;
  sessionClosed: boolean;
}

export const CONSOLE_USER = 'enable_15';

/**
 * The control plane's CLI: lines run one after another in a fresh privileged EXEC session (as
 * `enable_15`, the ASA's name for an enabled console), with paging off. A line after a question
 * ('[confirm]', 'Save? [Y]es/[N]o') answers it; a question left unanswered is abandoned, as when a
 * session drops.
 */
export function runCliScript(sandbox: Sandbox, serial: string, command: string): CliTranscript {
  const lines = command.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  if (lines.length > 50) {
    throw invalid('TOO_MANY_LINES', 'command: at most 50 lines per call', { field: 'command' });
  }
  requireAsa(sandbox, serial);
  let session: CliSession = { ...newSession(CONSOLE_USER, 'exec'), pager: 0 };
  let output = '';
  let closed = false;
  for (const line of lines) {
    if (session.pending) output += '\n';
    const result = runCliLine(sandbox, serial, session, line);
    output += result.output;
    session = result.session;
    if (result.close) {
      closed = true;
      break;
    }
  }
  if (session.pending && !closed) {
    output += '\n';
    session = { ...session, pending: null };
  }
  return { output, prompt: closed ? '' : cliPrompt(sandbox, serial, session), sessionClosed: closed };
}

/** The keys an ASA runs, for the control plane's view of it. */
export function asaKeys(sandbox: Sandbox, row: AsaCliRow) {
  const state = asaState(row);
  return {
    runningActivationKey: runningPermanentKey(state, deviceContext(sandbox)),
    pendingActivationKey: row.pendingKey,
    timebasedActivationKey: row.timebasedKey,
  };
}
