/**
 * The trainer panel: sandboxes, and for one sandbox its clock (advance, freeze), reset, settings and
 * users, snapshot import, clone, through the same SandboxService calls as the /__admin control plane.
 * With an ADMIN_TOKEN the panel asks for it once (a signed cookie remembers); without one it is open,
 * like /__admin. Faults, ASAs, mail and the journal are trainer-tools.ts; scenarios and classes are
 * class-pages.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SettingsPatch } from '../../services/sandbox-settings.js';
import type { ClockAction } from '../../services/sandboxes.js';
import { createUser, listUsers } from '../../services/users.js';
import type { RouteContext } from '../context.js';
import {
  attempt,
  attemptAsync,
  checked,
  one,
  uploadField,
  uploadFile,
  type FieldErrors,
  type FormBody,
} from './forms.js';
import { hidden, render } from './render.js';
import { endTrainer, isTrainer, startTrainer, UI_PREFIX } from './session.js';

const QUICK_ADVANCES = ['15m', '1h', '4h', '1d', '30d'];
const SETTING_FIELDS = [
  'activationDelay',
  'mailDelay',
  'shareDelay',
  'activationCodeTtl',
  'contractDelay',
  'smartAccountRequestDelay',
] as const;

const NOTICES: Record<string, string> = {
  clock: 'The clock moved; the work that fell due has run.',
  settings: 'Settings saved.',
  reset: 'The sandbox was rebuilt from its scenario; users keep their portal tokens.',
  user: 'User added.',
  created: 'Sandbox created.',
  cloned: 'Sandbox cloned: the same world, clock and mail; the users have new tokens.',
  imported: 'Snapshot imported: the users have new tokens.',
};

type Forms = Record<string, string>;

export function trainerPages(app: FastifyInstance, ctx: RouteContext): void {
  const trainerOnly = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isTrainer(ctx.adminToken, request)) return reply.redirect(`${UI_PREFIX}/trainer`, 303);
  };
  const guard = { ...hidden, preHandler: trainerOnly };
  const back = (reply: FastifyReply, id: string, done: string) =>
    reply.redirect(`${UI_PREFIX}/trainer/sandboxes/${encodeURIComponent(id)}?done=${done}`, 303);

  // The panel shows one page of the list at a time; a bad cursor (an old link) starts from the top.
  const trainerList = (request: FastifyRequest) => {
    const cursor = (request.query as { cursor?: unknown } | undefined)?.cursor;
    let page;
    try {
      page = ctx.sandboxes.page(typeof cursor === 'string' ? { cursor } : {});
    } catch {
      page = ctx.sandboxes.page();
    }
    return {
      sandboxes: page.sandboxes,
      total: page.total,
      more: page.total > page.sandboxes.length,
      nextPage: page.next === null ? null : `${UI_PREFIX}/trainer?cursor=${encodeURIComponent(page.next)}`,
    };
  };

  const listPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Forms = {},
    errors: FieldErrors = {},
    status = 200,
  ) => {
    if (!isTrainer(ctx.adminToken, request)) {
      return render(
        ctx,
        request,
        reply,
        'trainer-sign-in',
        { errors },
        { title: 'Trainer panel', nav: 'trainer', status },
      );
    }
    return render(
      ctx,
      request,
      reply,
      'trainer',
      {
        ...trainerList(request),
        scenarios: ctx.sandboxes
          .scenarioNames()
          .map((s) => ({ name: s.name, selected: s.name === (form.scenario ?? 'demo') })),
        form,
        errors,
        signedInWithToken: ctx.adminToken !== null,
      },
      { title: 'Trainer panel', nav: 'trainer', status },
    );
  };

  const sandboxPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: Forms = {},
    errors: FieldErrors = {},
    status = 200,
  ) => {
    const info = ctx.sandboxes.info(id);
    const settings = {
      popupBlocker: form.popupBlocker !== undefined ? form.popupBlocker === 'on' : info.settings.popupBlocker,
      ...Object.fromEntries(SETTING_FIELDS.map((n) => [n, form[n] ?? info.settings[n]])),
    };
    const done = (request.query as { done?: string }).done;
    return render(
      ctx,
      request,
      reply,
      'trainer-sandbox',
      {
        info,
        users: listUsers(ctx.sandboxes.open(id)),
        quickAdvances: QUICK_ADVANCES,
        settings,
        form,
        errors,
        notice: done ? NOTICES[done] : undefined,
      },
      { title: `Trainer panel: ${info.name}`, nav: 'trainer', status },
    );
  };

  app.get('/trainer', hidden, async (request, reply) => listPage(request, reply));

  app.post<{ Body: FormBody }>('/trainer/sign-in', hidden, async (request, reply) => {
    if (startTrainer(ctx.adminToken, reply, one(request.body, 'adminToken').trim())) {
      return reply.redirect(`${UI_PREFIX}/trainer`, 303);
    }
    return listPage(
      request,
      reply,
      {},
      { adminToken: 'This is not the ADMIN_TOKEN the server was started with' },
      401,
    );
  });

  app.post('/trainer/sign-out', hidden, async (_request, reply) => {
    endTrainer(reply);
    return reply.redirect(`${UI_PREFIX}/trainer`, 303);
  });

  app.post<{ Body: FormBody }>('/trainer/sandboxes', guard, async (request, reply) => {
    const form = {
      id: one(request.body, 'id').trim(),
      name: one(request.body, 'name').trim(),
      scenario: one(request.body, 'scenario'),
      startTime: one(request.body, 'startTime').trim(),
      frozen: checked(request.body, 'frozen') ? 'on' : '',
    };
    const created = attempt(() =>
      ctx.sandboxes.create({
        ...(form.id ? { id: form.id } : {}),
        ...(form.name ? { name: form.name } : {}),
        scenario: form.scenario || 'demo',
        ...(form.startTime ? { startTime: form.startTime } : {}),
        frozen: form.frozen === 'on',
      }),
    );
    if (!created.ok) return listPage(request, reply, form, created.errors, created.status);
    return back(reply, created.value.id, 'created');
  });

  app.get<{ Params: { id: string } }>('/trainer/sandboxes/:id', guard, async (request, reply) =>
    sandboxPage(request, reply, request.params.id),
  );

  app.post<{ Params: { id: string }; Body: FormBody }>(
    '/trainer/sandboxes/:id/clock',
    guard,
    async (request, reply) => {
      const id = request.params.id;
      const action = one(request.body, 'action');
      const by = one(request.body, 'by').trim();
      const to = one(request.body, 'to').trim();
      const change: ClockAction =
        action === 'freeze' || action === 'unfreeze'
          ? { action }
          : action === 'set'
            ? { action, to }
            : { action: 'advance', by };
      const moved = attempt(() => ctx.sandboxes.moveClock(id, change));
      if (!moved.ok) {
        const errors = moved.errors._form ? { by: moved.errors._form } : moved.errors;
        return sandboxPage(request, reply, id, { by, to }, errors, moved.status);
      }
      return back(reply, id, 'clock');
    },
  );

  app.post<{ Params: { id: string }; Body: FormBody }>(
    '/trainer/sandboxes/:id/settings',
    guard,
    async (request, reply) => {
      const id = request.params.id;
      const patch: SettingsPatch = { popupBlocker: checked(request.body, 'popupBlocker') };
      const form: Forms = { popupBlocker: patch.popupBlocker ? 'on' : '' };
      for (const name of SETTING_FIELDS) {
        const value = one(request.body, name).trim();
        form[name] = value;
        patch[name] = value;
      }
      const saved = attempt(() => ctx.sandboxes.updateSettings(id, patch));
      if (!saved.ok) return sandboxPage(request, reply, id, form, saved.errors, saved.status);
      return back(reply, id, 'settings');
    },
  );

  app.post<{ Params: { id: string } }>('/trainer/sandboxes/:id/reset', guard, async (request, reply) => {
    ctx.sandboxes.reset(request.params.id);
    return back(reply, request.params.id, 'reset');
  });

  app.post<{ Params: { id: string }; Body: FormBody }>(
    '/trainer/sandboxes/:id/users',
    guard,
    async (request, reply) => {
      const id = request.params.id;
      const form = {
        ccoId: one(request.body, 'ccoId').trim(),
        email: one(request.body, 'email').trim(),
        name: one(request.body, 'name'),
        company: one(request.body, 'company'),
      };
      const created = attempt(() => createUser(ctx.deps, ctx.sandboxes.open(id), form));
      if (!created.ok)
        return sandboxPage(request, reply, id, { ...form, userForm: 'on' }, created.errors, created.status);
      return back(reply, id, 'user');
    },
  );

  app.post<{ Params: { id: string }; Body: FormBody }>(
    '/trainer/sandboxes/:id/clone',
    guard,
    async (request, reply) => {
      const id = request.params.id;
      const cloneId = one(request.body, 'id').trim();
      const made = attempt(() => ctx.sandboxes.clone(id, cloneId ? { id: cloneId } : {}));
      if (!made.ok) {
        const errors = { cloneId: made.errors.id ?? made.errors._form ?? made.error.message };
        return sandboxPage(request, reply, id, { cloneId }, errors, made.status);
      }
      await ctx.asaSsh?.sync(made.value.id);
      return back(reply, made.value.id, 'cloned');
    },
  );

  // multipart/form-data: the snapshot file and the new ID (the upload limit is the face's).
  app.post('/trainer/snapshots', guard, async (request, reply) => {
    const form = { importId: uploadField(request.body, 'id').trim() };
    const file = await uploadFile(request.body, 'snapshot');
    if (!file) return listPage(request, reply, form, { snapshot: 'Choose a snapshot file (.sqlite3)' }, 400);
    const made = await attemptAsync(() =>
      ctx.sandboxes.importSnapshot(file.content, form.importId ? { id: form.importId } : {}),
    );
    if (!made.ok) {
      const key = made.errors.id !== undefined ? 'importId' : 'snapshot';
      return listPage(request, reply, form, { [key]: made.error.message }, made.status);
    }
    await ctx.asaSsh?.sync(made.value.id);
    return back(reply, made.value.id, 'imported');
  });
}
