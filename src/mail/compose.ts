import { createHash } from 'node:crypto';
import type Mail from 'nodemailer/lib/mailer/index.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';

export interface ComposableMail {
  messageId: string;
  from: string;
  to: readonly string[];
  subject: string;
  text: string;
  html: string;
  /** The Date header: the sandbox clock time the message landed. */
  dateMs: number;
  attachments: ReadonlyArray<{ filename: string; contentType: string; content: Uint8Array }>;
  /** Extra headers, e.g. X-Transaction-Id. */
  headers: Record<string, string>;
}

export interface MailHeader {
  name: string;
  value: string;
}

function options(mail: ComposableMail): Mail.Options {
  return {
    messageId: mail.messageId,
    from: mail.from,
    to: [...mail.to],
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    date: new Date(mail.dateMs),
    headers: mail.headers,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.content),
    })),
    // nodemailer draws MIME boundaries at random unless given one: derive it from the Message-ID so
    // the same message always builds to the same bytes.
    // RFC 5322 line endings throughout, as an SMTP server receives them (templates have bare LFs).
    newline: 'windows',
    baseBoundary: createHash('sha256').update(mail.messageId).digest('hex').slice(0, 16),
  } as Mail.Options;
}

/** The RFC 822 message, byte for byte the same every time it is built. */
export function buildRawMessage(mail: ComposableMail): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    new MailComposer(options(mail)).compile().build((err, raw) => (err ? reject(err) : resolve(raw)));
  });
}

/** The message's top-level headers as they appear in the raw message (unfolded, still MIME-encoded). */
export function messageHeaders(mail: ComposableMail): MailHeader[] {
  const block = new MailComposer(options(mail)).compile().buildHeaders();
  return block
    .split(/\r?\n(?![ \t])/)
    .filter((line) => line !== '')
    .map((line) => {
      const colon = line.indexOf(':');
      return {
        name: line.slice(0, colon),
        value: line
          .slice(colon + 1)
          .replace(/\r?\n[ \t]+/g, ' ')
          .trim(),
      };
    });
}
