/**
 * What a signed-in portal user sees beyond single API calls: the Smart Accounts they may pick, the
 * devices they licensed, and their own mail. Each function shows a user only what is theirs.
 */
import { strFromU8, unzipSync } from 'fflate';
import { DomainError, notFound } from '../domain/errors.js';
import type { UserRow } from '../storage/users.js';
import { getDevice, type DeviceView } from './history.js';
import { getMail, listMail, type MailMessage, type MailSummary } from './mailbox.js';
import type { Sandbox } from './sandbox.js';

export interface SmartAccountChoice {
  name: string;
  virtualAccounts: string[];
}

/** Step 1's "Smart Account" and "Virtual Account" choices. */
export function smartAccountChoices(sandbox: Sandbox, user: UserRow): SmartAccountChoice[] {
  return sandbox.store.smartAccounts
    .forUser(user.ccoId)
    .map((s) => ({ name: s.name, virtualAccounts: s.virtualAccounts }));
}

/** Every serial the user registered, shared or evaluated licenses on, with its current state. */
export function listDevices(sandbox: Sandbox, user: UserRow): DeviceView[] {
  return sandbox.store.devices.serialsOfUser(user.ccoId).map((serial) => getDevice(sandbox, user, serial));
}

/** Whether a message addressed to `to` belongs in the user's inbox. */
export const isRecipient = (user: UserRow, to: readonly string[]) =>
  to.some((a) => a.toLowerCase() === user.email.toLowerCase());

/** The user's inbox: delivered messages one of whose recipients is the user's email, newest first. */
export function inbox(sandbox: Sandbox, user: UserRow): MailSummary[] {
  return listMail(sandbox, { to: user.email, folder: null, subject: null, text: null, sinceMs: null });
}

/** One message of the user's inbox; another user's mail is "not found", as if it did not exist. */
export function inboxMessage(sandbox: Sandbox, user: UserRow, id: string): MailMessage {
  const notYours = () => notFound('MAIL_NOT_FOUND', `No message ${id} in ${user.ccoId}'s inbox`, { id });
  let message: MailMessage;
  try {
    message = getMail(sandbox, id);
  } catch (err) {
    if (err instanceof DomainError) throw notYours();
    throw err;
  }
  if (!isRecipient(user, message.to)) throw notYours();
  return message;
}

export interface AttachmentDownload {
  filename: string;
  contentType: string;
  content: Buffer;
}

export function inboxAttachment(
  sandbox: Sandbox,
  user: UserRow,
  id: string,
  filename: string,
): AttachmentDownload {
  const message = inboxMessage(sandbox, user, id);
  const meta = message.attachments.find((a) => a.filename === filename);
  const content = meta && sandbox.store.mail.attachmentContent(id, filename);
  if (!meta || !content) {
    throw notFound('ATTACHMENT_NOT_FOUND', `Message ${id} has no attachment ${filename}`, { id, filename });
  }
  return { filename, contentType: meta.contentType, content };
}

/** License files (.lic) and text inside a ZIP attachment, which the inbox shows as text. */
const VIEWABLE = /\.(lic|txt)$/i;
/** A license file is a few kilobytes; bigger entries are not shown. */
const MAX_VIEW_BYTES = 256 * 1024;

function zipEntries(file: AttachmentDownload): Record<string, Uint8Array> {
  if (!/zip/i.test(file.contentType) && !file.filename.toLowerCase().endsWith('.zip')) return {};
  return unzipSync(new Uint8Array(file.content), {
    filter: (f) => VIEWABLE.test(f.name) && f.originalSize <= MAX_VIEW_BYTES,
  });
}

export const viewableEntries = (file: AttachmentDownload): string[] => Object.keys(zipEntries(file)).sort();

export function attachmentText(file: AttachmentDownload, entry: string): string {
  const content = zipEntries(file)[entry];
  if (!content) {
    throw notFound('ATTACHMENT_ENTRY_NOT_FOUND', `No license file ${entry} in ${file.filename}`, { entry });
  }
  return strFromU8(content);
}
