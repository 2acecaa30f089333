import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { removeTempFiles, syncFolder, syncFolderAsync, TEMP_SUFFIX, writeFileAtomic } from './atomic-file.js';
import { rebuildInWorker } from './rebuild-in-worker.js';
import { join } from 'node:path';
import { loadMigrations, migrate, type Migration } from './migrate.js';
import { openDatabase, type Db } from './open.js';
import { RegistryStore } from './registry-store.js';
import { SandboxStore } from './sandbox-store.js';
import { portableImage } from './snapshot.js';
import { uploadPath } from './uploads.js';
import { exactSignaturesByVersion, rebuildSnapshot, type RebuiltSnapshot } from './snapshot-rebuild.js';

export const IN_MEMORY = ':memory:';

/** A whole sandbox database written to a temporary file beside the sandboxes, flushed, ready to rename. */
export class StagedFile {
  /** Set once `place` has renamed it to its sandbox's path. */
  placedAs: string | null = null;
  /** Set once it is a sandbox's open database. */
  installed = false;
  constructor(readonly path: string) {}
}

/** What a sandbox is installed from: a database image in memory, or a staged file. */
export type SandboxImage = Buffer | StagedFile;

export interface SandboxDatabasesOptions {
  /** A folder, or ':memory:' to keep everything in memory (tests, throwaway demos). */
  dataDir: string;
  /** Open sandbox handles kept; the least recently used is closed past this. Ignored in memory. */
  cacheSize: number;
  /** The sandbox schema; migrations/sandbox unless a test brings its own. */
  sandboxMigrations?: Migration[];
}

/**
 * Owns the files: the registry database and one database per sandbox, opened through a bounded
 * LRU cache. New sandboxes are cloned from an already-migrated template image, which is far cheaper
 * than running migrations per sandbox.
 */
export class SandboxDatabases {
  readonly registry: RegistryStore;
  private readonly sandboxMigrations: Migration[];
  private readonly template: Buffer;
  private readonly open = new Map<string, SandboxStore>();
  /** Requests holding each handle; the cache closes a held handle only once the last one lets go. */
  private readonly leases = new Map<SandboxStore, number>();
  /** Held handles the cache has dropped (to their sandbox ID): closed when their last holder lets go. */
  private readonly dropped = new Map<SandboxStore, string>();
  private readonly inMemory: boolean;
  private signatures: string[] | undefined;
  /** What start-up found half-done by a crash and removed, one line each, for the log. */
  readonly recovered: string[];

