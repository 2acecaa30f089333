import type { Db } from './open.js';
import { ReadCache } from './read-cache.js';

export interface SandboxRecord {
  id: string;
  name: string;
  scenario: string;
  createdAt: string;
}

export interface TokenRecord {
  sandboxId: string;
  ccoId: string;
}

/**
 * SQL for the registry database: sandboxes and the token index. Every request looks up its token and
 * its sandbox here: those reads are cached (see ReadCache; every write here clears it, revalidate()
 * notices other processes' commits).
 */
export class RegistryStore {
  private readonly stmts;
  private readonly cache: ReadCache;

  constructor(readonly db: Db) {
    this.cache = new ReadCache(db);
    this.stmts = {
      insertSandbox: db.prepare(
        'INSERT INTO sandboxes (id, name, scenario, created_at) VALUES (@id, @name, @scenario, @createdAt)',
      ),
      getSandbox: db.prepare(
        'SELECT id, name, scenario, created_at AS createdAt FROM sandboxes WHERE id = ?',
      ),
      listSandboxes: db.prepare(
        'SELECT id, name, scenario, created_at AS createdAt FROM sandboxes ORDER BY created_at, id',
      ),
      pageSandboxes: db.prepare(
        `SELECT id, name, scenario, created_at AS createdAt FROM sandboxes
         WHERE @afterCreatedAt IS NULL OR (created_at, id) > (@afterCreatedAt, @afterId)
         ORDER BY created_at, id LIMIT @limit`,
      ),
      countSandboxes: db.prepare('SELECT count(*) FROM sandboxes').pluck(),
      deleteSandbox: db.prepare('DELETE FROM sandboxes WHERE id = ?'),
      insertToken: db.prepare('INSERT INTO tokens (token, sandbox_id, cco_id) VALUES (?, ?, ?)'),
      getToken: db.prepare('SELECT sandbox_id AS sandboxId, cco_id AS ccoId FROM tokens WHERE token = ?'),
      deleteTokens: db.prepare('DELETE FROM tokens WHERE sandbox_id = ?'),
      setAdminTokenHash: db.prepare('UPDATE sandboxes SET admin_token_hash = ? WHERE id = ?'),
      adminTokenHash: db.prepare('SELECT admin_token_hash FROM sandboxes WHERE id = ?').pluck(),
      sandboxOfAdminTokenHash: db.prepare('SELECT id FROM sandboxes WHERE admin_token_hash = ?').pluck(),
      insertCssmClient: db.prepare('INSERT INTO cssm_clients (client_id, sandbox_id) VALUES (?, ?)'),
      cssmClientSandbox: db.prepare('SELECT sandbox_id FROM cssm_clients WHERE client_id = ?').pluck(),
      deleteCssmClient: db.prepare('DELETE FROM cssm_clients WHERE client_id = ?'),
    };
  }

  insertSandbox(s: SandboxRecord): void {
    this.cache.clear();
    this.stmts.insertSandbox.run(s);
  }

  getSandbox(id: string): SandboxRecord | undefined {
    return this.cache.get(`sandbox:${id}`, () => this.stmts.getSandbox.get(id) as SandboxRecord | undefined);
  }

  listSandboxes(): SandboxRecord[] {
    return this.stmts.listSandboxes.all() as SandboxRecord[];
  }

  /** At most `limit` sandboxes after `after` (a sandbox's place in the list), in list order. */
  pageSandboxes(after: { createdAt: string; id: string } | null, limit: number): SandboxRecord[] {
    return this.stmts.pageSandboxes.all({
      afterCreatedAt: after?.createdAt ?? null,
      afterId: after?.id ?? '',
      limit,
    }) as SandboxRecord[];
  }

  countSandboxes(): number {
    return this.stmts.countSandboxes.get() as number;
  }

  deleteSandbox(id: string): void {
    this.cache.clear();
    this.db.transaction(() => {
      this.stmts.deleteTokens.run(id);
      this.stmts.deleteSandbox.run(id);
    })();
  }

  addToken(token: string, sandboxId: string, ccoId: string): void {
    this.cache.clear();
    this.stmts.insertToken.run(token, sandboxId, ccoId);
  }

  findToken(token: string): TokenRecord | undefined {
    // Only tokens that exist are kept: made-up ones must not fill the cache.
    const known = this.cache.peek<TokenRecord>(`token:${token}`);
    if (known) return known;
    const found = this.stmts.getToken.get(token) as TokenRecord | undefined;
    if (found) this.cache.get(`token:${token}`, () => found);
    return found;
  }

  /** Re-points a sandbox's tokens after reset or import: the sandbox database is their source. */
  /** A new sandbox with its admin token hash and user tokens, in one transaction: all of it or none. */
  addSandbox(
    s: SandboxRecord,
    adminTokenHash: string,
    tokens: ReadonlyArray<{ token: string; ccoId: string }>,
  ): void {
    this.db.transaction(() => {
      this.stmts.insertSandbox.run(s);
      this.stmts.setAdminTokenHash.run(adminTokenHash, s.id);
      this.replaceTokens(s.id, tokens);
    })();
  }

  replaceTokens(sandboxId: string, tokens: ReadonlyArray<{ token: string; ccoId: string }>): void {
    this.cache.clear();
    this.db.transaction(() => {
      this.stmts.deleteTokens.run(sandboxId);
      for (const t of tokens) this.stmts.insertToken.run(t.token, sandboxId, t.ccoId);
    })();
  }

  setAdminTokenHash(sandboxId: string, hash: string | null): void {
    this.cache.clear();
    this.stmts.setAdminTokenHash.run(hash, sandboxId);
  }

  /** Forgets cached reads if another process has committed to the registry since the last check. */
  revalidate(): void {
    this.cache.revalidate();
  }

  adminTokenHash(sandboxId: string): string | null {
    return (this.stmts.adminTokenHash.get(sandboxId) as string | null | undefined) ?? null;
  }

  sandboxOfAdminTokenHash(hash: string): string | null {
    return (this.stmts.sandboxOfAdminTokenHash.get(hash) as string | undefined) ?? null;
  }

  addCssmClient(clientId: string, sandboxId: string): void {
    this.cache.clear();
    this.stmts.insertCssmClient.run(clientId, sandboxId);
  }

  /** The sandbox an API client (Smart Software Manager API) was created in. */
  cssmClientSandbox(clientId: string): string | undefined {
    return this.stmts.cssmClientSandbox.get(clientId) as string | undefined;
  }

  deleteCssmClient(clientId: string): void {
    this.cache.clear();
    this.stmts.deleteCssmClient.run(clientId);
  }
}
