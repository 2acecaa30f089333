/**
 * The web console's transport: a WebSocket from the browser's terminal (xterm.js) carries keystrokes
 * to a device shell and its output back, as an SSH channel does. Who may open which device is the
 * web face's business; this only moves text, bounded and with the SSH server's idle timeout.
 */
import type { WebSocket } from 'ws';
import type { DeviceShell } from './device-shell.js';
import type { TerminalIo } from './terminal.js';

/** One message is a keystroke or a paste; an activation key with its command is under 100 bytes. */
export const MAX_CONSOLE_MESSAGE = 4096;
/** WebSocket close codes (RFC 6455): normal closure, and a message too big to process. */
const NORMAL = 1000;
const TOO_BIG = 1009;

export interface ConsoleOptions {
  idleTimeoutMs: number;
}

/** Runs the shell `open` starts over the socket until either side closes. */
export function attachConsole(
  socket: WebSocket,
  open: (io: TerminalIo) => DeviceShell,
  options: ConsoleOptions,
): void {
  let timer: NodeJS.Timeout | undefined;
  const end = (code: number, reason: string) => {
    clearTimeout(timer);
    if (socket.readyState === socket.OPEN) socket.close(code, reason);
  };
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (socket.readyState === socket.OPEN)
        socket.send('\r\n\r\nSession idle timeout: closing the connection.\r\n');
      end(NORMAL, 'Session idle timeout');
    }, options.idleTimeoutMs);
    timer.unref();
  };
  const io: TerminalIo = {
    write: (text) => {
      if (socket.readyState === socket.OPEN) socket.send(text);
    },
    close: () => end(NORMAL, 'Session closed by the device'),
  };
  touch();
  const shell = open(io);
  socket.on('message', (data, isBinary) => {
    const text = Buffer.isBuffer(data)
      ? data
      : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
    if (isBinary || text.length > MAX_CONSOLE_MESSAGE) {
      end(TOO_BIG, `Console input is text of at most ${MAX_CONSOLE_MESSAGE} bytes per message`);
      return;
    }
    touch();
    shell.input(text.toString('utf8'));
  });
  socket.on('close', () => clearTimeout(timer));
  socket.on('error', () => end(NORMAL, 'Connection error'));
}
