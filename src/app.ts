import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { systemTime, type TimeSource } from './domain/clock.js';
import type { Random } from './domain/random.js';
import { adminRoutes } from './http/admin-routes.js';
import type { App, RouteContext } from './http/context.js';
import { installErrorHandling } from './http/errors.js';
import { addExamples, loadExamples } from './http/openapi.js';
import { lifecycleRoutes } from './http/lifecycle-routes.js';
import { healthRoutes } from './http/health-routes.js';
import { portalRoutes } from './http/portal-routes.js';
import { SHARED_SCHEMAS } from './http/schemas.js';
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
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler(SHARED_SCHEMAS));
  app.addHook('onClose', async () => {
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
          '(portal API, /api/v1), and the control plane for sandboxes, users, orders, the simulated clock and the mailbox (/__admin).',
      },
      servers: [{ url: '/', description: 'The server that serves this document' }],
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
