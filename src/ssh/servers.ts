/**
 * SSH transport for the simulated ASAs: one listener per device, on its own loopback port. Like
 * src/http, it only carries lines to the CLI service and text back; all behaviour is in
 * src/domain/asa-cli.ts.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type ssh2 from 'ssh2';
import type { Connection, ServerChannel } from 'ssh2';
import type { SshConfig } from '../config.js';
import { expectsSecret, newSession, type CliSession } from '../domain/asa-cli.js';
import { DomainError } from '../domain/errors.js';
import { cliPrompt, requireAsa, runCliLine } from '../services/asa-cli.js';
import type { SandboxService } from '../services/sandboxes.js';
import { AsaTerminal, type LineResult } from './terminal.js';

type SshServer = InstanceType<typeof ssh2.Server>;

/** ssh2 (and its crypto) is loaded when the first simulated ASA starts listening, not at start-up. */
let ssh2Module: Promise<typeof ssh2> | undefined;
const loadSsh2 = () => (ssh2Module ??= import('ssh2').then((m) => m.default));

export interface SshEndpoint {
  host: string;
  port: number;
}

interface Listener {
  sandboxId: string;
  serial: string;
  server: SshServer;
  port: number;
  connections: Set<DeviceConnection>;
}

interface DeviceConnection {
  client: Connection;
  /** Ends the shell with a last word to the user, then the connection. */
  close(message: string): void;
}

