/** Sign in (choose a sandbox and a user, or paste a user token) and sign out. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_SANDBOX } from '../../domain/defaults.js';
import { listUsers } from '../../services/users.js';
import type { RouteContext } from '../context.js';
import { attempt, one, type FieldErrors, type FormBody } from './forms.js';
import { hidden, render } from './render.js';
import { endedSession, endSession, isTrainer, startSession, UI_PREFIX } from './session.js';

export const INVALID_TOKEN_MESSAGE = 'This token does not belong to any sandbox user';

export function signInPages(app: FastifyInstance, ctx: RouteContext): void {
  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { sandbox?: string; ccoId?: string; token?: string; ended?: string },
    errors: FieldErrors = {},
    status = 200,
  ) => {
    const chooser = isTrainer(ctx.adminToken, request);
    const ended = form.ended ?? endedSession(request) ?? undefined;
    const wanted = form.sandbox || request.portal?.sandbox.id || ended || DEFAULT_SANDBOX;
    const sandboxes = chooser ? ctx.sandboxes.names(wanted) : [];
    const selected = sandboxes.find((s) => s.id === wanted) ?? sandboxes[0];
    const users = selected
      ? listUsers(ctx.sandboxes.open(selected.id)).map((u) => ({
          ccoId: u.ccoId,
          name: u.name,
          email: u.email,
          selected: u.ccoId === form.ccoId,
        }))
      : [];
    return render(
      ctx,
      request,
      reply,
      'sign-in',
      {
        chooser,
        sandboxes: sandboxes.map((s) => ({ ...s, selected: s.id === selected?.id })),
        selectedSandbox: selected?.id ?? '',
        users,
        token: form.token ?? '',
        linkSandbox: linkSandbox(form.token),
        ended: ended && {
          sandbox: ended,
          message: `Your session in sandbox ${ended} ended: the trainer reset the sandbox or gave you a new token. Sign in again${chooser ? '; your sandbox is selected below' : ' with the link or token from your trainer'}.`,
        },
        errors,
      },
      { title: 'Sign in', nav: 'sign-in', status },
    );
  };

  // A trainee's link from the class sheet: the token filled in, one click to sign in (a GET changes nothing).
  const linkSandbox = (token: string | undefined) => {
    if (!token) return null;
    const found = attempt(() => ctx.sandboxes.openByToken(token));
    return found.ok && found.value ? { id: found.value.sandbox.id, user: found.value.user.name } : null;
  };

  app.get<{ Querystring: { sandbox?: string; token?: string; ended?: string } }>(
    '/sign-in',
    hidden,
    async (request, reply) =>
      page(request, reply, {
        sandbox: request.query.sandbox,
        token: request.query.token?.trim(),
        ended: request.query.ended,
      }),
  );

  app.post<{ Body: FormBody }>('/sign-in', hidden, async (request, reply) => {
    const form = {
      sandbox: one(request.body, 'sandbox'),
      ccoId: one(request.body, 'ccoId'),
      token: one(request.body, 'token').trim(),
    };
    let token = form.token;
    if (!token) {
      if (!isTrainer(ctx.adminToken, request)) {
        return page(request, reply, form, { token: 'Paste the portal token your trainer gave you' }, 400);
      }
      const found = attempt(() =>
        listUsers(ctx.sandboxes.open(form.sandbox)).find((u) => u.ccoId === form.ccoId),
      );
      if (!found.ok) return page(request, reply, form, { sandbox: found.error.message }, 404);
      if (!found.value) return page(request, reply, form, { ccoId: 'Choose a user' }, 400);
      token = found.value.token;
    }
    const session = attempt(() => ctx.sandboxes.openByToken(token));
    if (!session.ok || !session.value) {
      return page(request, reply, form, { token: INVALID_TOKEN_MESSAGE }, 401);
    }
    startSession(ctx.sessions, reply, token, session.value.sandbox.id);
    return reply.redirect(`${UI_PREFIX}/`, 303);
  });

  app.post('/sign-out', hidden, async (request, reply) => {
    endSession(ctx.sessions, request, reply);
    return reply.redirect(`${UI_PREFIX}/sign-in`, 303);
  });
}
