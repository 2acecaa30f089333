/** Manage > Transactions History, the user's devices and keys, and the user's inbox. */
import type { FastifyInstance } from 'fastify';
import { listAsaDevices } from '../../services/devices.js';
import { getDevice, getTransaction, listTransactions } from '../../services/history.js';
import {
  attachmentText,
  inbox,
  inboxAttachment,
  inboxMessage,
  isRecipient,
  listDevices,
  viewableEntries,
} from '../../services/user-portal.js';
import type { PortalSession } from '../auth.js';
import type { RouteContext } from '../context.js';
import { hidden, render } from './render.js';
import { signedIn, UI_PREFIX } from './session.js';

const PAGE_SIZE = 20;

const TYPE_NAMES: Record<string, string> = {
  registration: 'License registration',
  'activation-code': 'Share: activation code',
  share: 'Share License Process',
  'demo-license': 'Demo license',
  'smart-account-sharing': 'Smart Account sharing request',
};

const typeName = (type: string) => TYPE_NAMES[type] ?? type;

export function accountPages(app: FastifyInstance, ctx: RouteContext): void {
  const guard = { ...hidden, preHandler: signedIn };

  app.get<{ Querystring: { page?: string; id?: string } }>('/transactions', guard, async (request, reply) => {
    const { sandbox, user } = request.portal as PortalSession;
    const page = Math.max(1, Math.floor(Number(request.query.page) || 1));
    const search = request.query.id?.trim() ?? '';
    const list = listTransactions(sandbox, user, PAGE_SIZE, (page - 1) * PAGE_SIZE, search || undefined);
    const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
    return render(
      ctx,
      request,
      reply,
      'transactions',
      {
        transactions: list.transactions.map((t) => ({ ...t, typeName: typeName(t.type) })),
        search,
        total: list.total,
        page,
        pages,
        previous: page > 1 ? page - 1 : null,
        next: page < pages ? page + 1 : null,
      },
      { title: 'Transactions History', nav: 'transactions' },
    );
  });

  app.get<{ Params: { id: string } }>('/transactions/:id', guard, async (request, reply) => {
    const { sandbox, user } = request.portal as PortalSession;
    const t = getTransaction(sandbox, user, request.params.id);
    return render(
      ctx,
      request,
      reply,
      'transaction',
      {
        t: {
          ...t,
          typeName: typeName(t.type),
          // Only a message addressed to this user opens in their inbox.
          emailsSent: t.emailsSent.map((m) => ({
            ...m,
            inInbox: m.status === 'delivered' && isRecipient(user, m.to),
          })),
        },
      },
      { title: `Transaction ${t.id}`, nav: 'transactions' },
    );
  });

  app.get<{ Querystring: { serial?: string } }>('/devices', guard, async (request, reply) => {
    const { sandbox, user } = request.portal as PortalSession;
    const wanted = request.query.serial?.trim();
    if (wanted) return reply.redirect(`${UI_PREFIX}/devices/${encodeURIComponent(wanted)}`, 303);
    return render(
      ctx,
      request,
      reply,
      'devices',
      { devices: listDevices(sandbox, user) },
      { title: 'Devices', nav: 'devices' },
    );
  });

  app.get<{ Params: { serial: string } }>('/devices/:serial', guard, async (request, reply) => {
    const { sandbox, user } = request.portal as PortalSession;
    const device = getDevice(sandbox, user, request.params.serial);
    // The serial is a simulated ASA of this sandbox: its console is one click away.
    const asa = listAsaDevices(sandbox).find((d) => d.serial === device.serial);
    return render(
      ctx,
      request,
      reply,
      'device',
      { device, console: asa ? `/portal/asas/${encodeURIComponent(asa.serial)}/console` : null },
      { title: `Device ${device.serial}`, nav: 'devices' },
    );
  });

  app.get('/inbox', guard, async (request, reply) => {
    const { sandbox, user } = request.portal as PortalSession;
    return render(
      ctx,
      request,
      reply,
      'inbox',
      { messages: inbox(sandbox, user) },
      { title: 'Inbox', nav: 'inbox' },
    );
  });

  app.get<{ Params: { id: string } }>('/inbox/:id', guard, async (request, reply) => {
    const { sandbox, user } = request.portal as PortalSession;
    const message = inboxMessage(sandbox, user, request.params.id);
    const attachments = message.attachments.map((a) => ({
      ...a,
      entries: viewableEntries(inboxAttachment(sandbox, user, message.id, a.filename)),
    }));
    return render(
      ctx,
      request,
      reply,
      'message',
      { message: { ...message, attachments } },
      { title: message.subject, nav: 'inbox' },
    );
  });

  app.get<{ Params: { id: string; filename: string } }>(
    '/inbox/:id/attachments/:filename',
    guard,
    async (request, reply) => {
      const { sandbox, user } = request.portal as PortalSession;
      const file = inboxAttachment(sandbox, user, request.params.id, request.params.filename);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename.replace(/["\\]/g, '_')}"`)
        .header('cache-control', 'no-store')
        .send(file.content);
    },
  );

  // A license file inside the ZIP, shown as text: the trainee copies the key into the console.
  app.get<{ Params: { id: string; filename: string; entry: string } }>(
    '/inbox/:id/attachments/:filename/:entry',
    guard,
    async (request, reply) => {
      const { sandbox, user } = request.portal as PortalSession;
      const { id, filename, entry } = request.params;
      const message = inboxMessage(sandbox, user, id);
      const text = attachmentText(inboxAttachment(sandbox, user, id, filename), entry);
      return render(
        ctx,
        request,
        reply,
        'attachment',
        { message, filename, entry, text },
        { title: entry, nav: 'inbox' },
      );
    },
  );
}
