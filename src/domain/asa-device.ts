/**
 * Over 400 lines: five model families' layouts (interfaces, crypto, inventory) side by side, so one
 * family's differences read against the others'.
 *
 * A simulated ASA as its CLI sees it, and what its show commands print. Pure: every function takes
 * the device state, the sandbox secret (to decode keys) and the sandbox time.
 *
 * Each layout is the real capture of the model's family (docs/simulated-asas.md), line kind by
 * line kind: no line is added or dropped to please a parser, so a third-party template that fails
 * on the real device (ntc-templates' show version on 'Running Timebased Activation Key') fails here too.
 */
import { createHash } from 'node:crypto';
import { decodeActivationKey, encodeActivationKey, NO_FEATURES, type FeatureSet } from './activation-key.js';
import { featureTable, type FeatureValue } from './asa-features.js';
import {
  compareVersions,
  findAsaModel,
  findSoftwareRelease,
  systemImage,
  type AsaModel,
} from './asa-models.js';

const DAY_MS = 86_400_000;

export interface AsaState {
  serial: string;
  chassisSerial: string | null;
  model: string;
  hostname: string;
  softwareVersion: string;
  failoverRole: 'primary' | 'secondary' | null;
  /** The local user (SSH login, the `login` command, 'username' in the configuration). */
  username: string;
  password: string;
  enablePassword: string;
  /** Running permanent activation key; null is the factory key (no licensed features). */
  runningKey: string | null;
  /** A permanent key written to flash that takes effect at the next reload. */
  pendingKey: string | null;
  timebasedKey: string | null;
  /** `anyconnect-essentials` under webvpn, in the running and in the saved configuration. */
  essentialsRunning: boolean;
  essentialsSaved: boolean;
  configModifiedMs: number;
  configModifiedBy: string;
  bootedMs: number;
}

export interface DeviceContext {
  nowMs: number;
  /** The sandbox secret that binds activation keys to serials. */
  secret: string;
}

export function modelOf(state: AsaState): AsaModel {
  const model = findAsaModel(state.model);
  if (!model) throw new Error(`unknown ASA model ${state.model}`);
  return model;
}

/** The key a factory-fresh ASA runs: bound to its serial, unlocking nothing beyond the platform. */
export function factoryKey(ctx: DeviceContext, serial: string): string {
  return encodeActivationKey(ctx.secret, serial, NO_FEATURES);
}

export function runningPermanentKey(state: AsaState, ctx: DeviceContext): string {
  return state.runningKey ?? factoryKey(ctx, state.serial);
}

function endOfEvaluationMs(features: FeatureSet): number | null {
  return features.evaluationUntil === null ? null : Date.parse(`${features.evaluationUntil}T00:00:00Z`);
}

/** Days a time-based key has left on the sandbox clock (0 once expired). */
export function daysRemaining(features: FeatureSet, nowMs: number): number {
  const end = endOfEvaluationMs(features);
  return end === null ? 0 : Math.max(0, Math.ceil((end - nowMs) / DAY_MS));
}

export function permanentFeatures(state: AsaState, ctx: DeviceContext): FeatureSet {
  return decodeActivationKey(ctx.secret, state.serial, runningPermanentKey(state, ctx)) ?? NO_FEATURES;
}

/** The running time-based key's features, or null when there is none or it has expired. */
export function timebasedFeatures(state: AsaState, ctx: DeviceContext): FeatureSet | null {
  if (state.timebasedKey === null) return null;
  const features = decodeActivationKey(ctx.secret, state.serial, state.timebasedKey);
  return features && daysRemaining(features, ctx.nowMs) > 0 ? features : null;
}

export interface FeatureRow extends FeatureValue {
  /** 'perpetual', or 'N days' when a time-based key provides it. */
  term: string;
  /** A running time-based key provides the value. */
  timebased: boolean;
}

