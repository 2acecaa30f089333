import { createRequire } from 'node:module';
import type { Transporter } from 'nodemailer';
import type Nodemailer from 'nodemailer';
import { DomainError } from '../domain/errors.js';
import { buildRawMessage } from '../mail/compose.js';
import type { RelayStatus } from '../storage/mail.js';
import type { ServiceDeps } from './deps.js';
import { announce } from './events.js';
import { composable } from './mailbox.js';
import type { SandboxService } from './sandboxes.js';

export interface RelayOptions {
  /** SMTP_URL, e.g. smtp://127.0.0.1:1025 (nodemailer's URL syntax: smtps://user:pass@host:465 …). */
  url: string;
  /** Delivery attempts per message, the first included. */
  attempts: number;
  /** Wait before the second attempt; it doubles after each failure. */
  backoffMs: number;
}

export const DEFAULT_RELAY = { attempts: 5, backoffMs: 1000 };

/**
 * Delivers every message that lands in a sandbox mailbox to a real SMTP server as well. The captured
 * copy is the source of truth and is never touched but for its relay status: pending while
 * attempts remain, then sent or failed. Retries use real time with exponential backoff.
 */
export class MailRelay {
  private readonly transport: Transporter;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly stopListening: () => void;
  private closed = false;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly sandboxes: SandboxService,
    private readonly options: RelayOptions,
    private readonly onError: (err: unknown) => void,
  ) {
    // nodemailer (some 40 CommonJS modules) loads only when a relay is configured, not at every start.
    const nodemailer = createRequire(import.meta.url)('nodemailer') as typeof Nodemailer;
    this.transport = nodemailer.createTransport({
      url: options.url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    this.stopListening = deps.events.subscribeAll((event) => {
      if (event.type === 'mail.sent') this.attempt(event.sandboxId, String(event.data.id), 1);
    });
  }

  /** Stops retrying. A delivery under way finishes on its own; its outcome is not recorded. */
  close(): void {
    this.closed = true;
    this.stopListening();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.transport.close();
  }

  private attempt(sandboxId: string, mailId: string, n: number): void {
    if (this.closed) return;
    this.send(sandboxId, mailId, n).then(
      (sent) => {
        if (sent) this.record(sandboxId, mailId, 'sent', n, null);
      },
      (err: unknown) => {
        const last = n >= this.options.attempts;
        const message = err instanceof Error ? err.message : String(err);
        if (!this.record(sandboxId, mailId, last ? 'failed' : 'pending', n, message) || last) return;
        const timer = setTimeout(
          () => {
            this.timers.delete(timer);
            this.attempt(sandboxId, mailId, n + 1);
          },
          this.options.backoffMs * 2 ** (n - 1),
        );
        timer.unref();
        this.timers.add(timer);
      },
    );
  }

  /** false when there is nothing to send any more (message or sandbox gone). */
  private async send(sandboxId: string, mailId: string, n: number): Promise<boolean> {
    const found = this.load(sandboxId, mailId);
    if (!found) return false;
    const { store, mail } = found;
    if (n === 1) store.write(() => store.mail.updateRelay(mailId, 'pending', 0, null));
    const raw = await buildRawMessage(composable(store, mail));
    await this.transport.sendMail({ envelope: { from: mail.from, to: mail.to }, raw });
    return true;
  }

  private load(sandboxId: string, mailId: string) {
    try {
      const sandbox = this.sandboxes.open(sandboxId);
      const mail = sandbox.store.mail.get(mailId);
      return mail ? { sandbox, store: sandbox.store, mail } : null;
    } catch (err) {
      if (err instanceof DomainError) return null;
      throw err;
    }
  }

  /** Writes the outcome on the message and announces it; false when the message is gone. */
  private record(
    sandboxId: string,
    mailId: string,
    status: RelayStatus,
    attempts: number,
    error: string | null,
  ): boolean {
    if (this.closed) return false;
    try {
      const found = this.load(sandboxId, mailId);
      if (!found) return false;
      const { sandbox, store } = found;
      store.write(() => {
        store.mail.updateRelay(mailId, status, attempts, error);
        announce(this.deps.events, sandbox, 'mail.relayed', sandbox.nowMs(), {
          id: mailId,
          status,
          attempts,
          lastError: error,
        });
      });
      return true;
    } catch (err) {
      this.onError(err);
      return false;
    }
  }
}
