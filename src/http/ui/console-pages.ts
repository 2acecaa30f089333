/**
 * The ASA console in the browser: a page with a terminal (xterm.js) and a WebSocket into the same
 * device shell the SSH server runs. A trainee reaches only the ASAs of the sandbox they are signed
 * in to; the trainer panel reaches every sandbox's. The upgrade is a GET carrying the session
 * cookie, so it also checks the Origin: another site cannot open a console with a trainee's cookie.
 */
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listAsaDevices, getAsaDevice } from '../../services/devices.js';
import { openDeviceShell } from '../../ssh/device-shell.js';
import { attachConsole, MAX_CONSOLE_MESSAGE } from '../../ssh/web-console.js';
import type { PortalSession } from '../auth.js';
import type { RouteContext } from '../context.js';
import { hidden, render } from './render.js';
import { isTrainer, signedIn, UI_PREFIX } from './session.js';

/** xterm.js draws with <style> elements it makes at run time: the console page allows inline styles. */
export const CONSOLE_CSP =
  "default-src 'none'; style-src 'self' 'unsafe-inline'; script-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const CONSOLE_ASSETS = {
  styles: [`${UI_PREFIX}/assets/xterm/css/xterm.css`],
  scripts: [
    `${UI_PREFIX}/assets/xterm/lib/xterm.js`,
    `${UI_PREFIX}/assets/xterm-fit/lib/addon-fit.js`,
    `${UI_PREFIX}/assets/console.js`,
  ],
};

/** The upgrade must come from a page of this server (browsers always send Origin on WebSockets). */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

export async function consolePages(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  await app.register(websocket, { options: { maxPayload: MAX_CONSOLE_MESSAGE } });
  const idleTimeoutMs = ctx.consoleIdleTimeoutMs;

  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    sandboxId: string,
    serial: string,
    base: string,
    crumbs: Array<{ href: string; label: string }>,
    nav: string,
  ) => {
    const asa = getAsaDevice(ctx.sandboxes.open(sandboxId), serial);
    reply.header('content-security-policy', CONSOLE_CSP);
    return render(
      ctx,
      request,
      reply,
      'console',
      {
        ...CONSOLE_ASSETS,
        asa,
        crumbs,
        socket: `${base}/${encodeURIComponent(asa.serial)}/console/socket`,
        ssh: ctx.asaSsh?.endpoint(sandboxId, asa.serial) ?? null,
        showEnable: true,
      },
      { title: `Console ${asa.hostname}`, nav },
    );
  };

  const refuse = (reply: FastifyReply, status: number, message: string) =>
    reply.status(status).type('text/plain').send(message);

  const socketGuard = (check: (request: FastifyRequest) => string | null) => ({
    ...hidden,
    websocket: true as const,
    preValidation: async (request: FastifyRequest, reply: FastifyReply) => {
      if (!sameOrigin(request))
        return refuse(reply, 403, 'The console opens only from a page of this portal');
      const problem = check(request);
      if (problem) return refuse(reply, 401, problem);
    },
  });

  const connect = (sandboxId: string, serial: string, username: string) => (socket: import('ws').WebSocket) =>
    attachConsole(socket, (io) => openDeviceShell(ctx.sandboxes, sandboxId, serial, username, io), {
      idleTimeoutMs,
    });

  // The trainee's side: their own sandbox's ASAs.
  const guard = { ...hidden, preHandler: signedIn };
  app.get('/asas', guard, async (request, reply) => {
    const { sandbox } = request.portal as PortalSession;
    return render(
      ctx,
      request,
      reply,
      'asas',
      { asas: listAsaDevices(sandbox) },
      { title: 'ASA console', nav: 'asas' },
    );
  });

  app.get<{ Params: { serial: string } }>('/asas/:serial/console', guard, async (request, reply) => {
    const { sandbox } = request.portal as PortalSession;
    return page(
      request,
      reply,
      sandbox.id,
      request.params.serial,
      `${UI_PREFIX}/asas`,
      [{ href: `${UI_PREFIX}/asas`, label: 'ASA console' }],
      'asas',
    );
  });

  app.get<{ Params: { serial: string } }>(
    '/asas/:serial/console/socket',
    socketGuard((request) => (request.portal ? null : 'Sign in to the portal to open a console')),
    (socket, request) => {
      const { sandbox } = request.portal as PortalSession;
      const asa = getAsaDevice(sandbox, (request.params as { serial: string }).serial);
      connect(sandbox.id, asa.serial, asa.login.username)(socket);
    },
  );

  // The trainer's side: any sandbox's ASAs.
  const trainerOnly = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isTrainer(ctx.adminToken, request)) return reply.redirect(`${UI_PREFIX}/trainer`, 303);
  };
  app.get<{ Params: { id: string; serial: string } }>(
    '/trainer/sandboxes/:id/asas/:serial/console',
    { ...hidden, preHandler: trainerOnly },
    async (request, reply) => {
      const { id, serial } = request.params;
      const base = `${UI_PREFIX}/trainer/sandboxes/${encodeURIComponent(id)}`;
      return page(
        request,
        reply,
        id,
        serial,
        `${base}/asas`,
        [
          { href: `${UI_PREFIX}/trainer`, label: 'Trainer panel' },
          { href: base, label: id },
          { href: `${base}/asas`, label: 'Simulated ASAs' },
        ],
        'trainer',
      );
    },
  );

  app.get<{ Params: { id: string; serial: string } }>(
    '/trainer/sandboxes/:id/asas/:serial/console/socket',
    socketGuard((request) =>
      isTrainer(ctx.adminToken, request) ? null : 'Sign in to the trainer panel first',
    ),
    (socket, request) => {
      const { id, serial } = request.params as { id: string; serial: string };
      const asa = getAsaDevice(ctx.sandboxes.open(id), serial);
      connect(id, asa.serial, asa.login.username)(socket);
    },
  );
}
