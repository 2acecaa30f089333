import {
  decodeActivationKey,
  encodeActivationKey,
  featuresOf,
  NO_FEATURES,
  type FeatureSet,
} from '../domain/activation-key.js';
import {
  findAsaModel,
  findSoftwareRelease,
  runsOn,
  ASA_MODELS,
  SOFTWARE_RELEASES,
} from '../domain/asa-models.js';
import { findSku, type Tier } from '../domain/catalog.js';
import { checkDevice, type IncomingLicense } from '../domain/device-rules.js';
import { unitsToReturn } from '../domain/ledger.js';
import { conflict, invalid, notFound } from '../domain/errors.js';
import { validateSerial } from '../domain/serial.js';
import type { AsaDeviceRow } from '../storage/asa-devices.js';
import type { DeviceLicenseRow } from '../storage/devices.js';
import { asaKeys, asaState, requireAsa } from './asa-cli.js';
import { giveBack } from './ledger.js';
import type { Sandbox } from './sandbox.js';

const tierOf = (sku: string): Tier => findSku(sku)?.tier ?? 'plus';

export function activeLicenses(sandbox: Sandbox, serial: string): DeviceLicenseRow[] {
  return sandbox.store.devices.licenses(serial).filter((l) => l.removedMs === null);
}

/** Recomputes the key a device's active licenses add up to (null when none is left). */
export function refreshDeviceKey(sandbox: Sandbox, serial: string, nowMs: number): string | null {
  const licenses = activeLicenses(sandbox, serial).map((l) => {
    const sku = findSku(l.sku);
    return { tier: sku?.tier ?? 'plus', connections: sku?.connections ?? null };
  });
  const features = featuresOf(licenses);
  const activationKey =
    licenses.length === 0 ? null : encodeActivationKey(sandbox.secret(), serial, features);
  sandbox.store.devices.upsert({
    serial,
    activationKey,
    features: JSON.stringify(licenses.length ? features : NO_FEATURES),
    updatedMs: nowMs,
  });
  return activationKey;
}

export interface LicenseGrant {
  pakLineId: number;
  sku: string;
  quantity: number;
}

/**
 * Puts licenses on a device within the caller's transaction, enforcing what may coexist. A newer
 * license model replaces every retired AnyConnect license on the device, and that is recorded.
 */
export function grantLicenses(
  sandbox: Sandbox,
  serial: string,
  grants: readonly LicenseGrant[],
  context: { transactionId: string; ccoId: string; nowMs: number; sharedFrom?: string },
): void {
  const store = sandbox.store;
  const current = activeLicenses(sandbox, serial);
  const incoming: IncomingLicense[] = grants.map((g) => ({ tier: tierOf(g.sku), sku: g.sku }));
  const role = store.asaDevices.get(serial)?.failoverRole ?? null;
  const plan = checkDevice(
    serial,
    current.map((l) => tierOf(l.sku)),
    incoming,
    role,
  );
  store.devices.ensure(serial, context.nowMs);
  if (plan.replaceLegacy) {
    const legacy = current.filter((l) => findSku(l.sku)?.retired);
    for (const l of legacy)
      store.devices.removeLicense(l.id, context.nowMs, 'replaced by the new licensing model');
    store.devices.insertEvent({
      serial,
      atMs: context.nowMs,
      kind: 'legacy-replaced',
      detail: `Older AnyConnect licenses removed and replaced by the new licensing model: ${legacy.map((l) => `${l.sku} (PAK ${l.pak})`).join(', ')}`,
    });
  }
  for (const g of grants) {
    store.devices.insertLicense({
      serial,
      pakLineId: g.pakLineId,
      transactionId: context.transactionId,
      ccoId: context.ccoId,
      quantity: g.quantity,
      registeredMs: context.nowMs,
      sharedFrom: context.sharedFrom ?? null,
    });
  }
  refreshDeviceKey(sandbox, serial, context.nowMs);
}

/**
 * RMA: "All ASA license keys get stripped during RMA". Quantity the returned ASA held alone goes
 * back to its PAK, so the PAK can simply be re-registered to the replacement serial.
 */