/** What the ASA runs: the permanent key's table, raised by a running time-based key (shown as 'N days'). */
export function effectiveFeatures(state: AsaState, ctx: DeviceContext): FeatureRow[] {
  const model = modelOf(state);
  const permanent = featureTable(model, state.softwareVersion, permanentFeatures(state, ctx));
  const tb = timebasedFeatures(state, ctx);
  const perpetual = (r: FeatureValue): FeatureRow => ({
    ...r,
    term: r.fixedTerm ?? 'perpetual',
    timebased: false,
  });
  if (!tb) return permanent.map(perpetual);
  const days = daysRemaining(tb, ctx.nowMs);
  const timed = featureTable(model, state.softwareVersion, tb);
  return permanent.map((r, i) => {
    const t = timed[i] as FeatureValue;
    return t.rank > r.rank ? { ...t, term: `${days} days`, timebased: true } : perpetual(r);
  });
}

/** Features the running permanent key has that a new one lacks: the FAQ's "scary warning". */
export function droppedFeatures(state: AsaState, ctx: DeviceContext, next: FeatureSet): string[] {
  const model = modelOf(state);
  const now = featureTable(model, state.softwareVersion, permanentFeatures(state, ctx));
  const then = featureTable(model, state.softwareVersion, next);
  return now.filter((r, i) => (then[i]?.rank ?? 0) < r.rank).map((r) => r.name);
}

