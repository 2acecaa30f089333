import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { LogController, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DEFAULT_LIMITS, type Limits, type SshConfig } from './config.js';
import { Capacity } from './domain/capacity.js';
import { systemTime, type TimeSource } from './domain/clock.js';
import { DEFAULT_SANDBOX } from './domain/defaults.js';
import type { Random } from './domain/random.js';
import type { App, RouteContext } from './http/context.js';
import { controlPlane } from './http/admin/index.js';
import { cssmApi } from './http/cssm/index.js';
import { clientErrorHandler, frameworkErrors, installErrorHandling, StorageHealth } from './http/errors.js';
import { registerOpenApi } from './http/openapi.js';
import { portalApi } from './http/portal/index.js';
import { installRequestEdge, requestIdGenerator } from './http/requests.js';
import { webPortal } from './http/ui/index.js';
import { hidden } from './http/ui/render.js';
import { PortalSessions, UI_PREFIX } from './http/ui/session.js';
import { healthRoutes } from './http/health.js';
import { SHARED_SCHEMAS } from './http/schemas.js';
import { lazySerializers } from './http/serialization.js';
import { validatorCompiler } from './http/validation.js';
import { FileRenderer } from './mail/files.js';
import { MailRenderer } from './mail/renderer.js';
import { readScenarioFiles } from './services/scenario-files.js';
import { SandboxEvents } from './services/events.js';
import { JOB_HANDLERS } from './services/job-handlers.js';
import { RequestJournal } from './services/journal.js';
import { DEFAULT_RELAY, MailRelay } from './services/mail-relay.js';
import { MailWaits } from './services/mail-wait.js';
import { pooledCryptoRandom } from './services/crypto-random.js';
import { SandboxService } from './services/sandboxes.js';
import { lazyHostKeys } from './ssh/host-keys.js';
import { AsaSshServers } from './ssh/servers.js';
import { SandboxDatabases } from './storage/sandbox-databases.js';

const DEFAULT_CONSOLE_IDLE_MS = 300_000;
export interface AppOptions {
  dataDir: string;
  adminToken: string | null;
  seed: 'demo' | 'none';
  /** A folder of scenario files, one sandbox each, loaded by boot(). */
  scenariosDir?: string | null;
  sandboxCacheSize?: number;
  logger?: FastifyServerOptions['logger'];
  /** Injected in tests: the wall clock under every sandbox clock, and the random source. */
  time?: TimeSource;
  random?: Random;
  /** The real-time wait behind injected latency; tests record instead of waiting. */
  sleep?: (ms: number) => Promise<void>;
  /** SMTP_URL: relay every captured message to this server too. */
  smtpUrl?: string | null;
  /** Relay retries (defaults: 5 attempts, 1 s doubling); tests shorten them. */
  relay?: { attempts?: number; backoffMs?: number };
  /** SSH for the simulated ASAs; absent or disabled: no listeners. */
  ssh?: SshConfig;
  /** TRUST_PROXY: believe X-Forwarded-Proto/-For (request.protocol, request.ip) from the proxy in front. */
  trustProxy?: boolean;
  /** Caps on waits, event streams and imports (defaults: DEFAULT_LIMITS). */
  limits?: Partial<Limits>;
}

export interface BuiltApp {
  app: App;
  context: RouteContext;
  /**
   * Loads the sandboxes the server starts with: one per file in SCENARIOS_DIR, then the default
   * sandbox if it does not exist. /readyz answers 200 once this has finished. Throws a ScenarioError
   * naming file, path and problem when a scenario cannot be loaded; nothing of it is left behind.
   */
  boot(): Promise<{ scenarios: string[] }>;
}