export function returnDevice(sandbox: Sandbox, serial: string): { serial: string; strippedLicenses: number } {
  const normalized = serial.toUpperCase();
  const store = sandbox.store;
  const licenses = activeLicenses(sandbox, normalized);
  if (licenses.length === 0 && !store.asaDevices.get(normalized)) {
    throw notFound('DEVICE_NOT_FOUND', `No licenses or simulated ASA with serial number ${serial}`, {
      serial,
    });
  }
  return store.write(() => {
    const now = sandbox.nowMs();
    for (const l of licenses) {
      store.devices.removeLicense(l.id, now, 'RMA: license keys stripped');
      // Shared copies took nothing; the ASA's own registration gives back what it took for it.
      if (l.sharedFrom !== null) continue;
      const take = store.registrations.lines(l.transactionId).find((r) => r.pakLineId === l.pakLineId);
      if (!take) continue;
      const holdersLeft = store.devices.activeHoldersOfRegistration(l.transactionId, l.pakLineId);
      giveBack(sandbox, l.transactionId, l.pakLineId, unitsToReturn(l.sku, take, 1, holdersLeft));
    }
    store.devices.ensure(normalized, now);
    store.devices.clearKey(normalized, JSON.stringify(NO_FEATURES), now);
    const asa = store.asaDevices.get(normalized);
    if (asa) store.asaDevices.stripKeys(asa.serial);
    store.devices.insertEvent({
      serial: normalized,
      atMs: now,
      kind: 'rma',
      detail: `RMA: ${licenses.length} license(s) stripped`,
    });
    return { serial: normalized, strippedLicenses: licenses.length };
  });
}

export interface AsaDeviceInput {
  model: string;
  serial: string;
  chassisSerial?: string;
  hostname?: string;
  failoverRole?: 'primary' | 'secondary';
  failoverPeer?: string;
  softwareVersion?: string;
  username?: string;
  password?: string;
  enablePassword?: string;
}

export interface AsaDeviceView extends Omit<AsaDeviceRow, 'createdMs'> {
  createdAt: string;
  platform: 'asa' | 'asav';
  softwareVersion: string;
  login: { username: string; password: string; enablePassword: string };
  runningActivationKey: string;
  pendingActivationKey: string | null;
  timebasedActivationKey: string | null;
}

const asaView = (sandbox: Sandbox, d: AsaDeviceRow): AsaDeviceView => {
  const { createdMs, ...rest } = d;
  const cli = requireAsa(sandbox, d.serial);
  return {
    ...rest,
    createdAt: new Date(createdMs).toISOString(),
    platform: findAsaModel(d.model)?.platform ?? 'asa',
    softwareVersion: asaState(cli).softwareVersion,
    login: { username: cli.username, password: cli.password, enablePassword: cli.enablePassword },
    ...asaKeys(sandbox, cli),
  };
};

const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const LOGIN_NAME = /^[!-~]{1,64}$/;
const PASSWORD = /^[!-~]{3,127}$/;

function validateLogin(input: AsaDeviceInput) {
  const username = input.username ?? 'admin';
  if (!LOGIN_NAME.test(username)) {
    throw invalid('INVALID_USERNAME', 'username: 1 to 64 printable characters, no spaces', {
      field: 'username',
    });
  }
  const password = input.password ?? 'cisco';
  if (!PASSWORD.test(password)) {
    throw invalid('INVALID_PASSWORD', 'password: 3 to 127 printable characters, no spaces', {
      field: 'password',
    });
  }
  const enablePassword = input.enablePassword ?? 'cisco';
  if (enablePassword !== '' && !PASSWORD.test(enablePassword)) {
    throw invalid(
      'INVALID_PASSWORD',
      'enablePassword: empty (press Enter at the prompt) or 3 to 127 printable characters, no spaces',
      { field: 'enablePassword' },
    );
  }
  return { username, password, enablePassword };
}