/** A feature row: the ASAv (Smart Licensing) prints no term column, each row after a tab as in its capture. */
function formatRow(model: AsaModel, r: FeatureRow): string {
  if (model.family === 'asav') return `\t${r.name.padEnd(34)}: ${r.value}`;
  return `${r.name.padEnd(34)}: ${r.value.padEnd(15)}${r.term}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** '18:56:48.410 UTC Wed Apr 5 2017', the ASA's clock format (show clock, show version). */
export function asaTime(ms: number): string {
  const d = new Date(ms);
  const time = d.toISOString().slice(11, 23);
  return `${time} UTC ${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${d.getUTCFullYear()}`;
}

const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** '41 days 19 hours', '3 hours 12 mins', '1 year 97 days': as 'show version' words uptime. */
export function formatUptime(ms: number): string {
  const secs = Math.max(0, Math.floor(ms / 1000));
  const mins = Math.floor(secs / 60);
  const hours = Math.floor(mins / 60);
  const days = Math.floor(hours / 24);
  const years = Math.floor(days / 365);
  if (years > 0) return `${unit(years, 'year')} ${unit(days % 365, 'day')}`;
  if (days > 0) return `${unit(days, 'day')} ${unit(hours % 24, 'hour')}`;
  if (hours > 0) return `${unit(hours, 'hour')} ${unit(mins % 60, 'min')}`;
  return `${unit(mins, 'min')} ${unit(secs % 60, 'sec')}`;
}

const dotted = (hex: string) => `${hex.slice(0, 4)}.${hex.slice(4, 8)}.${hex.slice(8, 12)}`;

/** The unit's base MAC: the model's OUI and three bytes from the serial; `plus` counts up from it. */
function mac(model: AsaModel, serial: string, plus: number): string {
  const tail = createHash('sha256').update(serial).digest().readUIntBE(0, 3) & 0xffff00;
  return dotted(model.oui.replace('.', '') + (tail + plus).toString(16).padStart(6, '0'));
}

interface Port {
  name: string;
  internal: boolean;
  /** A MAC counted from the base, a fixed internal address, or none ('Not used'). */
  mac: number | string | null;
  irq: number;
}

const port = (name: string, internal: boolean, addr: Port['mac'], irq: number): Port => ({
  name,
  internal,
  mac: addr,
  irq,
});

/** Interface lines in each family's real order, numbering, MAC pattern and IRQs. */
function ports(model: AsaModel): { first: number; list: Port[] } {
  const n = model.dataPorts;
  const range = (f: (i: number) => Port) => Array.from({ length: n }, (_, i) => f(i));
  switch (model.family) {
    case 'lfbff':
      return {
        first: 1,
        list: [
          ...range((i) => port(`GigabitEthernet1/${i + 1}`, false, i + 1, 255)),
          port('Internal-Data1/1', true, 0, 255),
          port('Internal-Data1/2', true, '0000.0001.0002', 0),
          port('Internal-Control1/1', true, '0000.0001.0001', 0),
          port('Internal-Data1/3', true, '0000.0001.0003', 0),
          port('Management1/1', false, 0, 0),
          port('Internal-Data1/4', true, '0000.0100.0001', 0),
        ],
      };
    case 'midrange':
    case 'ssp': {
      // Even data ports count from the upper half of the block, odd ones from base + 1 (the 5555 capture).
      const data = range((i) => {
        const name = model.family === 'ssp' && i >= 6 ? `TenGigabitEthernet0/${i}` : `GigabitEthernet0/${i}`;
        const addr = i % 2 === 0 ? n / 2 + 1 + i / 2 : 1 + (i - 1) / 2;
        return port(name, false, addr, i % 4 < 2 ? 5 : 10);
      });
      return {
        first: 0,
        list: [
          port('Internal-Data0/0', true, 0, 11),
          ...data,
          port('Internal-Data0/1', true, '0000.0001.0002', 0),
          port('Internal-Control0/0', true, '0000.0001.0001', 0),
          port('Internal-Data0/2', true, '0000.0001.0003', 0),
          port('Management0/0', false, 0, 0),
          ...(model.family === 'ssp' ? [port('Management0/1', false, n + 1, 0)] : []),
          port('Internal-Data0/3', true, '0000.0100.0001', 0),
        ],
      };
    }
    case 'asa5505':
      return {
        first: 0,
        list: [
          port('Internal-Data0/0', true, 8, 11),
          ...range((i) => port(`Ethernet0/${i}`, false, i, 255)),
          port('Internal-Data0/1', true, '0000.0003.0002', 255),
          port('Not used', true, null, 255),
          port('Not used', true, null, 255),
        ],
      };
    case 'asav':
      return {
        first: 0,
        list: [
          port('Management0/0', false, 0, 11),
          ...range((i) => port(`GigabitEthernet0/${i}`, false, i + 1, (i + 1) % 4 < 2 ? 11 : 10)),
        ],
      };
  }
}

function interfaceLines(model: AsaModel, serial: string): string[] {
  const { first, list } = ports(model);
  return list.map((p, i) => {
    const head = `${String(first + i).padStart(2)}: ${p.internal ? 'Int' : 'Ext'}: ${p.name.padEnd(20)}:`;
    if (p.mac === null) return `${head} irq ${p.irq}`;
    const addr = typeof p.mac === 'string' ? p.mac : mac(model, serial, p.mac);
    return `${head} address is ${addr}, irq ${p.irq}`;
  });
}

/** The accelerator block: 8.x prints the microcode flush left, 9.x indented under the device. */
function cryptoLines(model: AsaModel, version: string): string[] {
  const c = model.crypto;
  if (!c) return [];
  const head = `Encryption hardware device : ${c.device}`;
  if (!c.microcode) return [head, `                             Number of accelerators: ${c.accelerators}`];
  const [boot, ssl, ipsec] = c.microcode;
  if (compareVersions(version, '9.0(1)') < 0) {
    return [head, `Boot microcode   : ${boot}`, `SSL/IKE microcode: ${ssl}`, `IPsec microcode  : ${ipsec}`];
  }
  const indent = ' '.repeat(29);
  return [
    head,
    `${indent}Boot microcode        : ${boot}`,
    `${indent}SSL/IKE microcode     : ${ssl}`,
    `${indent}IPSec microcode       : ${ipsec}`,
    `${indent}Number of accelerators: ${c.accelerators}`,
  ];
}

function lastModified(state: AsaState): string {
  return state.configModifiedMs > state.bootedMs
    ? `Configuration last modified by ${state.configModifiedBy} at ${asaTime(state.configModifiedMs)}`
    : 'Configuration has not been modified since last system restart.';
}

/** The ASAv with no Smart Licensing entitlement (the state of both real ASAv captures). */
const ASAV_UNLICENSED = [
  'License mode: Smart Licensing',
  'ASAv Platform License State: Unlicensed',
  'No active entitlement: no feature tier and no throughput level configured',
  '*Memory resource allocation is more than the permitted limit.',
  '',
];

/** 'show version'. */
export function showVersion(state: AsaState, ctx: DeviceContext): string {
  const model = modelOf(state);
  const version = state.softwareVersion;
  const release = findSoftwareRelease(version);
  const family = model.family;
  const asav = family === 'asav';
  const signed = compareVersions(version, '9.3(1)') >= 0;
  const features = effectiveFeatures(state, ctx);
  const rows = features.map((r) => formatRow(model, r));
  // The failover cluster table has no 'Cluster Members' row (the 5516-X failover capture).
  const pairRows = features.filter((r) => r.name !== 'Cluster Members').map((r) => formatRow(model, r));
  const uptime = formatUptime(ctx.nowMs - state.bootedMs);
  const tb = timebasedFeatures(state, ctx) ? state.timebasedKey : null;
  const crypto = cryptoLines(model, version);
  const lines = [
    '',
    `Cisco Adaptive Security Appliance Software Version ${version}`,
    ...(release?.operatingSystem ? [release.operatingSystem] : []),
    `Device Manager Version ${release?.deviceManager ?? '7.19(1)'}`,
    '',
    `Compiled on ${release?.compiled ?? 'Tue 25-Oct-22 10:53 PDT'} by builders`,
    `System image file is "${systemImage(model, version)}"`,
    'Config file at boot was "startup-config"',
    '',
    `${state.hostname} up ${uptime}`,
    ...(state.failoverRole ? [`failover cluster up ${uptime}`] : []),
    '',
    `Hardware:   ${model.hardware}`,
    ...(model.asaShare && signed ? [`            ${model.asaShare}`] : []),
    ...(asav ? [`Model Id:   ${model.pid}`] : []),
    `Internal ATA Compact Flash, ${model.flashMb}MB`,
    ...(asav ? [`Slot 1: ATA Compact Flash, ${model.flashMb}MB`] : []),
    model.biosFlash,
    '',
    ...crypto,
    ...(family === 'midrange' && signed
      ? ['Baseboard Management Controller (revision 0x1) Firmware Version: 2.4', '', '']
      : crypto.length > 0
        ? ['']
        : ['']),
    ...interfaceLines(model, state.serial),
    '',
    ...(asav ? ASAV_UNLICENSED : []),
    'Licensed features for this platform:',
    ...rows,
    '',
    ...(state.failoverRole
      ? ['', 'Failover cluster licensed features for this platform:', ...pairRows, '']
      : []),
    ...(asav ? [] : [`This platform has ${model.licenseLine} license.`, '']),
    `Serial Number: ${state.serial}`,
    ...(asav
      ? ['']
      : [
          `Running Permanent Activation Key: ${runningPermanentKey(state, ctx)}`,
          ...(tb ? [`Running Timebased Activation Key: ${tb}`] : []),
          'Configuration register is 0x1',
        ]),
    ...(!signed
      ? []
      : family === 'lfbff'
        ? ['Image type                : Release', 'Key Version               : A']
        : [...(asav ? [] : ['']), 'Image type          : Release', 'Key version         : A', '']),
    lastModified(state),
  ];
  return lines.join('\n') + '\n';
}

const inventoryItem = (name: string, descr: string, pid: string, vid: string, sn: string) => [
  `Name: "${name}", DESCR: "${descr}"`,
  `PID: ${pid.padEnd(18)}, VID: ${vid.padEnd(8)}, SN: ${sn}`,
];

/** A serial for a part of the unit (SSD, power supply), stable per unit. */
const partSerial = (prefix: string, serial: string, part: string) =>
  `${prefix}${createHash('sha256').update(`${part}:${serial}`).digest('hex').slice(0, 8).toUpperCase()}`;

/** 'show inventory': the chassis serial of a 5500-X differs from the 'show version' serial. */
export function showInventory(state: AsaState): string {
  const model = modelOf(state);
  const chassis = state.chassisSerial ?? state.serial;
  const items: string[][] = [];
  switch (model.family) {
    case 'lfbff':
      items.push(inventoryItem('Chassis', model.description, model.pid, 'V01', chassis));
      items.push(
        inventoryItem(
          'Storage Device 1',
          `${model.model} SSD`,
          `${model.pid}-SSD`,
          'N/A',
          partSerial('MSA', state.serial, 'ssd'),
        ),
      );
      break;
    case 'midrange':
      items.push(inventoryItem('Chassis', model.description, model.pid, 'V03', chassis));
      items.push(
        model.dataPorts === 6
          ? inventoryItem(
              'power supply',
              'ASA/IPS 180W AC Power Supply',
              'ASA-180W-PWR-AC',
              'V01',
              partSerial('DTN', state.serial, 'psu'),
            )
          : inventoryItem(
              'power supply 0',
              'ASA 5545-X/5555-X AC Power Supply',
              'ASA-PWR-AC',
              'V02',
              partSerial('ART', state.serial, 'psu'),
            ),
      );
      break;
    case 'ssp':
      items.push(inventoryItem('Chassis', 'ASA 5585-X', 'ASA5585', 'V02', chassis));
      items.push(
        inventoryItem('slot:0', model.description, model.pid, 'V06', partSerial('JAF', state.serial, 'ssp')),
      );
      items.push(
        inventoryItem(
          'power supply 0',
          'ASA 5585-X AC Power Supply',
          'ASA5585-PWR-AC',
          'V03',
          partSerial('POG', state.serial, 'psu'),
        ),
      );
      break;
    case 'asa5505':
    case 'asav':
      items.push(
        inventoryItem(
          'Chassis',
          model.description,
          model.family === 'asav' ? 'ASAv' : model.pid,
          'V05',
          chassis,
        ),
      );
      break;
  }
  return `${items.map((i) => i.join('\n')).join('\n\n')}\n\n`;
}

/**
 * 'show activation-key': the running keys, the table, whether flash holds another permanent key,
 * and what a running time-based key adds (Cisco's documented layout).
 */
export function showActivationKey(state: AsaState, ctx: DeviceContext): string {
  const model = modelOf(state);
  const running = runningPermanentKey(state, ctx);
  const tb = timebasedFeatures(state, ctx) ? state.timebasedKey : null;
  const features = effectiveFeatures(state, ctx);
  const lines = [
    '',
    `Serial Number:  ${state.serial}`,
    `Running Permanent Activation Key: ${running}`,
    ...(tb ? [`Running Timebased Activation Key: ${tb}`] : []),
    '',
    'Licensed features for this platform:',
    ...features.map((r) => formatRow(model, r)),
    '',
    `This platform has ${model.licenseLine} license.`,
    '',
    ...(state.pendingKey && state.pendingKey !== running
      ? [
          'The flash permanent activation key is DIFFERENT from the running permanent key.',
          `Flash Permanent Activation Key: ${state.pendingKey}`,
          'The flash permanent activation key will become active after the next reload.',
        ]
      : ['The flash permanent activation key is the SAME as the running permanent key.']),
    ...(tb
      ? [
          '',
          'Active Timebased Activation Key:',
          tb,
          ...features.filter((r) => r.timebased).map((r) => formatRow(model, r)),
        ]
      : []),
  ];
  return lines.join('\n') + '\n';
}
