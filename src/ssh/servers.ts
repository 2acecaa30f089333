/**
 * SSH transport for the simulated ASAs: one listener per device, on its own loopback port. Like
 * src/http, it only carries lines to the CLI service and text back; all behaviour is in
 * src/domain/asa-cli.ts.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import type ssh2 from 'ssh2';
import type { Connection, ServerChannel } from 'ssh2';
import type { SshConfig } from '../config.js';
import { DomainError } from '../domain/errors.js';
import { requireAsa } from '../services/asa-cli.js';
import type { SandboxService } from '../services/sandboxes.js';
import { openDeviceShell } from './device-shell.js';

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
  tcp: NetServer;
  /** Every open socket, logged in or not. */
  sockets: Set<Socket>;
  port: number;
  connections: Set<DeviceConnection>;
}

interface DeviceConnection {
  client: Connection;
  /** Ends the shell with a last word to the user, then the connection. */
  close(message: string): void;
}

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export class AsaSshServers {
  private readonly listeners = new Map<string, Listener>();
  /** TCP connections to all devices, logged in or not: SSH_MAX_CONNECTIONS bounds them together. */
  private connectionCount = 0;
  /** Peers (ip:port) that have logged in; any other connection is closed at SSH_LOGIN_TIMEOUT. */
  private readonly loggedIn = new Set<string>();
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
      this.accept(sandboxId, serial, connections, client, `${info.ip}:${info.port}`, info.ip, log),
    );
    server.on('error', (err: Error) => log.error({ err }, 'SSH listener error'));
    // Our own TCP listener hands sockets to ssh2: ssh2 sees a connection only once the client has
    // sent its SSH header, so a silent socket would otherwise escape every limit.
    const sockets = new Set<Socket>();
    const tcp = createServer((socket) => this.admit(server, socket, sockets, log));
    tcp.on('error', (err: Error) => log.error({ err }, 'SSH listener error'));
    const port = await this.bind(tcp);
    if (port === null) {
      log.warn(
        { range: this.deps.config.ports },
        'no free port left in SSH_PORT_RANGE: this simulated ASA is not reachable over SSH',
      );
      return;
    }
    this.listeners.set(key(sandboxId, serial), { sandboxId, serial, tcp, sockets, port, connections });
    log.info({ port }, 'simulated ASA listening for SSH');
  }

  private admit(server: SshServer, socket: Socket, sockets: Set<Socket>, log: FastifyBaseLogger): void {
    const { loginTimeoutMs, maxConnections } = this.deps.config;
    socket.on('error', () => undefined);
    if (this.connectionCount >= maxConnections) {
      log.warn(
        { ip: socket.remoteAddress, maxConnections },
        'SSH connection refused: SSH_MAX_CONNECTIONS connections already open',
      );
      socket.destroy();
      return;
    }
    this.connectionCount++;
    sockets.add(socket);
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    const login = setTimeout(() => {
      if (this.loggedIn.has(peer)) return;
      log.info({ ip: socket.remoteAddress }, 'SSH connection closed: no login within SSH_LOGIN_TIMEOUT');
      socket.destroy();
    }, loginTimeoutMs);
    login.unref();
    socket.once('close', () => {
      clearTimeout(login);
      this.connectionCount--;
      sockets.delete(socket);
    });
    server.injectSocket(socket);
  }

  private async bind(server: NetServer): Promise<number | null> {
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
    const closed = new Promise<void>((resolve) => l.tcp.close(() => resolve()));
    // Sockets that never logged in have no shell to say goodbye on.
    for (const socket of l.sockets)
      if (!this.loggedIn.has(`${socket.remoteAddress}:${socket.remotePort}`)) socket.destroy();
    await closed;
  }

  private accept(
    sandboxId: string,
    serial: string,
    connections: Set<DeviceConnection>,
    client: Connection,
    peer: string,
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
      this.loggedIn.delete(peer);
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
      this.loggedIn.add(peer);
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
    const shell = openDeviceShell(
      this.deps.sandboxes,
      sandboxId,
      serial,
      username,
      {
        write: (text) => {
          if (channel.writable) channel.write(text);
        },
        close: () => conn.close(''),
      },
      { maxLineLength: this.deps.config.maxLineLength },
    );
    channel.on('data', (data: Buffer) => {
      touch();
      shell.input(data.toString('utf8'));
    });
  }
}

const key = (sandboxId: string, serial: string) => `${sandboxId}\0${serial}`;