/** Control plane: a simulated ASA with its 'show version' serial and, for 5500-X, a different chassis serial. */
export function createAsaDevice(sandbox: Sandbox, input: AsaDeviceInput): AsaDeviceView {
  const model = findAsaModel(input.model);
  if (!model) {
    throw invalid(
      'UNKNOWN_MODEL',
      `model: ${input.model} is not a simulated ASA model (${ASA_MODELS.map((m) => m.model).join(', ')})`,
      {
        field: 'model',
      },
    );
  }
  const serial = validateSerial(input.serial, 'serial');
  const chassis =
    input.chassisSerial === undefined ? null : validateSerial(input.chassisSerial, 'chassisSerial');
  if (chassis !== null && !model.separateChassisSerial) {
    throw invalid(
      'CHASSIS_SERIAL_NOT_APPLICABLE',
      `chassisSerial: the ${model.model} reports one serial number`,
      { field: 'chassisSerial' },
    );
  }
  if (chassis === serial) {
    throw invalid(
      'CHASSIS_SERIAL_SAME',
      'chassisSerial: a 5500-X chassis serial differs from its show version serial',
      {
        field: 'chassisSerial',
      },
    );
  }
  for (const [field, value] of [
    ['serial', serial],
    ['chassisSerial', chassis],
  ] as const) {
    if (value !== null && sandbox.store.asaDevices.get(value)) {
      throw conflict(
        'DEVICE_EXISTS',
        `${field}: a simulated ASA with serial number ${value} already exists`,
        { field },
      );
    }
  }
  const hostname = input.hostname?.trim() || `asa-${serial.toLowerCase()}`;
  if (!HOSTNAME.test(hostname)) {
    throw invalid(
      'INVALID_HOSTNAME',
      'hostname: 1 to 63 letters, digits and hyphens, starting and ending with a letter or digit',
      { field: 'hostname' },
    );
  }
  let softwareVersion: string | null = null;
  if (input.softwareVersion !== undefined) {
    const release = findSoftwareRelease(input.softwareVersion.trim());
    if (!release || !runsOn(model, release)) {
      throw invalid(
        'UNSUPPORTED_SOFTWARE',
        `softwareVersion: the ${model.model} runs ${SOFTWARE_RELEASES.filter((r) => runsOn(model, r))
          .map((r) => r.version)
          .join(', ')}`,
        { field: 'softwareVersion' },
      );
    }
    softwareVersion = release.version;
  }
  const login = validateLogin(input);
  if (input.failoverPeer !== undefined && input.failoverRole === undefined) {
    throw invalid(
      'FAILOVER_ROLE_REQUIRED',
      'failoverRole: give the role (primary or secondary) with a failover peer',
      { field: 'failoverRole' },
    );
  }
  const row: AsaDeviceRow = {
    serial,
    chassisSerial: chassis,
    model: model.model,
    hostname,
    failoverRole: input.failoverRole ?? null,
    failoverPeer: input.failoverPeer?.toUpperCase() ?? null,
    createdMs: sandbox.nowMs(),
  };
  sandbox.store.write(() => {
    sandbox.store.asaDevices.insert(row);
    sandbox.store.asaDevices.setAccess({ serial, softwareVersion, ...login });
  });
  return asaView(sandbox, row);
}

export function listAsaDevices(sandbox: Sandbox): AsaDeviceView[] {
  return sandbox.store.asaDevices.list().map((d) => asaView(sandbox, d));
}

export function getAsaDevice(sandbox: Sandbox, serial: string): AsaDeviceView {
  const device = sandbox.store.asaDevices.get(serial.toUpperCase());
  if (!device) throw notFound('ASA_NOT_FOUND', `No simulated ASA with serial number ${serial}`, { serial });
  return asaView(sandbox, device);
}

/** Removes a simulated ASA; its portal licenses stay with the serial. */
export function deleteAsaDevice(sandbox: Sandbox, serial: string): void {
  const device = sandbox.store.asaDevices.get(serial.toUpperCase());
  if (!device || device.serial !== serial.toUpperCase()) {
    throw notFound('ASA_NOT_FOUND', `No simulated ASA with serial number ${serial}`, { serial });
  }
  sandbox.store.write(() => sandbox.store.asaDevices.delete(device.serial));
}

export interface KeyCheck {
  serial: string;
  valid: boolean;
  features: FeatureSet | null;
  reason: string | null;
}

/**
 * What the ASA itself would say of a key: it checks the key against its 'show version' serial only,
 * so a key registered to the 5500-X chassis serial does not install.
 */
export function checkKeyOnDevice(sandbox: Sandbox, serial: string, key: string): KeyCheck {
  const device = sandbox.store.asaDevices.get(serial.toUpperCase());
  if (!device) throw notFound('ASA_NOT_FOUND', `No simulated ASA with serial number ${serial}`, { serial });
  const features = decodeActivationKey(sandbox.secret(), device.serial, key);
  if (features) return { serial: device.serial, valid: true, features, reason: null };
  const forChassis =
    device.chassisSerial !== null &&
    decodeActivationKey(sandbox.secret(), device.chassisSerial, key) !== null;
  return {
    serial: device.serial,
    valid: false,
    features: null,
    reason: forChassis
      ? `The key was made for the chassis serial number ${device.chassisSerial}, not the serial number 'show version' reports (${device.serial}). Use the Share License Process from ${device.chassisSerial} to ${device.serial}.`
      : `The key was not made for serial number ${device.serial}.`,
  };
}
