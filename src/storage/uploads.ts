/**
 * Uploads (snapshot imports) are streamed to a temporary file and counted as they arrive, so a large
 * one is never held whole in memory and one past the limit is cut off at the limit, not read to its end.
 * The file is named `*.tmp` in the sandboxes folder: a crash mid-upload leaves what start-up clears.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEMP_SUFFIX } from './atomic-file.js';

export class UploadTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`upload larger than ${limit} bytes`);
  }
}

export class UploadTimedOut extends Error {
  constructor(readonly timeoutMs: number) {
    super(`upload not whole after ${timeoutMs} ms`);
  }
}

/** Where an upload goes: the sandboxes folder, or a private temporary folder for an in-memory server. */
export function uploadPath(dataDir: string, inMemory: boolean): string {
  const folder = inMemory ? mkdtempSync(join(tmpdir(), 'lps-upload-')) : join(dataDir, 'sandboxes');
  return join(folder, `.upload-${randomBytes(8).toString('hex')}${TEMP_SUFFIX}`);
}

/**
 * Writes `body` to `path`, at most `maxBytes` within `timeoutMs`; on any failure the file is removed.
 * Past a limit it stops listening without destroying the body (as Fastify's own body limit does), so
 * the client still gets its 413 or 408 answer instead of a reset connection.
 */
export function receiveUpload(
  body: NodeJS.ReadableStream,
  path: string,
  maxBytes: number,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const file = createWriteStream(path, { mode: 0o600 });
    let bytes = 0;
    let failed = false;
    const timer = setTimeout(() => fail(new UploadTimedOut(timeoutMs)), timeoutMs);
    const stop = () => {
      clearTimeout(timer);
      body.removeListener('data', onData);
      body.removeListener('end', onEnd);
      body.removeListener('error', onError);
    };
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      stop();
      file.destroy();
      file.once('close', () => {
        removeUpload(path).then(
          () => reject(err),
          () => reject(err),
        );
      });
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) return fail(new UploadTooLarge(maxBytes));
      if (!file.write(chunk)) {
        body.pause();
        file.once('drain', () => body.resume());
      }
    };
    const onEnd = () => {
      stop();
      file.end(() => resolve());
    };
    const onError = (err: unknown) => fail(err);
    file.once('error', onError);
    body.on('data', onData);
    body.once('end', onEnd);
    body.once('error', onError);
  });
}

/**
 * On the thread pool: unlinking a file of hundreds of megabytes while the disk is busy can take a
 * second, which the event loop must not wait for.
 */
export async function removeUpload(path: string): Promise<void> {
  await rm(path, { force: true });
  if (path.includes('lps-upload-')) await rm(join(path, '..'), { recursive: true, force: true });
}
