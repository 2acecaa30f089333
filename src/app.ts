import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { systemTime, type TimeSource } from './domain/clock.js';
import type { Random } from './domain/random.js';
import { adminRoutes } from './http/admin-routes.js';
import { installPortalAuth } from './http/auth.js';
import type { App, RouteContext } from './http/context.js';
import { clientErrorHandler, frameworkErrors, installErrorHandling } from './http/errors.js';
import { lifecycleRoutes } from './http/lifecycle-routes.js';
import { healthRoutes } from './http/health-routes.js';
import { portalRoutes } from './http/portal-routes.js';
import { SHARED_SCHEMAS } from './http/schemas.js';
import { lazySerializers } from './http/serialization.js';
import { validatorCompiler } from './http/validation.js';
import { FileRenderer } from './mail/files.js';
import { MailRenderer } from './mail/renderer.js';
import { SandboxService } from './services/sandboxes.js';
import { SandboxDatabases } from './storage/sandbox-databases.js';

export const DEFAULT_SANDBOX = 'default';
export const VERSION = '0.1.0';

export interface AppOptions {
  dataDir: string;
  adminToken: string | null;
  seed: 'demo' | 'none';
  sandboxCacheSize?: number;
  logger?: FastifyServerOptions['logger'];
  /** Injected in tests: the wall clock under every sandbox clock, and the random source. */
  time?: TimeSource;
  random?: Random;
}

export interface BuiltApp {
  app: App;
  context: RouteContext;
}

const cryptoRandom: Random = { bytes: (n) => randomBytes(n) };

/** Builds the server without listening: storage, services, plugins, error handling, then the routes. */
export async function buildApp(options: AppOptions): Promise<BuiltApp> {
  const dbs = new SandboxDatabases({ dataDir: options.dataDir, cacheSize: options.sandboxCacheSize ?? 200 });
  const deps = {
    dbs,
    time: options.time ?? systemTime,
    random: options.random ?? cryptoRandom,
    mail: new MailRenderer(),
    files: new FileRenderer(),
  };
  const sandboxes = new SandboxService(deps);
  let ready = false;
  const context: RouteContext = { deps, sandboxes, adminToken: options.adminToken, isReady: () => ready };

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    return503OnClosing: false,
    clientErrorHandler,
    frameworkErrors,
    schemaController: { compilersFactory: { buildSerializer: lazySerializers() } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler(SHARED_SCHEMAS));
  app.addHook('onClose', async () => {
    sandboxes.close();
    dbs.close();
  });

  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'license-portal-sim',
        version: VERSION,
        description:
          'A simulated Cisco License Registration Portal: AnyConnect PAKs, activation keys and Transactions History ' +
          '(portal API, /api/v1), and the control plane for sandboxes, users, orders, the simulated clock and the mailbox (/__admin).',
      },
      tags: [
        { name: 'portal', description: 'What a Cisco.com user does on the License Registration Portal' },
        { name: 'control plane', description: 'Sandboxes, users, orders, clock, settings, mailbox' },
        { name: 'health', description: 'Probes' },
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
        },
      },
    },
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

  if (!dbs.registry.getSandbox(DEFAULT_SANDBOX)) {
    sandboxes.create({
      id: DEFAULT_SANDBOX,
      name: 'Default sandbox',
      scenario: options.seed === 'none' ? 'empty' : 'demo',
    });
  }
  ready = true;
  return { app, context };
}
