import { EventEmitter } from 'node:events';
import type { MailRow } from '../storage/mail.js';

export type SandboxEventType = 'mail.sent' | 'mail.relayed' | 'transaction.completed' | 'clock.advanced';

/** Something that happened in a sandbox, announced after the transaction that made it committed. */
export interface SandboxEvent {
  type: SandboxEventType;
  sandboxId: string;
  /** Sandbox clock time of the event. */
  at: string;
  data: Record<string, unknown>;
}

export type SandboxEventListener = (event: SandboxEvent) => void;

const EVERY_SANDBOX = '*';

/**
 * The in-process event bus (one per app, created in buildApp): mail waits, the SSE stream and the
 * SMTP relay listen here. Listeners never throw into the code that emitted: a failing listener is
 * reported to onListenerError and the others still run.
 */
export class SandboxEvents {
  private readonly emitter = new EventEmitter();

  constructor(private readonly onListenerError: (err: unknown) => void = () => undefined) {
    // Every open wait and event stream is a listener; there is no leak to warn about.
    this.emitter.setMaxListeners(0);
  }

  emit(event: SandboxEvent): void {
    this.emitter.emit(event.sandboxId, event);
    this.emitter.emit(EVERY_SANDBOX, event);
  }

  /** Listens to one sandbox's events; returns the function that stops listening. */
  subscribe(sandboxId: string, listener: SandboxEventListener): () => void {
    const safe = (event: SandboxEvent) => {
      try {
        listener(event);
      } catch (err) {
        this.onListenerError(err);
      }
    };
    this.emitter.on(sandboxId, safe);
    return () => this.emitter.off(sandboxId, safe);
  }

  /** Listens to every sandbox's events. */
  subscribeAll(listener: SandboxEventListener): () => void {
    return this.subscribe(EVERY_SANDBOX, listener);
  }

  listenerCount(sandboxId: string): number {
    return this.emitter.listenerCount(sandboxId);
  }
}

/** Announces an event once the current transaction of the sandbox commits (never if it rolls back). */
export function announce(
  events: SandboxEvents,
  sandbox: { id: string; store: { afterCommit(cb: () => void): void } },
  type: SandboxEventType,
  atMs: number,
  data: Record<string, unknown>,
): void {
  sandbox.store.afterCommit(() =>
    events.emit({ type, sandboxId: sandbox.id, at: new Date(atMs).toISOString(), data }),
  );
}

/** mail.sent: a message landed in a mailbox folder. */
export function announceMailSent(
  events: SandboxEvents,
  sandbox: { id: string; store: { afterCommit(cb: () => void): void } },
  mail: Pick<MailRow, 'id' | 'to' | 'subject' | 'folder' | 'transactionId' | 'deliverMs'>,
): void {
  announce(events, sandbox, 'mail.sent', mail.deliverMs, {
    id: mail.id,
    to: mail.to,
    subject: mail.subject,
    folder: mail.folder,
    transactionId: mail.transactionId,
  });
}
