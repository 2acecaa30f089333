import { LazyStatement } from './lazy-statement.js';
import type { Db } from './open.js';

export interface DeviceRow {
  serial: string;
  activationKey: string | null;
  features: string;
  updatedMs: number;
}

export interface DeviceLicenseRow {
  id: number;
  serial: string;
  pakLineId: number;
  transactionId: string;
  ccoId: string;
  quantity: number;
  registeredMs: number;
  pak: string;
  sku: string;
  startDate: string;
  endDate: string | null;
  sharedFrom: string | null;
  removedMs: number | null;
  removedReason: string | null;
}

export interface DeviceEventRow {
  serial: string;
  atMs: number;
  kind: string;
  detail: string;
}

export interface EvaluationRow {
  id: number;
  serial: string;
  ccoId: string;
  transactionId: string;
  startDate: string;
  endDate: string;
  activationKey: string;
}

const DEVICE_LICENSE_COLUMNS = `d.id, d.serial, d.pak_line_id AS pakLineId, d.transaction_id AS transactionId, d.cco_id AS ccoId, d.quantity,
  d.registered_ms AS registeredMs, l.pak, l.sku, l.start_date AS startDate, l.end_date AS endDate,
  d.shared_from AS sharedFrom, d.removed_ms AS removedMs, d.removed_reason AS removedReason`;

/** Devices by serial number: their activation key, the licenses they hold, evaluations and events. */
export class DevicesRepository {
  private readonly s;

  constructor(db: Db) {
    const p = (sql: string) => new LazyStatement(db, sql);
    this.s = {
      upsertDevice: p(
        `INSERT INTO devices (serial, activation_key, features, updated_ms) VALUES (@serial, @activationKey, @features, @updatedMs)
         ON CONFLICT (serial) DO UPDATE SET activation_key = excluded.activation_key, features = excluded.features,
           updated_ms = excluded.updated_ms`,
      ),
      ensureDevice: p(
        "INSERT OR IGNORE INTO devices (serial, activation_key, features, updated_ms) VALUES (?, NULL, '{}', ?)",
      ),
      getDevice: p(
        'SELECT serial, activation_key AS activationKey, features, updated_ms AS updatedMs FROM devices WHERE serial = ?',
      ),
      clearDeviceKey: p(
        'UPDATE devices SET activation_key = NULL, features = ?, updated_ms = ? WHERE serial = ?',
      ),
      hasActivationKeys: p('SELECT EXISTS (SELECT 1 FROM devices WHERE activation_key IS NOT NULL)').pluck(),

      insertDeviceLicense: p(
        `INSERT INTO device_licenses (serial, pak_line_id, transaction_id, cco_id, quantity, registered_ms, shared_from)
         VALUES (@serial, @pakLineId, @transactionId, @ccoId, @quantity, @registeredMs, @sharedFrom)`,
      ),
      deviceLicenses: p(
        `SELECT ${DEVICE_LICENSE_COLUMNS} FROM device_licenses d JOIN pak_lines l ON l.id = d.pak_line_id WHERE d.serial = ? ORDER BY d.id`,
      ),
      deviceLicensesOfTransaction: p(
        `SELECT ${DEVICE_LICENSE_COLUMNS} FROM device_licenses d JOIN pak_lines l ON l.id = d.pak_line_id WHERE d.transaction_id = ? ORDER BY d.id`,
      ),
      activeHoldersOfRegistration: p(
        'SELECT count(*) FROM device_licenses WHERE transaction_id = ? AND pak_line_id = ? AND removed_ms IS NULL',
      ).pluck(),
      removeDeviceLicense: p(
        'UPDATE device_licenses SET removed_ms = ?, removed_reason = ? WHERE id = ? AND removed_ms IS NULL',
      ),
      licensesEnding: p(
        `SELECT ${DEVICE_LICENSE_COLUMNS} FROM device_licenses d JOIN pak_lines l ON l.id = d.pak_line_id
         WHERE d.removed_ms IS NULL AND l.end_date IS NOT NULL AND l.end_date <= ? ORDER BY l.end_date, d.serial, d.id`,
      ),

      insertDeviceEvent: p('INSERT INTO device_events (serial, at_ms, kind, detail) VALUES (?, ?, ?, ?)'),
      deviceEvents: p(
        'SELECT serial, at_ms AS atMs, kind, detail FROM device_events WHERE serial = ? ORDER BY at_ms, id',
      ),

      insertEvaluation: p(
        `INSERT INTO evaluations (serial, cco_id, transaction_id, start_date, end_date, activation_key)
         VALUES (@serial, @ccoId, @transactionId, @startDate, @endDate, @activationKey)`,
      ),
      evaluationsOf: p(
        `SELECT id, serial, cco_id AS ccoId, transaction_id AS transactionId, start_date AS startDate, end_date AS endDate,
                activation_key AS activationKey FROM evaluations WHERE serial = ? ORDER BY id`,
      ),
      serialsOfUser: p(
        `SELECT serial FROM device_licenses WHERE cco_id = @ccoId
         UNION SELECT serial FROM evaluations WHERE cco_id = @ccoId ORDER BY serial`,
      ).pluck(),
    };
  }