/** Builds the server without listening: storage, services, plugins, error handling, then the routes. */
export async function buildApp(options: AppOptions): Promise<BuiltApp> {
  const cryptoRandom = pooledCryptoRandom();
  const dbs = new SandboxDatabases({ dataDir: options.dataDir, cacheSize: options.sandboxCacheSize ?? 200 });
  const events = new SandboxEvents((err) => app.log.error({ err }, 'sandbox event listener failed'));
  const deps = {
    dbs,
    time: options.time ?? systemTime,
    random: options.random ?? cryptoRandom,
    mail: new MailRenderer(),
    files: new FileRenderer(),
    events,
  };
  const sandboxes = new SandboxService(deps, JOB_HANDLERS);
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  let ready = false;

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    return503OnClosing: false,
    trustProxy: options.trustProxy ?? false,
    // One line per request instead of Fastify's two (installRequestEdge).
    logController: new LogController({ disableRequestLogging: true }),
    clientErrorHandler,
    frameworkErrors,
    schemaController: { compilersFactory: { buildSerializer: lazySerializers() } },
    // Request IDs are not sandbox data: they never draw from a (possibly seeded) sandbox source.
    genReqId: requestIdGenerator(cryptoRandom),
  }).withTypeProvider<TypeBoxTypeProvider>();
  // What a crash left half-made (see SandboxDatabases.recover): said once, at start.
  for (const line of dbs.recovered) app.log.warn(`start-up recovery: ${line}`);
  const asaSsh = options.ssh?.enabled
    ? new AsaSshServers({
        sandboxes,
        log: app.log.child({ component: 'ssh' }),
        config: options.ssh,
        hostKeys: lazyHostKeys(options.dataDir, (message) => app.log.warn(message)),
      })
    : null;
  const context: RouteContext = {
    deps,
    sandboxes,
    adminToken: options.adminToken,
    isReady: () => ready,
    storage: new StorageHealth(),
    sessions: new PortalSessions(cryptoRandom),
    asaSsh,
    // The web console closes idle sessions as SSH does (5 minutes unless SSH_IDLE_TIMEOUT says otherwise).
    consoleIdleTimeoutMs: options.ssh?.idleTimeoutMs ?? DEFAULT_CONSOLE_IDLE_MS,
    portalOperations: [],
    journal: new RequestJournal((err) => app.log.warn({ err }, 'request journal: entries not written')),
    sleep: options.sleep ?? ((ms) => sleep(ms)),
    mailWaits: new MailWaits(deps, sandboxes, new Capacity(limits.waitsPerSandbox, limits.waitsTotal)),
    streams: new Capacity(limits.streamsPerSandbox, limits.streamsTotal),
    limits,
  };
  app.setValidatorCompiler(validatorCompiler(SHARED_SCHEMAS));
  const relay = options.smtpUrl
    ? new MailRelay(deps, sandboxes, { url: options.smtpUrl, ...DEFAULT_RELAY, ...options.relay }, (err) =>
        app.log.error({ err }, 'SMTP relay: could not record a delivery'),
      )
    : null;
  app.addHook('onClose', async () => {
    relay?.close();
    context.journal.close();
    await asaSsh?.close();
    sandboxes.close();
    dbs.close();
  });

  // Before the faces: shared schemas visible to all, swagger sees every route, root hooks apply to all.
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  await registerOpenApi(app);
  installErrorHandling(app);
  context.storage.install(app);
  installRequestEdge(app);

  // The route table: one plugin per face, each with its prefix and its own hooks.
  healthRoutes(app, context);
  await app.register(portalApi, { prefix: '/api/v1', ctx: context });
  await app.register(controlPlane, { prefix: '/__admin', ctx: context });
  await app.register(cssmApi, { ctx: context }); // Cisco's paths: /as/, /oauth2/ and CSSM_PREFIX
  await app.register(webPortal, { prefix: UI_PREFIX, ctx: context });
  app.get('/', hidden, async (_request, reply) => reply.redirect(`${UI_PREFIX}/`));

  const boot = async () => {
    const files = options.scenariosDir ? await readScenarioFiles(options.scenariosDir) : [];
    const scenarios = sandboxes.loadScenarioFiles(files);
    if (!dbs.registry.getSandbox(DEFAULT_SANDBOX)) {
      sandboxes.create({
        id: DEFAULT_SANDBOX,
        name: 'Default sandbox',
        scenario: options.seed === 'none' ? 'empty' : 'demo',
      });
    }
    await asaSsh?.syncAll(dbs.registry.listSandboxes().map((s) => s.id));
    ready = true;
    return { scenarios };
  };
  return { app, context, boot };
}
