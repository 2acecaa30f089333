import { invalid, notFound } from '../domain/errors.js';
import type { AttachmentInput, AttachmentRow, MailRow } from '../storage/sandbox-store.js';
import type { ServiceDeps } from './deps.js';
import { schedule } from './due-work.js';
import { idGenerators } from './ids.js';
import type { Sandbox } from './sandbox.js';

export const PORTAL_FROM = 'do-not-reply@cisco.com';
const MESSAGE_ID_DOMAIN = 'license-portal-sim.invalid';

export interface OutgoingMail {
  template: string;
  to: readonly string[];
  data: object;
  transactionId?: string | null;
  attachments?: readonly AttachmentInput[];
  /** Delay on the sandbox clock before the message lands in the mailbox. */
  delayMs?: number;
  from?: string;
}

/**
 * Renders and captures a message in the sandbox mailbox. Call inside the use case's transaction: the
 * mail commits (or rolls back) with the change that caused it. A delayed message waits as 'queued'
 * until the clock reaches it.
 */
export function captureMail(deps: ServiceDeps, sandbox: Sandbox, mail: OutgoingMail): MailRow {
  const rendered = deps.mail.render(mail.template, mail.data);
  const now = sandbox.nowMs();
  const delay = mail.delayMs ?? 0;
  const id = idGenerators(sandbox.random).mailId();
  const row: MailRow = {
    id,
    messageId: `<${id}@${MESSAGE_ID_DOMAIN}>`,
    transactionId: mail.transactionId ?? null,
    template: mail.template,
    from: mail.from ?? PORTAL_FROM,
    to: [...mail.to],
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    createdMs: now,
    deliverMs: now + delay,
    status: delay > 0 ? 'queued' : 'delivered',
  };
  sandbox.store.insertMail(row, mail.attachments);
  if (delay > 0) schedule(sandbox, row.deliverMs, 'deliver-mail', { mailId: id });
  return row;
}

export interface MailSummary {
  id: string;
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  date: string;
  transactionId: string | null;
  attachments: Array<{ filename: string; contentType: string; size: number }>;
}

export interface MailMessage extends MailSummary {
  text: string;
  html: string;
}

export interface MailFilter {
  to?: string;
  subject?: string;
}

function summary(sandbox: Sandbox, m: MailRow, attachments: AttachmentRow[]): MailSummary {
  return {
    id: m.id,
    messageId: m.messageId,
    from: m.from,
    to: m.to,
    subject: m.subject,
    date: new Date(m.deliverMs).toISOString(),
    transactionId: m.transactionId,
    attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size })),
  };
}

/** Delivered mail, newest first; `to` matches a recipient exactly (any case), `subject` a substring. */
export function listMail(sandbox: Sandbox, filter: MailFilter): MailSummary[] {
  const to = filter.to?.trim().toLowerCase();
  const subject = filter.subject?.toLowerCase();
  if (to !== undefined && to === '')
    throw invalid('INVALID_FILTER', 'to: give an email address to filter by', { field: 'to' });
  return sandbox.store
    .deliveredMail()
    .filter((m) => to === undefined || m.to.some((a) => a.toLowerCase() === to))
    .filter((m) => subject === undefined || m.subject.toLowerCase().includes(subject))
    .map((m) => summary(sandbox, m, sandbox.store.attachmentsOf(m.id)));
}

export function getMail(sandbox: Sandbox, id: string): MailMessage {
  const m = sandbox.store.getMail(id);
  if (!m || m.status !== 'delivered')
    throw notFound('MAIL_NOT_FOUND', `No message ${id} in sandbox ${sandbox.id}'s mailbox`, { id });
  return { ...summary(sandbox, m, sandbox.store.attachmentsOf(m.id)), text: m.text, html: m.html };
}
