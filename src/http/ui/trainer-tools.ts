/**
 * The trainer panel's tools for one sandbox, each calling the service its control-plane route calls:
 * faults (POST /__admin/sandboxes/:id/faults), simulated ASAs (asa-devices, rma), the whole mailbox
 * (mail), the request journal (requests), snapshot and clone. Every form answers 303 back to its page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ASA_MODELS } from '../../domain/asa-models.js';
import type { FaultInput } from '../../domain/faults.js';
import { createAsaDevice, deleteAsaDevice, listAsaDevices, returnDevice } from '../../services/devices.js';
import { clearFaults, createFault, deleteFault, listFaults, type FaultView } from '../../services/faults.js';
import { listRequests } from '../../services/journal.js';
import { getMail, listMail, mailSearch } from '../../services/mailbox.js';
import type { RouteContext } from '../context.js';
import { attempt, one, type FieldErrors, type FormBody } from './forms.js';
import { hidden, render } from './render.js';
import { isTrainer, UI_PREFIX } from './session.js';

type Forms = Record<string, string>;

const NOTICES: Record<string, string> = {
  fault: 'Fault added.',
  'fault-removed': 'Fault removed.',
  'faults-cleared': 'Every fault removed.',
  asa: 'Simulated ASA created; it listens for SSH as shown.',
  'asa-removed': 'Simulated ASA removed.',
};

const optionsText = (f: FaultView) =>
  [
    f.delay && `delay ${f.delay}`,
    f.min && `${f.min} to ${f.max}`,
    f.status !== undefined && `status ${f.status}`,
    f.rate !== undefined && `rate ${f.rate}`,
    f.when && `${f.when} the work`,
    f.message && `"${f.message}"`,
  ]
    .filter(Boolean)
    .join(', ');

const optional = (v: string) => (v.trim() === '' ? undefined : v.trim());
const number = (v: string) => (v.trim() === '' ? undefined : Number(v.trim()));

function faultInput(body: FormBody): FaultInput {
  const kind = one(body, 'kind');
  const operation = optional(one(body, 'operation'));
  if (kind === 'latency') {
    return {
      kind,
      ...(operation ? { operation } : {}),
      ...(optional(one(body, 'delay')) ? { delay: one(body, 'delay').trim() } : {}),
      ...(optional(one(body, 'min')) ? { min: one(body, 'min').trim() } : {}),
      ...(optional(one(body, 'max')) ? { max: one(body, 'max').trim() } : {}),
    };
  }
  if (kind === 'maintenance') {
    const message = optional(one(body, 'message'));
    return { kind, ...(message ? { message } : {}) };
  }
  const status = number(one(body, 'status'));
  const rate = number(one(body, 'rate'));
  const message = optional(one(body, 'message'));
  const when = one(body, 'when') === 'after' ? 'after' : 'before';
  return {
    kind: 'error',
    ...(operation ? { operation } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(rate !== undefined ? { rate } : {}),
    ...(message ? { message } : {}),
    when,
  };
}

export function trainerTools(app: FastifyInstance, ctx: RouteContext): void {
  const trainerOnly = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isTrainer(ctx.adminToken, request)) return reply.redirect(`${UI_PREFIX}/trainer`, 303);
  };
  const guard = { ...hidden, preHandler: trainerOnly };
  const base = (id: string) => `${UI_PREFIX}/trainer/sandboxes/${encodeURIComponent(id)}`;
  const back = (reply: FastifyReply, id: string, page: string, done: string) =>
    reply.redirect(`${base(id)}/${page}?done=${done}`, 303);
  const notice = (request: FastifyRequest) => NOTICES[(request.query as { done?: string }).done ?? ''];
  type Id = { Params: { id: string } };

  // Faults
  const faultsPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: Record<string, Forms> = {},
    errors: Record<string, FieldErrors> = {},
    status = 200,
  ) =>
    render(
      ctx,
      request,
      reply,
      'trainer-faults',
      {
        info: ctx.sandboxes.info(id),
        section: 'Faults',
        notice: notice(request),
        faults: listFaults(ctx.sandboxes.open(id)).map((f) => ({ ...f, options: optionsText(f) })),
        operations: ctx.portalOperations,
        form,
        errors,
      },
      { title: `Faults in ${id}`, nav: 'trainer', status },
    );

  app.get<Id>('/trainer/sandboxes/:id/faults', guard, async (request, reply) =>
    faultsPage(request, reply, request.params.id),
  );
  app.post<Id & { Body: FormBody }>('/trainer/sandboxes/:id/faults', guard, async (request, reply) => {
    const id = request.params.id;
    const body = request.body ?? {};
    const kind = one(body, 'kind');
    const created = attempt(() =>
      createFault(ctx.sandboxes.open(id), faultInput(body), ctx.portalOperations),
    );
    if (!created.ok) {
      const fields = Object.fromEntries(
        ['operation', 'status', 'rate', 'message', 'when', 'delay', 'min', 'max'].map((n) => [
          n,
          one(body, n),
        ]),
      );
      return faultsPage(request, reply, id, { [kind]: fields }, { [kind]: created.errors }, created.status);
    }
    return back(reply, id, 'faults', 'fault');
  });
  app.post<{ Params: { id: string; faultId: string } }>(
    '/trainer/sandboxes/:id/faults/:faultId/delete',
    guard,
    async (request, reply) => {
      deleteFault(ctx.sandboxes.open(request.params.id), Number(request.params.faultId));
      return back(reply, request.params.id, 'faults', 'fault-removed');
    },
  );
  app.post<Id>('/trainer/sandboxes/:id/faults/delete', guard, async (request, reply) => {
    clearFaults(ctx.sandboxes.open(request.params.id));
    return back(reply, request.params.id, 'faults', 'faults-cleared');
  });

  // Simulated ASAs
  const asasPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: Forms = {},
    errors: FieldErrors = {},
    status = 200,
  ) => {
    const done = (request.query as { done?: string; serial?: string }) ?? {};
    return render(
      ctx,
      request,
      reply,
      'trainer-asas',
      {
        info: ctx.sandboxes.info(id),
        section: 'Simulated ASAs',
        notice:
          done.done === 'rma'
            ? `RMA done for ${done.serial ?? ''}: its licenses are stripped from the portal; register the replacement's serial.`
            : notice(request),
        asas: listAsaDevices(ctx.sandboxes.open(id)).map((d) => ({
          ...d,
          ssh: ctx.asaSsh?.endpoint(id, d.serial) ?? null,
        })),
        models: ASA_MODELS.map((m) => m.model),
        form: { model: 'ASA 5516-X', ...form },
        errors,
      },
      { title: `Simulated ASAs in ${id}`, nav: 'trainer', status },
    );
  };
  app.get<Id>('/trainer/sandboxes/:id/asas', guard, async (request, reply) =>
    asasPage(request, reply, request.params.id),
  );
  app.post<Id & { Body: FormBody }>('/trainer/sandboxes/:id/asas', guard, async (request, reply) => {
    const id = request.params.id;
    const form: Forms = Object.fromEntries(
      ['model', 'serial', 'chassisSerial', 'hostname', 'failoverRole', 'failoverPeer'].map((n) => [
        n,
        one(request.body, n).trim(),
      ]),
    );
    const created = attempt(() =>
      createAsaDevice(ctx.sandboxes.open(id), {
        model: form.model ?? '',
        serial: form.serial ?? '',
        ...(form.chassisSerial ? { chassisSerial: form.chassisSerial } : {}),
        ...(form.hostname ? { hostname: form.hostname } : {}),
        ...(form.failoverRole === 'primary' || form.failoverRole === 'secondary'
          ? { failoverRole: form.failoverRole }
          : {}),
        ...(form.failoverPeer ? { failoverPeer: form.failoverPeer } : {}),
      }),
    );
    if (!created.ok) return asasPage(request, reply, id, form, created.errors, created.status);
    await ctx.asaSsh?.sync(id);
    return back(reply, id, 'asas', 'asa');
  });
  app.post<{ Params: { id: string; serial: string } }>(
    '/trainer/sandboxes/:id/asas/:serial/rma',
    guard,
    async (request, reply) => {
      const { id, serial } = request.params;
      const done = returnDevice(ctx.sandboxes.open(id), serial);
      return reply.redirect(`${base(id)}/asas?done=rma&serial=${encodeURIComponent(done.serial)}`, 303);
    },
  );
  app.post<{ Params: { id: string; serial: string } }>(
    '/trainer/sandboxes/:id/asas/:serial/delete',
    guard,
    async (request, reply) => {
      const { id, serial } = request.params;
      deleteAsaDevice(ctx.sandboxes.open(id), serial);
      await ctx.asaSsh?.sync(id);
      return back(reply, id, 'asas', 'asa-removed');
    },
  );

  // The whole mailbox
  app.get<Id & { Querystring: { to?: string; folder?: string } }>(
    '/trainer/sandboxes/:id/mail',
    guard,
    async (request, reply) => {
      const id = request.params.id;
      const to = request.query.to?.trim() || undefined;
      const folder =
        request.query.folder === 'inbox' || request.query.folder === 'spam' ? request.query.folder : 'all';
      return render(
        ctx,
        request,
        reply,
        'trainer-mail',
        {
          info: ctx.sandboxes.info(id),
          section: 'Mailbox',
          filter: { to: to ?? '', folder },
          messages: listMail(ctx.sandboxes.open(id), mailSearch({ ...(to ? { to } : {}), folder }, 'all')),
        },
        { title: `Mailbox of ${id}`, nav: 'trainer' },
      );
    },
  );
  app.get<{ Params: { id: string; messageId: string } }>(
    '/trainer/sandboxes/:id/mail/:messageId',
    guard,
    async (request, reply) => {
      const id = request.params.id;
      const message = getMail(ctx.sandboxes.open(id), request.params.messageId);
      return render(
        ctx,
        request,
        reply,
        'trainer-mail-message',
        { info: ctx.sandboxes.info(id), section: 'Mailbox', message },
        { title: message.subject, nav: 'trainer' },
      );
    },
  );

  // The request journal
  app.get<Id & { Querystring: { status?: string; operation?: string } }>(
    '/trainer/sandboxes/:id/requests',
    guard,
    async (request, reply) => {
      const id = request.params.id;
      const filter = {
        status: request.query.status?.trim() ?? '',
        operation: request.query.operation?.trim() ?? '',
      };
      const found = attempt(() =>
        listRequests(ctx.sandboxes.open(id), {
          ...(filter.status ? { status: filter.status } : {}),
          ...(filter.operation ? { operation: filter.operation } : {}),
        }),
      );
      return render(
        ctx,
        request,
        reply,
        'trainer-journal',
        {
          info: ctx.sandboxes.info(id),
          section: 'Request journal',
          filter,
          operations: ctx.portalOperations,
          entries: found.ok ? found.value.requests : [],
          errors: found.ok ? {} : found.errors,
        },
        { title: `Request journal of ${id}`, nav: 'trainer', status: found.ok ? 200 : found.status },
      );
    },
  );

  // Snapshot and clone
  app.get<Id>('/trainer/sandboxes/:id/snapshot', guard, async (request, reply) => {
    const file = ctx.sandboxes.snapshot(request.params.id);
    return reply
      .header('content-type', 'application/vnd.sqlite3')
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('cache-control', 'no-store')
      .send(file.content);
  });
}
