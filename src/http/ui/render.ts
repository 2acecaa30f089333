/** Rendering a portal page: the template's data plus what every page shows (user, clock, form token). */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Handlebars from 'handlebars';
import { emailDate, portalDate } from '../../domain/dates.js';
import type { PortalSession } from '../auth.js';
import type { RouteContext } from '../context.js';
import { isTrainer } from './session.js';

export const UI_TEMPLATES = fileURLToPath(new URL('../../../templates/ui/', import.meta.url));
export const UI_PUBLIC = fileURLToPath(new URL('../../../public/', import.meta.url));
const packageDir = (name: string) => dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
/** The console's terminal: xterm.js and its fit add-on as published (lib/, css/), by URL prefix. */
export const XTERM_ASSETS: Record<string, string> = {
  '/assets/xterm/': packageDir('@xterm/xterm'),
  '/assets/xterm-fit/': packageDir('@xterm/addon-fit'),
};

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in portal user, set by the signed-in guard. */
    portal: PortalSession | null;
  }
}

/** UI routes stay out of the OpenAPI document: it describes the API, not the pages. */
export const hidden = { schema: { hide: true } } as const;

/** Every file under templates/ui/partials/ is a partial named after it. */
export function partials(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(`${UI_TEMPLATES}partials`)
      .filter((f) => f.endsWith('.hbs'))
      .map((f) => [f.slice(0, -'.hbs'.length), `partials/${f}`]),
  );
}

/** "2026-03-02T09:00:00.000Z" → "2026-03-02 09:00 UTC": the sandbox clock as a person reads it. */
export const clockText = (iso: string | null) =>
  iso === null ? '' : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

export function handlebars(): typeof Handlebars {
  const hbs = Handlebars.create();
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('portalDate', (d: string | null | undefined) => portalDate(d ?? null));
  hbs.registerHelper('shareDate', (d: string | null | undefined) => emailDate(d ?? null));
  hbs.registerHelper('uri', (v: unknown) => encodeURIComponent(String(v ?? '')));
  hbs.registerHelper('clock', (iso: string | null | undefined) => clockText(iso ?? null));
  hbs.registerHelper('join', (list: unknown, sep: unknown) =>
    Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : '',
  );
  return hbs;
}

export interface PageOptions {
  title: string;
  /** The navigation entry to mark as the current page. */
  nav?: string;
  status?: number;
}

export function render(
  ctx: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: object,
  options: PageOptions,
): FastifyReply {
  const session = request.portal;
  const clock = session ? session.sandbox.nowMs() : null;
  const common = {
    title: options.title,
    nav: options.nav ?? '',
    csrf: reply.generateCsrf(),
    trainer: isTrainer(ctx.adminToken, request),
    me: session && {
      ccoId: session.user.ccoId,
      name: session.user.name,
      email: session.user.email,
      sandbox: session.sandbox.id,
      now: clock === null ? null : new Date(clock).toISOString(),
      frozen: session.sandbox.clock().frozen,
      popupBlocker: session.sandbox.settings().popupBlocker,
    },
  };
  return reply
    .status(options.status ?? 200)
    .header('cache-control', 'no-store')
    .view(`${template}.hbs`, { ...common, ...data });
}
