/**
 * The simulator inside another project's test suite (like moto's threaded server): a real HTTP server on
 * 127.0.0.1 and a free port, in-memory data, no logs, and helpers for the control plane.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from './config.js';
import { startServer } from './server.js';
import type { MailFilter, MailSummary } from './services/mailbox.js';
import type { ClockView, CreateSandboxInput, SandboxInfo } from './services/sandboxes.js';
import type { UserInput, UserView } from './services/users.js';

export interface StartPortalOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default ':memory:'; a folder keeps the data. */
  dataDir?: string;
  /** Default: a random one (16+ characters), handed back as `adminToken`. */
  adminToken?: string;
  /** Default 'demo': the "default" sandbox holds the demo users and PAKs. */
  seed?: 'demo' | 'none';
  /** Default 'silent'. */
  logLevel?: Config['logLevel'];
}

export interface CreateSandboxOptions extends CreateSandboxInput {
  /** Users to add after the scenario's own (the demo scenario has jdoe and asmith; empty has none). */
  users?: UserInput[];
}

export interface PortalSandbox extends SandboxInfo {
  users: UserView[];
  /** Cisco.com ID → portal API bearer token. */
  tokens: Record<string, string>;
}

export interface Portal {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** Send as Authorization: Bearer <adminToken> to /__admin. */
  adminToken: string;
  createSandbox(options?: CreateSandboxOptions): Promise<PortalSandbox>;
  deleteSandbox(id: string): Promise<void>;
  advanceClock(sandboxId: string, by: string): Promise<ClockView>;
  mailbox(sandboxId: string, filter?: MailFilter): Promise<MailSummary[]>;
  close(): Promise<void>;
}

/** A control-plane call that failed; `code` and `message` are the API's error. */
export class PortalError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'PortalError';
  }
}

export async function startPortal(options: StartPortalOptions = {}): Promise<Portal> {
  const adminToken = options.adminToken ?? randomBytes(16).toString('hex');
  const config = loadConfig({
    PORT: String(options.port ?? 0),
    HOST: options.host ?? '127.0.0.1',
    DATA_DIR: options.dataDir ?? ':memory:',
    ADMIN_TOKEN: adminToken,
    SEED: options.seed ?? 'demo',
    LOG_LEVEL: options.logLevel ?? 'silent',
    LOG_FORMAT: 'json',
    // Simulated ASAs listen on ports the system picks: several suites may run side by side.
    SSH_PORT_RANGE: '0',
  });
  const server = await startServer(config);

  const admin = async <T>(method: 'GET' | 'POST' | 'DELETE', url: string, body?: object): Promise<T> => {
    const res = await server.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${adminToken}` },
      ...(body === undefined ? {} : { payload: body }),
    });
    const parsed: unknown = res.body ? JSON.parse(res.body) : null;
    if (res.statusCode >= 400) {
      const { error } = parsed as { error: { code: string; message: string; details?: unknown } };
      throw new PortalError(res.statusCode, error.code, error.message, error.details);
    }
    return parsed as T;
  };

  return {
    url: server.url,
    adminToken,
    async createSandbox({ users = [], ...input } = {}) {
      const info = await admin<SandboxInfo>('POST', '/__admin/sandboxes', input);
      for (const user of users) await admin('POST', `/__admin/sandboxes/${info.id}/users`, user);
      const list = await admin<{ users: UserView[] }>('GET', `/__admin/sandboxes/${info.id}/users`);
      return {
        ...info,
        users: list.users,
        tokens: Object.fromEntries(list.users.map((u) => [u.ccoId, u.token])),
      };
    },
    async deleteSandbox(id) {
      await admin('DELETE', `/__admin/sandboxes/${encodeURIComponent(id)}`);
    },
    advanceClock: (sandboxId, by) =>
      admin<ClockView>('POST', `/__admin/sandboxes/${encodeURIComponent(sandboxId)}/clock`, {
        action: 'advance',
        by,
      }),
    async mailbox(sandboxId, filter = {}) {
      const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined));
      const list = await admin<{ messages: MailSummary[] }>(
        'GET',
        `/__admin/sandboxes/${encodeURIComponent(sandboxId)}/mail?${query}`,
      );
      return list.messages;
    },
    close: () => server.close(),
  };
}
