import { LazyStatement } from './lazy-statement.js';
import type { Db } from './open.js';

export interface CssmApiClientRow {
  clientId: string;
  secretHash: string;
  name: string;
  ccoId: string | null;
  createdMs: number;
}

export interface CssmAccessTokenRow {
  clientId: string;
  actingCcoId: string | null;
  issuedMs: number;
  expiresMs: number;
}

const CLIENT_COLUMNS =
  'client_id AS clientId, secret_hash AS secretHash, name, cco_id AS ccoId, created_ms AS createdMs';

/** The Smart Software Manager API's OAuth clients and the access tokens issued to them. */
export class CssmClientsRepository {
  private readonly s;

  constructor(db: Db) {
    const p = (sql: string) => new LazyStatement(db, sql);
    this.s = {
      insertCssmApiClient: p(
        `INSERT INTO cssm_api_clients (client_id, secret_hash, name, cco_id, created_ms)
         VALUES (@clientId, @secretHash, @name, @ccoId, @createdMs)`,
      ),
      cssmApiClient: p(`SELECT ${CLIENT_COLUMNS} FROM cssm_api_clients WHERE client_id = ?`),
      cssmApiClients: p(`SELECT ${CLIENT_COLUMNS} FROM cssm_api_clients ORDER BY created_ms, client_id`),
      deleteCssmApiClient: p('DELETE FROM cssm_api_clients WHERE client_id = ?'),
      insertCssmAccessToken: p(
        `INSERT INTO cssm_access_tokens (token_hash, client_id, acting_cco_id, issued_ms, expires_ms)
         VALUES (@tokenHash, @clientId, @actingCcoId, @issuedMs, @expiresMs)`,
      ),
      cssmAccessToken: p(
        `SELECT client_id AS clientId, acting_cco_id AS actingCcoId, issued_ms AS issuedMs, expires_ms AS expiresMs
         FROM cssm_access_tokens WHERE token_hash = ?`,
      ),
      deleteExpiredCssmAccessTokens: p('DELETE FROM cssm_access_tokens WHERE expires_ms <= ?'),
    };
  }

  insert(c: CssmApiClientRow): void {
    this.s.insertCssmApiClient.run(c);
  }

  get(clientId: string): CssmApiClientRow | undefined {
    return this.s.cssmApiClient.get(clientId) as CssmApiClientRow | undefined;
  }

  list(): CssmApiClientRow[] {
    return this.s.cssmApiClients.all() as CssmApiClientRow[];
  }

  delete(clientId: string): boolean {
    return this.s.deleteCssmApiClient.run(clientId).changes === 1;
  }

  /** Stores a new access token, dropping the ones that have expired on the sandbox clock. */
  insertAccessToken(t: CssmAccessTokenRow & { tokenHash: string }): void {
    this.s.deleteExpiredCssmAccessTokens.run(t.issuedMs);
    this.s.insertCssmAccessToken.run(t);
  }

  accessToken(tokenHash: string): CssmAccessTokenRow | undefined {
    return this.s.cssmAccessToken.get(tokenHash) as CssmAccessTokenRow | undefined;
  }
}
