import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ServiceDeps } from '../services/deps.js';
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
  /** The simulated ASAs' SSH listeners (null when SSH is disabled). */
  asaSsh: AsaSshServers | null;
}
