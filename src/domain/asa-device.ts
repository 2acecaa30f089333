/**
 * A simulated ASA as its CLI sees it, and what its show commands print. Pure: every function takes
 * the device state, the sandbox secret (to decode keys) and the sandbox time.
 *
 * The layouts follow real ASA output closely enough that the ntc-templates TextFSM templates parse
 * them with every field filled (that template rejects any line it does not know, so nothing here
 * may print a line real ASAs do not).
 */
import { createHash } from 'node:crypto';
import { decodeActivationKey, encodeActivationKey, NO_FEATURES, type FeatureSet } from './activation-key.js';
import { findAsaModel, findSoftwareRelease, systemImage, type AsaModel } from './asa-models.js';

const DAY_MS = 86_400_000;

export interface AsaState {
  serial: string;
  chassisSerial: string | null;
  model: string;
  hostname: string;
  softwareVersion: string;
  failoverRole: 'primary' | 'secondary' | null;
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

export interface FeatureRow {
  name: string;
  value: string;
  /** 'perpetual', or 'N days' when a time-based key provides it. */
  term: string;
  /** For comparing keys: higher is more. */
  rank: number;
}

const enabled = (on: boolean) => ({ value: on ? 'Enabled' : 'Disabled', rank: on ? 1 : 0 });
const count = (n: number) => ({ value: String(n), rank: n });

/**
 * The "Licensed features for this platform" table one key gives. An AnyConnect Plus/Apex key
 * unlocks the platform's maximum AnyConnect Premium peers (the FAQ: "unlocked for its maximum
 * hardware capacity"); VPN Only unlocks its peer count; user counts are never enforced.
 */
export function featureTable(model: AsaModel, f: FeatureSet): Omit<FeatureRow, 'term'>[] {
  const l = model.limits;
  const max = l.anyconnectPeers;
  const premium = f.anyconnectTerm ? max : Math.min(max, Math.max(2, f.vpnOnlyPeers, f.premiumPeers));
  const anyconnect = f.anyconnectTerm || f.vpnOnlyPeers > 0;
  const row = (name: string, v: { value: string; rank: number }) => ({ name, ...v });
  return [
    row('Maximum Physical Interfaces', { value: l.physicalInterfaces, rank: 0 }),
    row('Maximum VLANs', count(l.vlans)),
    row('Inside Hosts', { value: 'Unlimited', rank: 0 }),
    row('Failover', { value: l.failover, rank: 0 }),
    row('Encryption-DES', enabled(true)),
    row('Encryption-3DES-AES', enabled(true)),
    row('Security Contexts', count(l.securityContexts)),
    row('Carrier', enabled(false)),
    row('AnyConnect Premium Peers', count(premium)),
    row('AnyConnect Essentials', f.essentials ? count(max) : enabled(false)),
    row('Other VPN Peers', count(l.vpnPeers)),
    row('Total VPN Peers', count(l.vpnPeers)),
    row('AnyConnect for Mobile', enabled(anyconnect || f.mobile)),
    row('AnyConnect for Cisco VPN Phone', enabled(anyconnect)),
    row('Advanced Endpoint Assessment', enabled(anyconnect)),
    row('Shared License', enabled(f.sharedLicense)),
    row('Total TLS Proxy Sessions', count(l.tlsProxySessions)),
    row('Botnet Traffic Filter', enabled(false)),
    row('Cluster', enabled(l.cluster)),
  ];
}

/** What the ASA runs: the permanent key's table, raised by a running time-based key (shown as 'N days'). */
export function effectiveFeatures(state: AsaState, ctx: DeviceContext): FeatureRow[] {
  const model = modelOf(state);
  const permanent = featureTable(model, permanentFeatures(state, ctx));
  const tb = timebasedFeatures(state, ctx);
  if (!tb) return permanent.map((r) => ({ ...r, term: 'perpetual' }));
  const days = daysRemaining(tb, ctx.nowMs);
  const timed = featureTable(model, tb);
  return permanent.map((r, i) => {
    const t = timed[i] as Omit<FeatureRow, 'term'>;
    return t.rank > r.rank ? { ...t, term: `${days} days` } : { ...r, term: 'perpetual' };
  });
}

/** Features the running permanent key has that a new one lacks: the FAQ's "scary warning". */
export function droppedFeatures(state: AsaState, ctx: DeviceContext, next: FeatureSet): string[] {
  const model = modelOf(state);
  const now = featureTable(model, permanentFeatures(state, ctx));
  const then = featureTable(model, next);
  return now.filter((r, i) => (then[i]?.rank ?? 0) < r.rank).map((r) => r.name);
}

const formatRow = (r: FeatureRow) => `${r.name.padEnd(34)}: ${r.value.padEnd(15)}${r.term}`.trimEnd();

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** '18:56:48.410 UTC Wed Apr 5 2017', the ASA's clock format. */
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

function macs(serial: string, n: number): string[] {
  const bytes = [...createHash('sha256').update(serial).digest().subarray(0, 6)];
  bytes[0] = (bytes[0] as number) & 0xfc; // unicast, globally unique form
  return Array.from({ length: n }, (_, i) => {
    const hex = [...bytes.slice(0, 5), i].map((b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 4)}.${hex.slice(4, 8)}.${hex.slice(8, 12)}`;
  });
}

function interfaceLines(model: AsaModel, serial: string): string[] {
  const addresses = macs(serial, model.interfaces.length);
  const first = model.imageKind === 'lfbff' ? 1 : 0;
  return model.interfaces.map((name, i) => {
    const internal = name.startsWith('Internal');
    const n = String(first + i).padStart(2);
    return `${n}: ${internal ? 'Int' : 'Ext'}: ${name.padEnd(20)}: address is ${addresses[i]}, irq ${internal ? 0 : 255}`;
  });
}

const article = (name: string) => (/^[AEIOU]/i.test(name) ? 'an' : 'a');

function licenseState(state: AsaState, ctx: DeviceContext): string {
  const p = permanentFeatures(state, ctx);
  if (p.anyconnectTerm || p.vpnOnlyPeers > 0 || p.essentials || p.premiumPeers > 0) return 'Licensed';
  return timebasedFeatures(state, ctx) ? 'Evaluation' : 'Unlicensed';
}

/** 'show version'. */
export function showVersion(state: AsaState, ctx: DeviceContext): string {
  const model = modelOf(state);
  const release = findSoftwareRelease(state.softwareVersion);
  const asav = model.platform === 'asav';
  const table = effectiveFeatures(state, ctx).map(formatRow);
  const lines = [
    '',
    `Cisco Adaptive Security Appliance Software Version ${state.softwareVersion}`,
    `Device Manager Version ${release?.deviceManager ?? '7.19(1)'}`,
    '',
    `Compiled on ${release?.compiled ?? 'Tue 25-Oct-22 10:53 PDT'} by builders`,
    `System image file is "${systemImage(model, state.softwareVersion)}"`,
    'Config file at boot was "startup-config"',
    '',
    `${state.hostname} up ${formatUptime(ctx.nowMs - state.bootedMs)}`,
    ...(state.failoverRole ? [`failover cluster up ${formatUptime(ctx.nowMs - state.bootedMs)}`] : []),
    '',
    `Hardware:   ${model.hardware}`,
    `Model Id:   ${model.pid}`,
    `Internal ATA Compact Flash, ${model.flashMb}MB`,
    model.biosFlash,
    '',
    ...(asav
      ? []
      : [
          'Encryption hardware device : Cisco ASA Crypto on-board accelerator (revision 0x1)',
          '                             Number of accelerators: 1',
          '',
        ]),
    ...interfaceLines(model, state.serial),
    '',
    `License mode: ${asav ? 'Smart Licensing' : 'PAK'}`,
    `${model.pid} Platform License State: ${asav ? 'Unlicensed' : licenseState(state, ctx)}`,
    ...(asav ? ['No active entitlement: no feature tier and no throughput level configured'] : []),
    '',
    'Licensed features for this platform:',
    ...table,
    '',
    ...(state.failoverRole ? ['Failover cluster licensed features for this platform:', ...table, ''] : []),
    ...(asav
      ? []
      : [
          `This platform has ${article(model.licenseName)} ${model.licenseName} ${model.license} license.`,
          '',
        ]),
    `Serial Number: ${state.serial}`,
    ...(asav ? [] : [`Running Permanent Activation Key: ${runningPermanentKey(state, ctx)}`]),
    'Configuration register is 0x1',
    'Image type                : Release',
    'Key Version               : A',
    `Configuration last modified by ${state.configModifiedBy} at ${asaTime(state.configModifiedMs)}`,
  ];
  return lines.join('\n') + '\n';
}

/** 'show inventory': the chassis serial of a 5500-X differs from the 'show version' serial. */
export function showInventory(state: AsaState): string {
  const model = modelOf(state);
  const item = (name: string, descr: string, pid: string, vid: string, sn: string) => [
    `Name: "${name}", DESCR: "${descr}"`,
    `PID: ${pid.padEnd(18)}, VID: ${vid.padEnd(8)}, SN: ${sn}`,
  ];
  const lines = item('Chassis', model.description, model.pid, 'V03', state.chassisSerial ?? state.serial);
  if (model.imageKind === 'lfbff') {
    const ssd = `MSA${createHash('sha256').update(`ssd:${state.serial}`).digest('hex').slice(0, 8).toUpperCase()}`;
    lines.push('', ...item('Storage Device 1', `${model.model} SSD`, `${model.pid}-SSD`, 'N/A', ssd));
  }
  return `${lines.join('\n')}\n\n`;
}

/** 'show activation-key': running keys, the feature table, and whether flash holds a different key. */
export function showActivationKey(state: AsaState, ctx: DeviceContext): string {
  const model = modelOf(state);
  const running = runningPermanentKey(state, ctx);
  const tb = timebasedFeatures(state, ctx) ? state.timebasedKey : null;
  const lines = [
    '',
    `Serial Number:  ${state.serial}`,
    `Running Permanent Activation Key: ${running}`,
    ...(tb ? [`Running Timebased Activation Key: ${tb}`] : []),
    '',
    'Licensed features for this platform:',
    ...effectiveFeatures(state, ctx).map(formatRow),
    '',
    `This platform has ${article(model.licenseName)} ${model.licenseName} ${model.license} license.`,
    '',
    ...(state.pendingKey && state.pendingKey !== running
      ? [
          'The flash permanent activation key is DIFFERENT from the running permanent key.',
          `Flash Permanent Activation Key: ${state.pendingKey}`,
          'The flash permanent activation key will become active after the next reload.',
        ]
      : ['The flash permanent activation key is the SAME as the running permanent key.']),
  ];
  return lines.join('\n') + '\n';
}
