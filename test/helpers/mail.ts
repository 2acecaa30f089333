import { captureMail } from '../../src/services/mailbox.js';
import type { TestApp } from './build.js';

export const LICENSE_ZIP = new Uint8Array([
  0x50, 0x4b, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x00, 0xde, 0xad, 0xbe, 0xef,
]);

/** Captures an eDelivery email with a binary attachment straight through the mailbox service. */
export function mailWithAttachment(t: TestApp, sandboxId: string, to = 'john.doe@example.com'): string {
  const sandbox = t.context.sandboxes.open(sandboxId);
  return sandbox.store.write(
    () =>
      captureMail(t.context.deps, sandbox, {
        template: 'edelivery',
        to: [to],
        data: { name: 'John Doe', salesOrder: '800123456', paks: [] },
        attachments: [{ filename: 'license.zip', contentType: 'application/zip', content: LICENSE_ZIP }],
      }).id,
  );
}