  upsert(d: DeviceRow): void {
    this.s.upsertDevice.run(d);
  }

  ensure(serial: string, nowMs: number): void {
    this.s.ensureDevice.run(serial, nowMs);
  }

  get(serial: string): DeviceRow | undefined {
    return this.s.getDevice.get(serial) as DeviceRow | undefined;
  }

  clearKey(serial: string, features: string, atMs: number): void {
    this.s.clearDeviceKey.run(features, atMs, serial);
  }

  /** Whether any activation key was made with this sandbox's secret (it then cannot change). */
  hasActivationKeys(): boolean {
    return this.s.hasActivationKeys.get() === 1;
  }

  insertLicense(
    l: Omit<
      DeviceLicenseRow,
      'id' | 'pak' | 'sku' | 'startDate' | 'endDate' | 'sharedFrom' | 'removedMs' | 'removedReason'
    > & {
      sharedFrom?: string | null;
    },
  ): void {
    this.s.insertDeviceLicense.run({ sharedFrom: null, ...l });
  }

  licenses(serial: string): DeviceLicenseRow[] {
    return this.s.deviceLicenses.all(serial) as DeviceLicenseRow[];
  }

  licensesOfTransaction(transactionId: string): DeviceLicenseRow[] {
    return this.s.deviceLicensesOfTransaction.all(transactionId) as DeviceLicenseRow[];
  }

  activeHoldersOfRegistration(transactionId: string, pakLineId: number): number {
    return this.s.activeHoldersOfRegistration.get(transactionId, pakLineId) as number;
  }

  removeLicense(id: number, atMs: number, reason: string): boolean {
    return this.s.removeDeviceLicense.run(atMs, reason, id).changes === 1;
  }

  /** Active device licenses whose term ends on or before the given date. */
  licensesEndingBy(date: string): DeviceLicenseRow[] {
    return this.s.licensesEnding.all(date) as DeviceLicenseRow[];
  }

  insertEvent(e: DeviceEventRow): void {
    this.s.insertDeviceEvent.run(e.serial, e.atMs, e.kind, e.detail);
  }

  events(serial: string): DeviceEventRow[] {
    return this.s.deviceEvents.all(serial) as DeviceEventRow[];
  }

  insertEvaluation(e: Omit<EvaluationRow, 'id'>): void {
    this.s.insertEvaluation.run(e);
  }

  evaluations(serial: string): EvaluationRow[] {
    return this.s.evaluationsOf.all(serial) as EvaluationRow[];
  }

  /** Serials a user registered, shared or evaluated licenses on (removed ones included). */
  serialsOfUser(ccoId: string): string[] {
    return this.s.serialsOfUser.all({ ccoId }) as string[];
  }
}
