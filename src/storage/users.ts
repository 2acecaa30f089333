import { LazyStatement } from './lazy-statement.js';
import type { Db } from './open.js';
import type { ReadCache } from './read-cache.js';

export interface UserRow {
  ccoId: string;
  email: string;
  name: string;
  company: string;
  token: string;
  createdMs: number;
  /** JSON object: the customer profile address. */
  address: string;
}

/** The sandbox's Cisco.com users, their profile address and API token. */
export class UsersRepository {
  private readonly s;

  constructor(
    db: Db,
    private readonly cache: ReadCache,
  ) {
    const p = (sql: string) => new LazyStatement(db, sql);
    this.s = {
      insertUser: p(
        'INSERT INTO users (cco_id, email, name, company, token, created_ms, address) VALUES (@ccoId, @email, @name, @company, @token, @createdMs, @address)',
      ),
      getUser: p(
        'SELECT cco_id AS ccoId, email, name, company, token, created_ms AS createdMs, address FROM users WHERE cco_id = ?',
      ),
      listUsers: p(
        'SELECT cco_id AS ccoId, email, name, company, token, created_ms AS createdMs, address FROM users ORDER BY rowid',
      ),
      setUserAddress: p('UPDATE users SET address = ? WHERE cco_id = ?'),
      setUserToken: p('UPDATE users SET token = ? WHERE cco_id = ?'),
    };
  }

  insert(u: UserRow): void {
    this.cache.clear();
    this.s.insertUser.run(u);
  }

  get(ccoId: string): UserRow | undefined {
    return this.cache.get(`user:${ccoId}`, () => this.s.getUser.get(ccoId) as UserRow | undefined);
  }

  list(): UserRow[] {
    return this.s.listUsers.all() as UserRow[];
  }

  setAddress(ccoId: string, address: string): void {
    this.cache.clear();
    this.s.setUserAddress.run(address, ccoId);
  }

  setToken(ccoId: string, token: string): void {
    this.cache.clear();
    this.s.setUserToken.run(token, ccoId);
  }
}