  constructor(private readonly options: SandboxDatabasesOptions) {
    this.inMemory = options.dataDir === IN_MEMORY;
    if (!this.inMemory) mkdirSync(join(options.dataDir, 'sandboxes'), { recursive: true });
    const registryDb = openDatabase(this.inMemory ? IN_MEMORY : join(options.dataDir, 'registry.db'), 'FULL');
    migrate(registryDb, loadMigrations('registry'), 'registry database');
    this.registry = new RegistryStore(registryDb);
    this.recovered = this.inMemory ? [] : this.recover();

    this.sandboxMigrations = options.sandboxMigrations ?? loadMigrations('sandbox');
    const scratch = openDatabase(IN_MEMORY);
    migrate(scratch, this.sandboxMigrations, 'sandbox template');
    this.template = scratch.serialize();
    scratch.close();
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  get openCount(): number {
    return this.open.size;
  }

  private path(id: string): string {
    return join(this.options.dataDir, 'sandboxes', `${id}.db`);
  }

  /**
   * A sandbox is made file first, registry second (one transaction), so a crash leaves at most a file
   * without a row, a row whose file another crash took, or a `*.tmp` file: each removed here.
   */
  private recover(): string[] {
    const folder = join(this.options.dataDir, 'sandboxes');
    const done = removeTempFiles(folder).map((f) => `removed the unfinished file ${f}${TEMP_SUFFIX}`);
    const rows = new Set<string>();
    for (const s of this.registry.listSandboxes()) {
      if (existsSync(this.path(s.id))) rows.add(s.id);
      else {
        this.registry.deleteSandbox(s.id);
        done.push(`removed sandbox ${s.id} from the registry: its file ${this.path(s.id)} is missing`);
      }
    }
    for (const f of readdirSync(folder)) {
      const id = f.endsWith('.db') ? f.slice(0, -3) : null;
      if (id === null || rows.has(id)) continue;
      this.removeFiles(id);
      done.push(`removed ${join(folder, f)}: no sandbox in the registry owns it`);
    }
    return done;
  }

  /** Creates an empty, migrated sandbox database (replacing any existing one) and opens it. */
  create(id: string): SandboxStore {
    return this.install(id, this.template);
  }

  /** Makes a database (from `image` or `readSnapshot`) sandbox `id`, replacing any existing one. */
  install(id: string, image: SandboxImage): SandboxStore {
    this.evict(id);
    let db: Db;
    if (image instanceof StagedFile) {
      // Staged only on files (readSnapshot): already flushed, so a rename and a folder sync make it whole.
      if (image.placedAs !== this.path(id)) {
        this.removeFiles(id);
        renameSync(image.path, this.path(id));
        syncFolder(join(this.options.dataDir, 'sandboxes'));
      }
      db = openDatabase(this.path(id));
      image.installed = true;
    } else if (this.inMemory) {
      db = openDatabase(image);
    } else {
      this.removeFiles(id);
      writeFileAtomic(this.path(id), image);
      db = openDatabase(this.path(id));
    }
    return this.remember(id, new SandboxStore(db));
  }

  /**
   * Renames a staged file to sandbox `id`'s path and flushes the folder without blocking the event loop
   * (under heavy writes a folder fsync can take half a second); `install` then only opens it. The
   * caller owns `id` meanwhile: no other request may create it.
   */
  async place(id: string, image: SandboxImage): Promise<void> {
    if (!(image instanceof StagedFile)) return;
    await rename(image.path, this.path(id));
    image.placedAs = this.path(id);
    await syncFolderAsync(join(this.options.dataDir, 'sandboxes'));
  }

  /** Removes a staged file that was not installed, where it was placed too (no-op for an image). */
  discard(image: SandboxImage | undefined): void {
    if (!(image instanceof StagedFile) || image.installed) return;
    rmSync(image.path, { force: true });
    if (image.placedAs !== null) rmSync(image.placedAs, { force: true });
  }

  /** A migrated, empty database in memory that belongs to no sandbox: scenarios are built here. */
  scratch(): SandboxStore {
    return new SandboxStore(openDatabase(this.template));
  }

  /** The whole database as one self-contained SQLite file image. */
  image(store: SandboxStore): Buffer {
    return portableImage(store.db.serialize());
  }

  /** A fresh temporary path for an upload (see uploads.ts). */
  uploadPath(): string {
    return uploadPath(this.options.dataDir, this.inMemory);
  }

  /**
   * Rebuilds an uploaded snapshot from our migrations, at the current schema (see snapshot-rebuild.ts):
   * on files on a worker thread straight into a staged file, flushed, so even a large snapshot is
   * never held in memory nor holds up other requests; in memory as an image, on this thread.
   */
  async readSnapshot(
    snapshot: Buffer | string,
  ): Promise<Pick<RebuiltSnapshot, 'settings'> & { image: SandboxImage }> {
    this.signatures ??= exactSignaturesByVersion(this.sandboxMigrations);
    if (this.inMemory) {
      const rebuilt = await rebuildSnapshot(snapshot, this.sandboxMigrations, this.signatures);
      return { settings: rebuilt.settings, image: rebuilt.image as Buffer };
    }
    const staged = new StagedFile(
      join(this.options.dataDir, 'sandboxes', `.rebuild-${randomBytes(8).toString('hex')}${TEMP_SUFFIX}`),
    );
    try {
      const settings = await rebuildInWorker({
        source: snapshot,
        target: staged.path,
        migrations: this.sandboxMigrations,
        signatures: this.signatures,
      });
      return { settings, image: staged };
    } catch (err) {
      this.discard(staged);
      throw err;
    }
  }

  /** The open handle for a sandbox, opening (and migrating) its file when it is not cached. */
  get(id: string): SandboxStore | undefined {
    const cached = this.open.get(id);
    if (cached) {
      this.open.delete(id);
      this.open.set(id, cached);
      return cached;
    }
    if (this.inMemory || !existsSync(this.path(id))) return undefined;
    const db = openDatabase(this.path(id));
    try {
      migrate(db, this.sandboxMigrations, `sandbox ${id}`);
    } catch (err) {
      db.close();
      throw err;
    }
    return this.remember(id, new SandboxStore(db));
  }

  /**
   * Holds a handle open until the returned release runs (once; later calls do nothing). The cache may
   * drop a held handle meanwhile (a later get opens another), but closes it only when the last holder
   * releases it. Reset and delete still close it at once: their holders answer 410 SANDBOX_GONE.
   */
  lease(store: SandboxStore): () => void {
    this.leases.set(store, (this.leases.get(store) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.leases.get(store) ?? 1) - 1;
      if (left > 0) {
        this.leases.set(store, left);
        return;
      }
      this.leases.delete(store);
      if (this.dropped.delete(store) && store.db.open) store.db.close();
    };
  }

  delete(id: string): void {
    this.evict(id);
    if (!this.inMemory) this.removeFiles(id);
  }

  close(): void {
    for (const id of [...this.open.keys()]) this.evict(id);
    for (const store of this.dropped.keys()) store.db.close();
    this.dropped.clear();
    this.registry.db.close();
  }

  private remember(id: string, store: SandboxStore): SandboxStore {
    this.open.set(id, store);
    if (!this.inMemory) {
      while (this.open.size > this.options.cacheSize) {
        const oldest = this.open.keys().next().value as string;
        const dropped = this.open.get(oldest) as SandboxStore;
        this.open.delete(oldest);
        if (this.leases.has(dropped)) this.dropped.set(dropped, oldest);
        else dropped.db.close();
      }
    }
    return store;
  }

  /** Closes every handle of sandbox `id` now, held ones included (before its files are replaced). */
  private evict(id: string): void {
    const store = this.open.get(id);
    if (store) {
      this.open.delete(id);
      store.db.close();
    }
    for (const [held, heldId] of this.dropped) {
      if (heldId !== id) continue;
      this.dropped.delete(held);
      held.db.close();
    }
  }

  private removeFiles(id: string): void {
    for (const suffix of ['', '-wal', '-shm']) rmSync(this.path(id) + suffix, { force: true });
  }
}
