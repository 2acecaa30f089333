/** Sign in (choose a sandbox and a user, or paste a user token) and sign out. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_SANDBOX } from '../../domain/defaults.js';
import { listUsers } from '../../services/users.js';
import type { RouteContext } from '../context.js';
import { attempt, one, type FieldErrors, type FormBody } from './forms.js';
import { hidden, render } from './render.js';
import { endSession, isTrainer, startSession, UI_PREFIX } from './session.js';

export const INVALID_TOKEN_MESSAGE = 'This token does not belong to any sandbox user';

export function signInPages(app: FastifyInstance, ctx: RouteContext): void {
  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { sandbox?: string; ccoId?: string; token?: string },
    errors: FieldErrors = {},
    status = 200,
  ) => {
    const chooser = isTrainer(ctx.adminToken, request);
    const wanted = form.sandbox || request.portal?.sandbox.id || DEFAULT_SANDBOX;
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
        errors,
      },
      { title: 'Sign in', nav: 'sign-in', status },
    );
  };

  app.get<{ Querystring: { sandbox?: string } }>('/sign-in', hidden, async (request, reply) =>
    page(request, reply, { sandbox: request.query.sandbox }),
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
    startSession(ctx.sessions, reply, token);
    return reply.redirect(`${UI_PREFIX}/`, 303);
  });

  app.post('/sign-out', hidden, async (request, reply) => {
    endSession(ctx.sessions, request, reply);
    return reply.redirect(`${UI_PREFIX}/sign-in`, 303);
  });
}
