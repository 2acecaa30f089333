import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import view from '@fastify/view';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import type { App, FaceOptions, RouteContext } from '../context.js';
import { holdUntilAnswered } from '../auth.js';
import { HttpError, statusOf } from '../errors.js';
import { accountPages } from './account-pages.js';
import { classPages } from './class-pages.js';
import { consolePages } from './console-pages.js';
import { contractPages } from './contract-pages.js';
import { lifecyclePages } from './lifecycle-pages.js';
import { trainerTools } from './trainer-tools.js';
import { homePages } from './home-pages.js';
import { licensePages } from './license-pages.js';
import { handlebars, partials, render, UI_PUBLIC, UI_TEMPLATES, XTERM_ASSETS } from './render.js';
import { readSession, UI_PREFIX } from './session.js';
import { sharePages } from './share-pages.js';
import { signInPages } from './sign-in-pages.js';
import { trainerPages } from './trainer-pages.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A static file of the web portal: served without opening the user's sandbox. */
    asset?: true;
  }
}

/**
 * The web portal for trainees and demos (/portal): server-rendered pages over the same services as
 * the API. Its plugins (form bodies, cookies, CSRF, views, static files) live in this encapsulated
 * plugin only, so the JSON API keeps refusing form posts and knows nothing of cookies.
 */
export async function webPortal(app: App, { ctx }: FaceOptions): Promise<void> {
  // Signs the session cookies; made at start, so a restart signs everyone out.
  const cookieSecret = Buffer.from(ctx.deps.random.bytes(32)).toString('hex');
  await app.register(formbody);
  // Uploads (a scenario file, a snapshot): fields land in the body, so the CSRF check reads the token.
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20 },
  });
  await app.register(cookie, { secret: cookieSecret });
  await app.register(csrf, {
    cookieOpts: { path: UI_PREFIX, httpOnly: true, sameSite: 'strict', signed: true },
    getToken: formToken,
  });
  await app.register(view, {
    engine: { handlebars: handlebars() },
    root: UI_TEMPLATES,
    layout: 'layout.hbs',
    production: true,
    options: { partials: partials() },
  });

  app.decorateRequest('portal', null);
  // Opening the user's sandbox also runs its due work: worth it for pages, not for the stylesheet.
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.asset) return;
    request.portal = readSession(ctx.sandboxes, ctx.sessions, request);
    holdUntilAnswered(ctx.sandboxes, reply, request.portal?.sandbox);
  });
  // Every form post carries the token; a post from another site (or a stale page) is refused.
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'POST') app.csrfProtection(request, reply, done);
    else done();
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    // The console page sets its own (xterm.js needs inline styles); every other page gets this one.
    if (!reply.hasHeader('content-security-policy')) {
      reply.header(
        'content-security-policy',
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      );
    }
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    return payload;
  });

  app.setErrorHandler((err: FastifyError, request, reply) => errorPage(ctx, err, request, reply));
  app.setNotFoundHandler((request, reply) =>
    render(
      ctx,
      request,
      reply,
      'error',
      { heading: 'Page not found', message: `No page ${request.url}` },
      {
        title: 'Page not found',
        status: 404,
      },
    ),
  );

  // Registered after the hooks and handlers above, so it inherits them; its routes are marked assets.
  await app.register(async (assets) => {
    assets.addHook('onRoute', (route) => {
      route.config = { ...route.config, asset: true };
    });
    await assets.register(fastifyStatic, { root: UI_PUBLIC, prefix: '/assets/', schemaHide: true });
    // xterm.js's prebuilt files, served from the installed package (no bundler).
    for (const [prefix, root] of Object.entries(XTERM_ASSETS)) {
      await assets.register(fastifyStatic, {
        root,
        prefix,
        schemaHide: true,
        decorateReply: false,
        allowedPath: (path) => /^\/(lib|css)\/[\w.-]+$/.test(path),
      });
    }
  });

  signInPages(app, ctx);
  homePages(app, ctx);
  licensePages(app, ctx);
  sharePages(app, ctx);
  accountPages(app, ctx);
  contractPages(app, ctx);
  trainerPages(app, ctx);
  trainerTools(app, ctx);
  classPages(app, ctx);
  lifecyclePages(app, ctx);
  await consolePages(app, ctx);
}

/** The biggest upload: a sandbox snapshot (the demo one is a few hundred kilobytes). */
const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

/** The form's _csrf field: a string from a urlencoded form, a field object from a multipart one. */
function formToken(request: FastifyRequest): string {
  const field = (request.body as Record<string, unknown> | undefined)?._csrf;
  if (typeof field === 'string') return field;
  const value = (field as { value?: unknown } | undefined)?.value;
  return typeof value === 'string' ? value : '';
}

function errorPage(ctx: RouteContext, err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (err.code === 'FST_CSRF_INVALID_TOKEN' || err.code === 'FST_CSRF_MISSING_SECRET') {
    return render(
      ctx,
      request,
      reply,
      'error',
      {
        heading: 'This form has expired',
        message:
          'The form was not sent from this portal page, or the page is older than your session. Go back, reload the page and try again.',
      },
      { title: 'Form expired', status: 403 },
    );
  }
  let status = 500;
  let message = 'An unexpected error occurred; this is a bug in license-portal-sim.';
  if (err instanceof DomainError || err instanceof HttpError) {
    status = err instanceof HttpError ? err.statusCode : statusOf(err);
    message = err.message;
  } else if (typeof err.statusCode === 'number' && err.statusCode < 500) {
    status = err.statusCode;
    message = err.message;
  } else {
    request.log.error({ err }, 'unhandled error');
  }
  return render(
    ctx,
    request,
    reply,
    'error',
    { heading: status === 404 ? 'Not found' : 'Something went wrong', message },
    { title: 'Error', status },
  );
}
