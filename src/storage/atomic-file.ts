/**
 * Files written outside SQLite (host keys, sandbox database images) are replaced atomically: the new
 * content goes to a temporary file beside the target, is flushed to disk (fsync), renamed over the
 * target, and the folder is flushed so the rename itself survives a power cut. A crash at any moment
 * leaves the old file or the new one, never an empty or half-written one; at worst a `*.tmp` file,
 * which `removeTempFiles` clears at start.
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const TEMP_SUFFIX = '.tmp';

export function writeFileAtomic(path: string, content: string | Buffer, mode = 0o644): void {
  const temp = `${path}${TEMP_SUFFIX}`;
  const fd = openSync(temp, 'w', mode);
  try {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(temp, path);
  syncFolder(dirname(path));
}

/** Makes a rename or unlink in `folder` durable. */
export function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch (err) {
    if (!cannotSyncFolders(err)) throw err;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** syncFolder on the thread pool, for when the event loop must not wait on the disk. */
export async function syncFolderAsync(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } catch (err) {
    if (!cannotSyncFolders(err)) throw err;
  } finally {
    await handle.close();
  }
}

/** Some filesystems (and Windows) cannot fsync a directory; the rename is still atomic there. */
function cannotSyncFolders(err: unknown): boolean {
  return ['EISDIR', 'EINVAL', 'EPERM', 'EBADF'].includes((err as NodeJS.ErrnoException).code ?? '');
}

/** Deletes what interrupted atomic writes left in a folder; returns the names of the targets. */
export function removeTempFiles(folder: string): string[] {
  const left = readdirSync(folder).filter((f) => f.endsWith(TEMP_SUFFIX));
  for (const f of left) rmSync(join(folder, f), { force: true });
  return left.map((f) => basename(f, TEMP_SUFFIX));
}
