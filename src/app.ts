import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { SshConfig } from './config.js';
import { systemTime, type TimeSource } from './domain/clock.js';
import { DEFAULT_SANDBOX, VERSION } from './domain/defaults.js';
import type { Random } from './domain/random.js';
import { apiClientRoutes } from './http/admin/api-clients.js';
import { asaRoutes } from './http/admin/asa-devices.js';
import { eventsRoutes } from './http/admin/events.js';
import { faultsRoutes } from './http/admin/faults.js';
import { journalRoutes } from './http/admin/journal.js';
import { licensingRoutes } from './http/admin/licensing.js';
import { mailRoutes } from './http/admin/mail.js';
import { adminRoutes } from './http/admin/sandboxes.js';
import { harnessRoutes } from './http/admin/snapshots.js';
import { installPortalAuth } from './http/auth.js';
import { cssmRoutes } from './http/cssm/index.js';
import type { App, RouteContext } from './http/context.js';
import { clientErrorHandler, CSSM_TAG, frameworkErrors, installErrorHandling } from './http/errors.js';
import { addExamples, loadExamples } from './http/openapi.js';
import { lifecycleRoutes } from './http/portal/lifecycle.js';
import { installHarness, requestIdGenerator } from './http/harness.js';
import { healthRoutes } from './http/health.js';
import { portalRoutes } from './http/portal/registrations.js';
import { SHARED_SCHEMAS } from './http/schemas.js';
import { uiRoutes } from './http/ui/index.js';
import { lazySerializers } from './http/serialization.js';
import { validatorCompiler } from './http/validation.js';
import { FileRenderer } from './mail/files.js';
import { MailRenderer } from './mail/renderer.js';
import { readScenarioFiles } from './services/scenario-files.js';
import { SandboxEvents } from './services/events.js';
import { RequestJournal } from './services/journal.js';
import { DEFAULT_RELAY, MailRelay } from './services/mail-relay.js';
import { pooledCryptoRandom } from './services/crypto-random.js';
import { SandboxService } from './services/sandboxes.js';
import { loadHostKeys } from './ssh/host-keys.js';
import { AsaSshServers } from './ssh/servers.js';
import { SandboxDatabases } from './storage/sandbox-databases.js';

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
  const sandboxes = new SandboxService(deps);
  let ready = false;

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    return503OnClosing: false,
    clientErrorHandler,
    frameworkErrors,
    schemaController: { compilersFactory: { buildSerializer: lazySerializers() } },
    // Request IDs are not sandbox data: they never draw from a (possibly seeded) sandbox source.
    genReqId: requestIdGenerator(cryptoRandom),
  }).withTypeProvider<TypeBoxTypeProvider>();
  const asaSsh = options.ssh?.enabled
    ? new AsaSshServers({
        sandboxes,
        log: app.log.child({ component: 'ssh' }),
        config: options.ssh,
        hostKeys: loadHostKeys(options.dataDir),
      })
    : null;
  const context: RouteContext = {
    deps,
    sandboxes,
    adminToken: options.adminToken,
    isReady: () => ready,
    asaSsh,
    portalOperations: [],
    journal: new RequestJournal((err) => app.log.warn({ err }, 'request journal: entries not written')),
    sleep: options.sleep ?? ((ms) => sleep(ms)),
  };
  app.setValidatorCompiler(validatorCompiler(SHARED_SCHEMAS));
  installHarness(app, context);
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

  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  const examples = loadExamples();
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'license-portal-sim',
        version: VERSION,
        license: { name: 'MIT', identifier: 'MIT' },
        description:
          'A simulated Cisco License Registration Portal: AnyConnect PAKs, activation keys and Transactions History ' +
          '(portal API, /api/v1), and the control plane for sandboxes, users, orders, the simulated clock, the mailbox, ' +
          'injected faults and the request journal (/__admin). Every response carries X-Request-Id (yours when you ' +
          'send a sane one). Every portal POST accepts Idempotency-Key.',
      },
      servers: [{ url: '/', description: 'The server that serves this document' }],
      tags: [
        { name: 'portal', description: 'What a Cisco.com user does on the License Registration Portal' },
        { name: 'control plane', description: 'Sandboxes, users, orders, clock, settings, mailbox' },
        { name: 'health', description: 'Probes' },
        {
          name: CSSM_TAG,
          description:
            "A subset of Cisco's Smart Accounts and Licensing API at Cisco's paths (OAuth token, accounts, Virtual Accounts, " +
            'licenses, registration tokens, transfers, devices). Errors are {"status":"ERROR","statusMessage","errorCode"}; ' +
            'the token endpoints answer RFC 6749 errors.',
        },
      ],
      components: {
        securitySchemes: {
          userToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'A sandbox user token (GET /__admin/sandboxes/{id}/users)',
          },
          adminToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'ADMIN_TOKEN, when the server was started with one',
          },
          cssmBearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'A Smart Software Manager access token (POST /as/token.oauth2 with an API client)',
          },
        },
      },
    },
    transformObject: (document) =>
      'openapiObject' in document ? addExamples(document.openapiObject, examples) : document.swaggerObject,
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  installErrorHandling(app);
  installPortalAuth(app, sandboxes);
  healthRoutes(app, context);
  portalRoutes(app, context);
  adminRoutes(app, context);
  lifecycleRoutes(app, context);
  licensingRoutes(app, context);
  harnessRoutes(app, context);
  faultsRoutes(app, context);
  journalRoutes(app, context);
  mailRoutes(app, context);
  eventsRoutes(app, context);
  asaRoutes(app, context);
  apiClientRoutes(app, context);
  cssmRoutes(app, context);
  uiRoutes(app, context);

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