const BANNER = "Type help or '?' for a list of available commands.\n";

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export class AsaSshServers {
  private readonly listeners = new Map<string, Listener>();
  /** Syncs run one at a time, so two requests never start the same device twice. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      sandboxes: SandboxService;
      log: FastifyBaseLogger;
      config: SshConfig;
      /** Called when the first device starts listening: generating keys takes a while. */
      hostKeys: () => string[];
    },
  ) {}

  /** Where a device listens, or null (SSH disabled, no free port, or no such device). */
  endpoint(sandboxId: string, serial: string): SshEndpoint | null {
    const l = this.listeners.get(key(sandboxId, serial));
    return l ? { host: this.deps.config.host, port: l.port } : null;
  }

  /** Every sandbox's devices listening, e.g. at start. */
  async syncAll(ids: string[]): Promise<void> {
    for (const id of ids) await this.sync(id);
  }

  /** Makes a sandbox's listeners match its devices: new devices start, deleted ones stop. */
  sync(sandboxId: string): Promise<void> {
    const run = this.queue.then(() => this.reconcile(sandboxId));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.queue;
    await Promise.all(
      [...this.listeners.values()].map((l) => this.stop(l, 'the simulator is shutting down')),
    );
  }

  private async reconcile(sandboxId: string): Promise<void> {
    let serials: string[] = [];
    try {
      serials = this.deps.sandboxes
        .open(sandboxId)
        .store.asaDevices.list()
        .map((d) => d.serial);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
    for (const l of [...this.listeners.values()]) {
      if (l.sandboxId === sandboxId && !serials.includes(l.serial)) {
        await this.stop(l, `the simulated ASA ${l.serial} was removed`);
      }
    }
    for (const serial of serials) {
      if (!this.listeners.has(key(sandboxId, serial))) await this.start(sandboxId, serial);
    }
  }

  private async start(sandboxId: string, serial: string): Promise<void> {
    const log = this.deps.log.child({ sandbox: sandboxId, serial });
    const connections = new Set<DeviceConnection>();
    const { Server } = await loadSsh2();
    const server = new Server({ hostKeys: this.deps.hostKeys(), ident: 'Cisco-1.25' }, (client, info) =>
      this.accept(sandboxId, serial, connections, client, info.ip, log),
    );
    server.on('error', (err: Error) => log.error({ err }, 'SSH listener error'));
    const port = await this.bind(server);
    if (port === null) {
      log.warn(
        { range: this.deps.config.ports },
        'no free port left in SSH_PORT_RANGE: this simulated ASA is not reachable over SSH',
      );
      return;
    }
    this.listeners.set(key(sandboxId, serial), { sandboxId, serial, server, port, connections });
    log.info({ port }, 'simulated ASA listening for SSH');
  }

  private async bind(server: SshServer): Promise<number | null> {
    const { host, ports } = this.deps.config;
    const taken = new Set([...this.listeners.values()].map((l) => l.port));
    for (let port = ports.from; port <= ports.to; port++) {
      if (taken.has(port)) continue;
      try {
        return await new Promise<number>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, host, () => {
            server.off('error', reject);
            resolve((server.address() as { port: number }).port);
          });
        });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EADDRINUSE' && code !== 'EACCES') throw err;
      }
    }
    return null;
  }

  private async stop(l: Listener, reason: string): Promise<void> {
    this.listeners.delete(key(l.sandboxId, l.serial));
    for (const c of l.connections) c.close(`\r\n\r\nConnection closed: ${reason}.\r\n`);
    await new Promise<void>((resolve) => l.server.close(() => resolve()));
  }

  private accept(
    sandboxId: string,
    serial: string,
    connections: Set<DeviceConnection>,
    client: Connection,
    ip: string,
    log: FastifyBaseLogger,
  ): void {
    const { idleTimeoutMs, maxSessions } = this.deps.config;
    client.on('error', (err: Error) => log.debug({ err }, 'SSH connection error'));
    if (connections.size >= maxSessions) {
      log.warn({ ip, maxSessions }, 'SSH connection refused: SSH_MAX_SESSIONS sessions already open');
      client.end();
      return;
    }
    let shell: ServerChannel | null = null;
    let timer: NodeJS.Timeout | undefined;
    const conn: DeviceConnection = {
      client,
      close: (message) => {
        clearTimeout(timer);
        connections.delete(conn);
        if (shell?.writable) {
          shell.write(message);
          shell.exit(0);
          shell.end();
        }
        client.end();
      },
    };
    connections.add(conn);
    const touch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        log.info({ ip }, 'SSH session idle: closed');
        conn.close('\r\n\r\nSession idle timeout: closing the connection.\r\n');
      }, idleTimeoutMs);
      timer.unref();
    };
    touch();
    client.on('close', () => {
      clearTimeout(timer);
      connections.delete(conn);
    });

    let username = '';
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'password') return ctx.reject(['password']);
      if (this.checkPassword(sandboxId, serial, ctx.username, ctx.password)) {
        username = ctx.username;
        return ctx.accept();
      }
      log.warn({ ip, username: ctx.username }, 'SSH login refused: bad username or password');
      ctx.reject(['password']);
    });

    client.on('ready', () => {
      log.info({ ip, username }, 'SSH login');
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('pty', (accept) => accept?.());
        session.on('window-change', (accept) => accept?.());
        session.on('env', (accept) => accept?.());
        session.on('exec', (_accept, reject) => reject?.());
        session.on('shell', (acceptShell) => {
          const channel = acceptShell();
          shell = channel;
          this.runShell(sandboxId, serial, username, channel, conn, touch);
        });
      });
    });
  }

  private checkPassword(sandboxId: string, serial: string, username: string, password: string): boolean {
    try {
      const device = requireAsa(this.deps.sandboxes.open(sandboxId), serial);
      return sameText(username, device.username) && sameText(password, device.password);
    } catch (err) {
      if (err instanceof DomainError) return false;
      throw err;
    }
  }

  private runShell(
    sandboxId: string,
    serial: string,
    username: string,
    channel: ServerChannel,
    conn: DeviceConnection,
    touch: () => void,
  ): void {
    let session: CliSession = newSession(username);
    const terminal = new AsaTerminal(
      {
        write: (text) => {
          if (channel.writable) channel.write(text);
        },
        close: () => conn.close(''),
      },
      (line): LineResult => {
        try {
          const result = runCliLine(this.deps.sandboxes.open(sandboxId), serial, session, line);
          session = result.session;
          return {
            output: result.output,
            prompt: result.close ? '' : cliPrompt(this.deps.sandboxes.open(sandboxId), serial, session),
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
      },
    );
    channel.on('data', (data: Buffer) => {
      touch();
      terminal.input(data.toString('utf8'));
    });
    try {
      terminal.start(BANNER, cliPrompt(this.deps.sandboxes.open(sandboxId), serial, session));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      conn.close(`Connection closed: ${err.message}.\r\n`);
    }
  }
}

const key = (sandboxId: string, serial: string) => `${sandboxId}\0${serial}`;
