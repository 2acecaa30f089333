import type { StorageHealth } from './errors.js';
import type { PortalSessions } from './ui/session.js';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Capacity } from '../domain/capacity.js';
import type { Limits } from '../config.js';
import type { ServiceDeps } from '../services/deps.js';
import type { MailWaits } from '../services/mail-wait.js';
import type { RequestJournal } from '../services/journal.js';
import type { SandboxService } from '../services/sandboxes.js';
import type { AsaSshServers } from '../ssh/servers.js';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** What route handlers reach: the services and the control-plane password. */
export interface RouteContext {
  deps: ServiceDeps;
  sandboxes: SandboxService;
  adminToken: string | null;
  isReady(): boolean;
  /** Whether the last write reached the disk (/readyz). */
  storage: StorageHealth;
  /** The web portal's signed-in browsers. */
  sessions: PortalSessions;
  /** operationIds of the portal API (/api/v1), collected as its routes are added. */
  portalOperations: string[];
  /** The request journal's write buffer. */
  journal: RequestJournal;
  /** Real-time wait behind injected latency (a test can record instead of waiting). */
  sleep(ms: number): Promise<void>;
  /** The simulated ASAs' SSH listeners (null when SSH is disabled). */
  asaSsh: AsaSshServers | null;
  /** The web ASA console's idle timeout (SSH_IDLE_TIMEOUT, as for SSH sessions). */
  consoleIdleTimeoutMs: number;
  /** Mailbox waits (capped per sandbox and per server). */
  mailWaits: MailWaits;
  /** Event streams open, per sandbox and in all. */
  streams: Capacity;
  limits: Limits;
}

/** The options app.ts registers each face plugin with (besides its prefix). */
export interface FaceOptions {
  ctx: RouteContext;
}
