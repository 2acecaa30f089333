import { ActivationCodesRepository } from './activation-codes.js';
import { AsaDevicesRepository } from './asa-devices.js';
import { ContractsRepository } from './contracts.js';
import { CssmClientsRepository } from './cssm-clients.js';
import { CssmRepository } from './cssm.js';
import { DevicesRepository } from './devices.js';
import { FaultsRepository } from './faults.js';
import { HistoryRepository } from './history.js';
import { IdempotencyRepository } from './idempotency.js';
import { JournalRepository } from './journal.js';
import { MailRepository } from './mail.js';
import type { Db } from './open.js';
import { ReadCache } from './read-cache.js';
import { PaksRepository } from './paks.js';
import { RegistrationsRepository } from './registrations.js';
import { ScheduledWorkRepository } from './scheduled-work.js';
import { SettingsRepository } from './settings.js';
import { SmartAccountsRepository } from './smart-accounts.js';
import { TransactionsRepository } from './transactions.js';
import { UsersRepository } from './users.js';

/**
 * One open sandbox database: its write transactions and one repository per aggregate, each owning
 * its statements (compiled on first use). One instance per open database handle.
 */
export class SandboxStore {
  readonly settings: SettingsRepository;
  readonly users: UsersRepository;
  readonly smartAccounts: SmartAccountsRepository;
  readonly paks: PaksRepository;
  readonly contracts: ContractsRepository;
  readonly transactions: TransactionsRepository;
  readonly registrations: RegistrationsRepository;
  readonly activationCodes: ActivationCodesRepository;
  readonly history: HistoryRepository;
  readonly devices: DevicesRepository;
  readonly mail: MailRepository;
  readonly jobs: ScheduledWorkRepository;
  readonly asaDevices: AsaDevicesRepository;
  readonly faults: FaultsRepository;
  readonly journal: JournalRepository;
  readonly idempotency: IdempotencyRepository;
  readonly cssmClients: CssmClientsRepository;
  readonly cssm: CssmRepository;

  /** What the hot path reads, kept between requests (see ReadCache). */
  readonly cache: ReadCache;

  /** Callbacks waiting for the outermost transaction to commit (dropped when it rolls back). */
  private committed: Array<() => void> = [];

  constructor(readonly db: Db) {
    this.cache = new ReadCache(db);
    this.settings = new SettingsRepository(db, this.cache);
    this.users = new UsersRepository(db, this.cache);
    this.smartAccounts = new SmartAccountsRepository(db);
    this.paks = new PaksRepository(db);
    this.contracts = new ContractsRepository(db);
    this.transactions = new TransactionsRepository(db);
    this.registrations = new RegistrationsRepository(db);
    this.activationCodes = new ActivationCodesRepository(db);
    this.history = new HistoryRepository(db);
    this.devices = new DevicesRepository(db);
    this.mail = new MailRepository(db, (fn) => this.writeKeepingCache(fn));
    this.jobs = new ScheduledWorkRepository(db, this.cache);
    this.asaDevices = new AsaDevicesRepository(db);
    this.faults = new FaultsRepository(db, this.cache);
    this.journal = new JournalRepository(db, (fn) => this.writeKeepingCache(fn));
    this.idempotency = new IdempotencyRepository(db);
    this.cssmClients = new CssmClientsRepository(db);
    this.cssm = new CssmRepository(db);
  }

  /**
   * Runs fn in one write transaction, taking the write lock up front (BEGIN IMMEDIATE). A nested call
   * is a savepoint. Callbacks given to afterCommit run once the outermost transaction has committed.
   */
  write<T>(fn: () => T): T {
    const queued = this.committed.length;
    const nested = this.db.inTransaction;
    let result: T;
    try {
      result = this.db.transaction(fn).immediate();
    } catch (err) {
      this.committed.length = queued;
      throw err;
    } finally {
      this.cache.clear();
    }
    if (!nested) {
      const callbacks = this.committed;
      this.committed = [];
      for (const cb of callbacks) cb();
    }
    return result;
  }

  /**
   * write() for rows no kept value is read from (the request journal, flushed after nearly every
   * request; the mailbox's search indexes): the read cache stays, so the next request reads nothing again. No afterCommit callbacks;
   * nested in write() it is a savepoint, and the outer write clears the cache as it ends.
   */
  writeKeepingCache<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Runs cb after the current transaction commits (at once outside a transaction); never on rollback. */
  afterCommit(cb: () => void): void {
    if (this.db.inTransaction) this.committed.push(cb);
    else cb();
  }
}
