import { Type } from '@sinclair/typebox';
import {
  deleteMail,
  deleteMatchingMail,
  getMail,
  listMail,
  mailAttachment,
  mailSearch,
  rawMail,
  type MailFilter,
} from '../../services/mailbox.js';
import { parseWait, WaitRefused } from '../../services/mail-wait.js';
import type { App, RouteContext } from '../context.js';
import { capacityRefused, errorResponses, HttpError } from '../errors.js';
import { SandboxParams } from './schemas.js';
import { MailDeleteQuery, MailListQuery, MailParams } from './harness-schemas.js';

const security = [{ adminToken: [] }];
const tags = ['control plane'];

/** "to=a@b, subject=key": the search as the caller wrote it, for the timeout message. */
function describeSearch(filter: MailFilter): string {
  const parts = (['to', 'subject', 'text', 'since'] as const)
    .filter((k) => filter[k] !== undefined)
    .map((k) => `${k}=${filter[k]}`);
  return parts.length === 0 ? '' : ` matching ${parts.join(', ')}`;
}

/** RFC 6266: a plain filename when it is plain ASCII, else the UTF-8 form as well. */
function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return ascii === filename
    ? `attachment; filename="${filename}"`
    : `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** The sandbox mailbox: search, wait, read, raw RFC 822, attachments, delete. */
export function mailRoutes(app: App, ctx: RouteContext): void {
  app.get(
    '/sandboxes/:id/mail',
    {
      schema: {
        operationId: 'listMail',
        tags,
        security,
        summary: 'The sandbox mailbox, newest first; search it, or wait for a message',
        description:
          'Filters combine (AND). folder defaults to inbox; messages the mailLoss setting filed as spam are listed ' +
          'with folder=spam. With wait, the answer comes as soon as a matching message exists (a clock move or ' +
          'real time making delayed mail due counts), or 408 MAIL_WAIT_TIMEOUT when the wait is over. Waits are ' +
          'capped: past MAIL_WAITS_PER_SANDBOX open in this sandbox 429 TOO_MANY_WAITS, past MAIL_WAITS_TOTAL ' +
          'in all 503 SERVER_BUSY (both with Retry-After).',
        params: SandboxParams,
        querystring: MailListQuery,
        response: { 200: { $ref: 'MailList#' }, ...errorResponses(400, 401, 404, 408, 429, 503) },
      },
    },
    async (request, reply) => {
      const { wait, ...filter } = request.query;
      const search = mailSearch(filter, 'inbox');
      if (wait === undefined) return { messages: listMail(ctx.sandboxes.open(request.params.id), search) };
      const waitMs = parseWait(wait);
      const gone = new AbortController();
      reply.raw.once('close', () => gone.abort());
      let found;
      try {
        found = await ctx.mailWaits.wait(request.params.id, search, waitMs, gone.signal);
      } catch (err) {
        if (!(err instanceof WaitRefused)) throw err;
        throw capacityRefused(reply, err.refused, {
          code: 'TOO_MANY_WAITS',
          plural: 'mail waits',
          perSandbox: ctx.limits.waitsPerSandbox,
          total: ctx.limits.waitsTotal,
          setting: 'MAIL_WAITS',
        });
      }
      if (found === null) {
        const folder = filter.folder ?? 'inbox';
        throw new HttpError(
          408,
          'MAIL_WAIT_TIMEOUT',
          `No message${describeSearch(filter)} arrived in ${folder === 'all' ? 'any folder' : `the ${folder}`} within ${wait}`,
          { wait },
        );
      }
      return { messages: found };
    },
  );

  app.delete(
    '/sandboxes/:id/mail',
    {
      schema: {
        operationId: 'deleteMatchingMail',
        tags,
        security,
        summary: 'Delete every message matching the search (no filter: the whole mailbox)',
        description: 'Same filters as listMail, but folder defaults to all.',
        params: SandboxParams,
        querystring: MailDeleteQuery,
        response: { 200: { $ref: 'MailDeleted#' }, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => ({
      deleted: deleteMatchingMail(ctx.sandboxes.open(request.params.id), mailSearch(request.query, 'all')),
    }),
  );

  app.get(
    '/sandboxes/:id/mail/:messageId',
    {
      schema: {
        operationId: 'getMail',
        tags,
        security,
        summary: 'One message: text, HTML, headers, attachment list, folder and relay status',
        params: MailParams,
        response: { 200: { $ref: 'MailMessage#' }, ...errorResponses(401, 404) },
      },
    },
    async (request) => getMail(ctx.sandboxes.open(request.params.id), request.params.messageId),
  );

  app.get(
    '/sandboxes/:id/mail/:messageId/raw',
    {
      schema: {
        operationId: 'getRawMail',
        tags,
        security,
        summary: 'One message as RFC 822 (.eml), built by nodemailer: same bytes every time',
        description: 'Message-ID is fixed at capture; Date is when the message landed on the sandbox clock.',
        params: MailParams,
        response: {
          200: {
            description: 'The message',
            content: { 'message/rfc822': { schema: { type: 'string', format: 'binary' } } },
          },
          ...errorResponses(401, 404),
        },
      },
    },
    async (request, reply) => {
      const raw = await rawMail(ctx.sandboxes.open(request.params.id), request.params.messageId);
      return reply
        .type('message/rfc822')
        .header('content-disposition', `attachment; filename="${request.params.messageId}.eml"`)
        .send(raw);
    },
  );

  app.get(
    '/sandboxes/:id/mail/:messageId/attachments/:filename',
    {
      schema: {
        operationId: 'getMailAttachment',
        tags,
        security,
        summary: 'Download an attachment of a message by its file name',
        params: Type.Object({
          id: Type.String({ maxLength: 63 }),
          messageId: Type.String({ maxLength: 64 }),
          filename: Type.String({ maxLength: 255 }),
        }),
        response: {
          200: {
            description: 'The attachment, with its content type',
            content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
          },
          ...errorResponses(401, 404),
        },
      },
    },
    async (request, reply) => {
      const { id, messageId, filename } = request.params;
      const a = mailAttachment(ctx.sandboxes.open(id), messageId, filename);
      return reply
        .type(a.contentType)
        .header('content-disposition', attachmentDisposition(a.filename))
        .send(Buffer.from(a.content));
    },
  );

  app.delete(
    '/sandboxes/:id/mail/:messageId',
    {
      schema: {
        operationId: 'deleteMail',
        tags,
        security,
        summary: 'Delete one message (and its attachments)',
        params: MailParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...errorResponses(401, 404) },
      },
    },
    async (request, reply) => {
      deleteMail(ctx.sandboxes.open(request.params.id), request.params.messageId);
      return reply.status(204).send(null);
    },
  );
}
