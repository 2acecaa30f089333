import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type MailComposerClass from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';

const require = createRequire(import.meta.url);
let composerClass: typeof MailComposerClass | undefined;
/** nodemailer (a CommonJS package of some 40 modules) loads at the first raw message, not at start-up. */
const composer = (mail: ComposableMail) => {
  composerClass ??= require('nodemailer/lib/mail-composer/index.js') as typeof MailComposerClass;
  return new composerClass(options(mail));
};

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
    composer(mail)
      .compile()
      .build((err, raw) => (err ? reject(err) : resolve(raw)));
  });
}

/** The message's top-level headers as they appear in the raw message (unfolded, still MIME-encoded). */
export function messageHeaders(mail: ComposableMail): MailHeader[] {
  const block = composer(mail).compile().buildHeaders();
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
