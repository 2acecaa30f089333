import type { TimeSource } from '../domain/clock.js';
import type { Random } from '../domain/random.js';
import type { FileRenderer } from '../mail/files.js';
import type { MailRenderer } from '../mail/renderer.js';
import type { SandboxDatabases } from '../storage/sandbox-databases.js';
import type { SandboxEvents } from './events.js';

/** What every use case is handed: nothing is read from module state. */
export interface ServiceDeps {
  dbs: SandboxDatabases;
  time: TimeSource;
  random: Random;
  mail: MailRenderer;
  files: FileRenderer;
  /** Announces what happened in a sandbox after it committed (mail waits, SSE, the SMTP relay). */
  events: SandboxEvents;
}
