import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { loadMigrations, migrate, type Migration } from './migrate.js';
import { openDatabase } from './open.js';
import { RegistryStore } from './registry-store.js';
import { SandboxStore } from './sandbox-store.js';
import { portableImage, readSnapshot, signaturesByVersion, walImage } from './snapshot.js';

export const IN_MEMORY = ':memory:';

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
  private readonly inMemory: boolean;
  private signatures: string[] | undefined;

  constructor(private readonly options: SandboxDatabasesOptions) {
    this.inMemory = options.dataDir === IN_MEMORY;
    if (!this.inMemory) mkdirSync(join(options.dataDir, 'sandboxes'), { recursive: true });
    const registryDb = openDatabase(this.inMemory ? IN_MEMORY : join(options.dataDir, 'registry.db'));
    migrate(registryDb, loadMigrations('registry'), 'registry database');
    this.registry = new RegistryStore(registryDb);

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

  /** Creates an empty, migrated sandbox database (replacing any existing one) and opens it. */
  create(id: string): SandboxStore {
    return this.install(id, this.template);
  }

  /**
   * Makes a database image (from `image` or `readSnapshot`) sandbox `id`, replacing any existing one.
   * `prepare` makes it this sandbox's own (tokens, clock) before it is stored, so on files the image is
   * written once, whole, in WAL mode, and not synced: a copy of an image holds nothing acknowledged
   * that a crash could lose, and its creation is cheap. The sync it skipped is paid by its first write
   * transaction (see SandboxStore.write), so acknowledged writes sit on a durable file as before; a
   * sandbox that a power loss cut short before that is found torn at open and gone (get).
   */
  install(id: string, image: Buffer, prepare?: (store: SandboxStore) => void): SandboxStore {
    this.evict(id);
    if (this.inMemory) {
      const store = new SandboxStore(openDatabase(image));
      prepare?.(store);
      return this.remember(id, store);
    }
    let ready = image;
    if (prepare) {
      const scratch = new SandboxStore(openDatabase(image));
      try {
        prepare(scratch);
        ready = scratch.db.serialize();
      } finally {
        scratch.db.close();
      }
    }
    this.removeFiles(id);
    const path = this.path(id);
    writeFileSync(path, walImage(ready));
    const store = new SandboxStore(openDatabase(path));
    store.beforeFirstWrite(() => syncFileAndFolder(path));
    return this.remember(id, store);
  }

  /** A migrated, empty database in memory that belongs to no sandbox: scenarios are built here. */
  scratch(): SandboxStore {
    return new SandboxStore(openDatabase(this.template));
  }

  /** The whole database as one self-contained SQLite file image. */
  image(store: SandboxStore): Buffer {
    return portableImage(store.db.serialize());
  }

  /** Validates an uploaded snapshot and migrates it to the current schema (see snapshot.ts). */
  readSnapshot(snapshot: Buffer): { image: Buffer; origin: unknown } {
    this.signatures ??= signaturesByVersion(this.sandboxMigrations);
    return readSnapshot(snapshot, this.sandboxMigrations, this.signatures);
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
    if (isTorn(this.path(id))) {
      // Created, then cut short by a power loss before its first write made it durable: gone, not half.
      this.removeFiles(id);
      return undefined;
    }
    const db = openDatabase(this.path(id));
    try {
      migrate(db, this.sandboxMigrations, `sandbox ${id}`);
    } catch (err) {
      db.close();
      throw err;
    }
    return this.remember(id, new SandboxStore(db));
  }

  delete(id: string): void {
    this.evict(id);
    if (!this.inMemory) this.removeFiles(id);
  }

  close(): void {
    for (const id of [...this.open.keys()]) this.evict(id);
    this.registry.db.close();
  }

  private remember(id: string, store: SandboxStore): SandboxStore {
    this.open.set(id, store);
    if (!this.inMemory) {
      while (this.open.size > this.options.cacheSize) {
        const oldest = this.open.keys().next().value as string;
        this.evict(oldest);
      }
    }
    return store;
  }

  private evict(id: string): void {
    const store = this.open.get(id);
    if (store) {
      this.open.delete(id);
      store.db.close();
    }
  }

  private removeFiles(id: string): void {
    for (const suffix of ['', '-wal', '-shm']) rmSync(this.path(id) + suffix, { force: true });
  }
}

/** fsync of a file and of the folder that names it. */
function syncFileAndFolder(path: string): void {
  for (const p of [path, dirname(path)]) {
    const fd = openSync(p, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

/**
 * Whether a database file is shorter than its own header says (or has no header), with nothing in its
 * WAL: what an unsynced image copy can look like after a power loss (its first write would have synced
 * it before anything reached the WAL). With frames in the WAL, SQLite recovers the file itself: a
 * checkpoint cut short can leave page 1 written before the pages it counts.
 */
function isTorn(path: string): boolean {
  const wal = `${path}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) return false;
  const header = Buffer.alloc(32);
  const fd = openSync(path, 'r');
  try {
    const read = readSync(fd, header, 0, header.length, 0);
    if (read < header.length) return true;
    const size = fstatSync(fd).size;
    const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
    return size < pageSize * header.readUInt32BE(28);
  } finally {
    closeSync(fd);
  }
}
