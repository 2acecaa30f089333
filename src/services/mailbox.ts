import { invalid, notFound } from '../domain/errors.js';
import { fires } from '../domain/faults.js';
import { randomFraction } from '../domain/random.js';
import { buildRawMessage, messageHeaders, type ComposableMail, type MailHeader } from '../mail/compose.js';
import type {
  AttachmentInput,
  AttachmentRow,
  MailFolder,
  MailRow,
  MailSearch,
  RelayStatus,
} from '../storage/mail.js';
import type { SandboxStore } from '../storage/sandbox-store.js';
import type { ServiceDeps } from './deps.js';
import { schedule } from './due-work.js';
import { announceMailSent } from './events.js';
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
 * until the clock reaches it. With the mailLoss setting, that fraction of messages (drawn from the
 * sandbox's random source) is filed in the Spam folder instead of the inbox.
 */
export function captureMail(deps: ServiceDeps, sandbox: Sandbox, mail: OutgoingMail): MailRow {
  const rendered = deps.mail.render(mail.template, mail.data);
  const now = sandbox.nowMs();
  const delay = mail.delayMs ?? 0;
  const id = idGenerators(sandbox.random).mailId();
  const spam = fires(sandbox.settings().mailLoss, () => randomFraction(sandbox.random));
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
    folder: spam ? 'spam' : 'inbox',
    relayStatus: null,
    relayAttempts: 0,
    relayError: null,
  };
  sandbox.store.mail.insert(row, mail.attachments);
  if (delay > 0) schedule(sandbox, row.deliverMs, 'deliver-mail', { mailId: id });
  else announceMailSent(deps.events, sandbox, row);
  return row;
}

export interface RelayView {
  status: RelayStatus;
  attempts: number;
  lastError: string | null;
}

export interface MailSummary {
  id: string;
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  date: string;
  folder: MailFolder;
  transactionId: string | null;
  attachments: Array<{ filename: string; contentType: string; size: number }>;
  /** SMTP relay delivery (null when no SMTP_URL was set when the message landed). */
  relay: RelayView | null;
}

export interface MailMessage extends MailSummary {
  text: string;
  html: string;
  headers: MailHeader[];
}

export interface MailFilter {
  /** A recipient address, exact (any case). */
  to?: string;
  /** Text the subject contains (any case). */
  subject?: string;
  /** Text the plain-text body contains (any case). */
  text?: string;
  /** ISO 8601: messages that landed at or after this sandbox time. */
  since?: string;
  folder?: MailFolder | 'all';
}

function summary(m: MailRow, attachments: AttachmentRow[]): MailSummary {
  return {
    id: m.id,
    messageId: m.messageId,
    from: m.from,
    to: m.to,
    subject: m.subject,
    date: new Date(m.deliverMs).toISOString(),
    folder: m.folder,
    transactionId: m.transactionId,
    attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size })),
    relay:
      m.relayStatus === null
        ? null
        : { status: m.relayStatus, attempts: m.relayAttempts, lastError: m.relayError },
  };
}

/** A filter as typed in a query string, checked; `folder` defaults to the given one. */
export function mailSearch(filter: MailFilter, defaultFolder: MailFolder | 'all'): MailSearch {
  const to = filter.to?.trim();
  if (to !== undefined && to === '')
    throw invalid('INVALID_FILTER', 'to: give an email address to filter by', { field: 'to' });
  let sinceMs: number | null = null;
  if (filter.since !== undefined) {
    sinceMs = Date.parse(filter.since);
    if (Number.isNaN(sinceMs))
      throw invalid('INVALID_DATE', 'since must be an ISO 8601 date-time', { field: 'since' });
  }
  const folder = filter.folder ?? defaultFolder;
  return {
    folder: folder === 'all' ? null : folder,
    to: to ?? null,
    subject: filter.subject || null,
    text: filter.text || null,
    sinceMs,
  };
}

/** Delivered mail matching the search, newest first. */
export function listMail(sandbox: Sandbox, search: MailSearch): MailSummary[] {
  return sandbox.store.mail.search(search).map((m) => summary(m, sandbox.store.mail.attachments(m.id)));
}

function deliveredMail(sandbox: Sandbox, id: string): MailRow {
  const m = sandbox.store.mail.get(id);
  if (!m || m.status !== 'delivered')
    throw notFound('MAIL_NOT_FOUND', `No message ${id} in sandbox ${sandbox.id}'s mailbox`, { id });
  return m;
}

/** What nodemailer's MailComposer needs to build the message. */
export function composable(store: SandboxStore, m: MailRow): ComposableMail {
  return {
    messageId: m.messageId,
    from: m.from,
    to: m.to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    dateMs: m.deliverMs,
    attachments: store.mail.attachmentContents(m.id),
    headers: m.transactionId === null ? {} : { 'X-Transaction-Id': m.transactionId },
  };
}

export function getMail(sandbox: Sandbox, id: string): MailMessage {
  const m = deliveredMail(sandbox, id);
  return {
    ...summary(m, sandbox.store.mail.attachments(m.id)),
    text: m.text,
    html: m.html,
    headers: messageHeaders(composable(sandbox.store, m)),
  };
}

/** The RFC 822 message: fixed Message-ID, Date = when it landed on the sandbox clock. */
export function rawMail(sandbox: Sandbox, id: string): Promise<Buffer> {
  return buildRawMessage(composable(sandbox.store, deliveredMail(sandbox, id)));
}

export function mailAttachment(sandbox: Sandbox, id: string, filename: string): AttachmentInput {
  deliveredMail(sandbox, id);
  const a = sandbox.store.mail.attachment(id, filename);
  if (!a) {
    throw notFound('ATTACHMENT_NOT_FOUND', `Message ${id} has no attachment named ${filename}`, {
      id,
      filename,
    });
  }
  return a;
}

export function deleteMail(sandbox: Sandbox, id: string): void {
  if (!sandbox.store.write(() => sandbox.store.mail.delete(id)))
    throw notFound('MAIL_NOT_FOUND', `No message ${id} in sandbox ${sandbox.id}'s mailbox`, { id });
}

/** Deletes every delivered message matching the search; returns how many. */
export function deleteMatchingMail(sandbox: Sandbox, search: MailSearch): number {
  return sandbox.store.write(() => sandbox.store.mail.deleteMatching(search));
}
