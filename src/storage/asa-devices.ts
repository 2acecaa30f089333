import { LazyStatement } from './lazy-statement.js';
import type { Db } from './open.js';
import { bool } from './sqlite-values.js';

export interface AsaDeviceRow {
  serial: string;
  chassisSerial: string | null;
  model: string;
  hostname: string;
  failoverRole: 'primary' | 'secondary' | null;
  failoverPeer: string | null;
  createdMs: number;
}

/** A simulated ASA as its CLI sees it (migrations/sandbox/003_asa_cli.sql). */
export interface AsaCliRow {
  serial: string;
  chassisSerial: string | null;
  model: string;
  hostname: string;
  failoverRole: 'primary' | 'secondary' | null;
  softwareVersion: string | null;
  username: string;
  password: string;
  enablePassword: string;
  runningKey: string | null;
  pendingKey: string | null;
  timebasedKey: string | null;
  essentialsRunning: boolean;
  essentialsSaved: boolean;
  configModifiedMs: number;
  configModifiedBy: string;
  bootedMs: number;
  createdMs: number;
}

const ASA_COLUMNS = `serial, chassis_serial AS chassisSerial, model, hostname, failover_role AS failoverRole,
  failover_peer AS failoverPeer, created_ms AS createdMs`;

const ASA_CLI_COLUMNS = `serial, chassis_serial AS chassisSerial, model, hostname, failover_role AS failoverRole,
  software_version AS softwareVersion, ssh_username AS username, ssh_password AS password, enable_password AS enablePassword,
  running_key AS runningKey, pending_key AS pendingKey, timebased_key AS timebasedKey,
  essentials_running AS essentialsRunning, essentials_saved AS essentialsSaved,
  coalesce(config_modified_ms, created_ms) AS configModifiedMs, coalesce(config_modified_by, ssh_username) AS configModifiedBy,
  coalesce(booted_ms, created_ms) AS bootedMs, created_ms AS createdMs`;

const asaCliRow = (r: AsaCliRow): AsaCliRow => ({
  ...r,
  essentialsRunning: bool(r.essentialsRunning),
  essentialsSaved: bool(r.essentialsSaved),
});

/** The sandbox's simulated ASA firewalls and the state their CLI keeps (keys, hostname, access). */
export class AsaDevicesRepository {
  private readonly s;

  constructor(db: Db) {
    const p = (sql: string) => new LazyStatement(db, sql);
    this.s = {
      insertAsaDevice: p(
        `INSERT INTO asa_devices (serial, chassis_serial, model, hostname, failover_role, failover_peer, created_ms)
         VALUES (@serial, @chassisSerial, @model, @hostname, @failoverRole, @failoverPeer, @createdMs)`,
      ),
      asaDeviceBySerial: p(`SELECT ${ASA_COLUMNS} FROM asa_devices WHERE serial = ? OR chassis_serial = ?`),
      asaDevices: p(`SELECT ${ASA_COLUMNS} FROM asa_devices ORDER BY rowid`),
      deleteAsaDevice: p('DELETE FROM asa_devices WHERE serial = ?'),

      asaCli: p(`SELECT ${ASA_CLI_COLUMNS} FROM asa_devices WHERE serial = ?`),
      asaClis: p(`SELECT ${ASA_CLI_COLUMNS} FROM asa_devices ORDER BY rowid`),
      setAsaAccess: p(
        `UPDATE asa_devices SET software_version = @softwareVersion, ssh_username = @username, ssh_password = @password,
           enable_password = @enablePassword WHERE serial = @serial`,
      ),
      saveAsaCliState: p(
        `UPDATE asa_devices SET hostname = @hostname, running_key = @runningKey, pending_key = @pendingKey,
           timebased_key = @timebasedKey, essentials_running = @essentialsRunning, essentials_saved = @essentialsSaved,
           config_modified_ms = @configModifiedMs, config_modified_by = @configModifiedBy, booted_ms = @bootedMs
         WHERE serial = @serial`,
      ),
      stripAsaKeys: p(
        'UPDATE asa_devices SET running_key = NULL, pending_key = NULL, timebased_key = NULL WHERE serial = ?',
      ),
    };
  }

  insert(d: AsaDeviceRow): void {
    this.s.insertAsaDevice.run(d);
  }

  /** The simulated ASA whose 'show version' or chassis serial this is. */
  get(serial: string): AsaDeviceRow | undefined {
    return this.s.asaDeviceBySerial.get(serial, serial) as AsaDeviceRow | undefined;
  }

  list(): AsaDeviceRow[] {
    return this.s.asaDevices.all() as AsaDeviceRow[];
  }

  delete(serial: string): boolean {
    return this.s.deleteAsaDevice.run(serial).changes === 1;
  }

  /** A simulated ASA with everything its CLI needs. */
  cli(serial: string): AsaCliRow | undefined {
    const r = this.s.asaCli.get(serial) as AsaCliRow | undefined;
    return r && asaCliRow(r);
  }

  clis(): AsaCliRow[] {
    return (this.s.asaClis.all() as AsaCliRow[]).map(asaCliRow);
  }

  setAccess(a: {
    serial: string;
    softwareVersion: string | null;
    username: string;
    password: string;
    enablePassword: string;
  }): void {
    this.s.setAsaAccess.run(a);
  }

  /** Persists what the CLI changed. */
  saveCliState(
    r: Omit<
      AsaCliRow,
      | 'chassisSerial'
      | 'model'
      | 'failoverRole'
      | 'softwareVersion'
      | 'username'
      | 'password'
      | 'enablePassword'
      | 'createdMs'
    >,
  ): void {
    this.s.saveAsaCliState.run({
      ...r,
      essentialsRunning: r.essentialsRunning ? 1 : 0,
      essentialsSaved: r.essentialsSaved ? 1 : 0,
    });
  }

  /** RMA: the returned ASA's installed keys go with its licenses. */
  stripKeys(serial: string): void {
    this.s.stripAsaKeys.run(serial);
  }
}
