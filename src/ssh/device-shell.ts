/**
 * The interactive shell of a simulated ASA, whatever carries its bytes: an SSH channel or the web
 * console's WebSocket. Both run this one session (the same CliSession and AsaTerminal: pager,
 * enable, config mode, line editing), so what a trainee sees in the browser is what an SSH client
 * shows. The commands themselves are src/domain/asa-cli.ts, run through the CLI service.
 */
import { expectsSecret, newSession, type CliSession } from '../domain/asa-cli.js';
import { DomainError } from '../domain/errors.js';
import { cliHelp, cliPrompt, runCliLine } from '../services/asa-cli.js';
import type { SandboxService } from '../services/sandboxes.js';
import { AsaTerminal, type LineResult, type TerminalIo, type TerminalLimits } from './terminal.js';

export const BANNER = "Type help or '?' for a list of available commands.\n";

export interface DeviceShell {
  /** Keystrokes or pasted text, as the client sent them. */
  input(data: string): void;
}

/**
 * Starts a session as `username` (who `show` and "Configuration last modified by" name) at the
 * device's `hostname>` prompt. The sandbox is opened for every line: a reset or a removed device is
 * seen at the next line, which then ends the session with the reason.
 */
export function openDeviceShell(
  sandboxes: SandboxService,
  sandboxId: string,
  serial: string,
  username: string,
  io: TerminalIo,
  limits?: TerminalLimits,
): DeviceShell {
  let session: CliSession = newSession(username);
  const run = (line: string): LineResult => {
    try {
      const result = runCliLine(sandboxes.open(sandboxId), serial, session, line);
      session = result.session;
      return {
        output: result.output,
        prompt: result.close ? '' : cliPrompt(sandboxes.open(sandboxId), serial, session),
        close: result.close,
        pager: session.pager,
        secret: expectsSecret(session),
      };
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return {
        output: `\nConnection closed: ${err.message}.\n`,
        prompt: '',
        close: true,
        pager: 0,
        secret: false,
      };
    }
  };
  const help = (line: string) => {
    try {
      return cliHelp(sandboxes.open(sandboxId), serial, session, line);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return { output: '', prompt: '' };
    }
  };
  const terminal = new AsaTerminal(io, run, help, limits);
  try {
    terminal.start(BANNER, cliPrompt(sandboxes.open(sandboxId), serial, session));
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    io.write(`Connection closed: ${err.message}.\r\n`);
    io.close();
  }
  return { input: (data) => terminal.input(data) };
}
