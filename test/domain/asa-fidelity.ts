/**
 * Shared by the fidelity tests: the real references (test/fixtures/asa), the simulated output of
 * each model in the reference's state, and "line kinds": what a line is (a label with its exact
 * spacing, an interface line, a feature row in its column style), so two outputs can be compared
 * line by line whatever their values.
 */
import { readFileSync } from 'node:fs';
import { encodeActivationKey, NO_FEATURES } from '../../src/domain/activation-key.js';
import { showVersion, type AsaState } from '../../src/domain/asa-device.js';
import { ASA_MODELS, type AsaModel } from '../../src/domain/asa-models.js';

export const FIXTURES = new URL('../fixtures/asa/', import.meta.url);

/** A reference as a parser sees it: without the command echo some captures begin with. */
export const fixture = (name: string) =>
  readFileSync(new URL(name, FIXTURES), 'utf8').replace(/^\S+# sho\S* \S+\n/, '');

const SECRET = 'fidelity';
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const DAY = 86_400_000;

export interface Reference {
  /** What the real capture is. */
  file: string;
  device: string;
  failover: boolean;
  timebased: boolean;
  /** The real model and train: compare feature row names too. */
  exact: boolean;
  /** Kinds the published capture lacks and the device prints (documented in docs/simulated-asas.md). */
  redacted: string[];
  /** Lines of the capture that are not 'show version' output (a documentation page's mash-up). */
  foreign?: RegExp;
  /** Compare without blank lines (the capture lost them). */
  ignoreBlanks?: boolean;
}

/** Each model's reference: its own capture, or its nearest real relative's. */
export function referenceOf(model: AsaModel): Reference {
  switch (model.family) {
    case 'lfbff':
      return {
        file: 'cisco_asa_show_version3.raw',
        device: 'ASA 5516-X, 9.9(2)32, failover pair',
        failover: true,
        timebased: false,
        exact: model.model === 'ASA 5516-X',
        redacted: ['This platform has', 'Running Permanent Activation Key:'],
      };
    case 'midrange':
    case 'ssp':
      return {
        file: 'golden_output4.txt',
        device: 'ASA 5555-X, 9.14(2)14',
        failover: false,
        timebased: false,
        exact: model.model === 'ASA 5555-X',
        redacted: [],
      };
    case 'asav':
      return {
        file: 'golden_output1.txt',
        device: 'ASAv10, 9.8(4)10',
        failover: false,
        timebased: false,
        exact: true,
        redacted: [],
      };
    case 'asa5505':
      return {
        file: 'golden_output2.txt',
        device: 'ASA 5520, 8.4(1), permanent and time-based keys',
        failover: false,
        timebased: true,
        exact: false,
        redacted: [],
        foreign:
          /^(The flash permanent|Active Timebased|0x\S+ 0x|Botnet Traffic Filter {8}|Total UC Proxy Sessions {6})/,
        ignoreBlanks: true,
      };
  }
}

/** The release each model is compared on: the reference's train where the model runs it. */
export function versionFor(model: AsaModel): string {
  if (model.family === 'asav') return '9.8(4)';
  if (model.family === 'asa5505') return '8.4(7)';
  return model.defaultSoftware;
}

export function simulatedState(model: AsaModel, over: Partial<AsaState> = {}): AsaState {
  return {
    serial: 'JAD222605K8',
    chassisSerial: model.separateChassisSerial ? 'FTX1930101U' : null,
    model: model.model,
    hostname: 'asa2',
    softwareVersion: versionFor(model),
    failoverRole: null,
    username: 'admin',
    password: 'cisco',
    enablePassword: 'cisco',
    runningKey: null,
    pendingKey: null,
    timebasedKey: null,
    essentialsRunning: false,
    essentialsSaved: false,
    configModifiedMs: T0 - DAY,
    configModifiedBy: 'admin',
    bootedMs: T0 - 3 * DAY,
    ...over,
  };
}

/** Our 'show version' for a model in its reference's state (failover role, time-based key). */
export function simulatedShowVersion(model: AsaModel, ref = referenceOf(model)): string {
  const timebasedKey = ref.timebased
    ? encodeActivationKey(SECRET, 'JAD222605K8', {
        ...NO_FEATURES,
        anyconnectTerm: true,
        evaluationUntil: '2026-05-01',
      })
    : null;
  const state = simulatedState(model, { failoverRole: ref.failover ? 'primary' : null, timebasedKey });
  return showVersion(state, { nowMs: T0, secret: SECRET });
}

export const MODELS = ASA_MODELS;

const FEATURE = /^(\t| ?)([A-Za-z][\w/ -]*?) +: (\S+(?: \S+)*?)( +(?:perpetual|\d+ days|DMZ \w+))?$/;

/** The kind of one line: its label up to the colon (spacing included), or what the line is. */
const SENTENCES: Array<[RegExp, string]> = [
  [/^Cisco Adaptive Security Appliance Software Version /, 'software version'],
  [/^(Firepower Extensible|SSP) Operating System Version /, 'platform OS version'],
  [/^Compiled on /, 'compiled on'],
  [/^Config file at boot was /, 'config file'],
  [/^BIOS Flash /, 'bios flash'],
  [/^Encryption hardware device : /, 'crypto device'],
  [/^System image file is /, 'system image'],
  [/^Configuration last modified by |^Configuration has not been modified/, 'last modified'],
];

export function lineKind(line: string): string {
  if (/^\s*$/.test(line)) return 'blank';
  for (const [re, kind] of SENTENCES) if (re.test(line)) return kind;
  if (/^\s*\d+: (Int|Ext): /.test(line)) return 'interface';
  if (/ up (\d+ \w+ ?)+$/.test(line) && !line.includes(':')) {
    return line.startsWith('failover cluster') ? 'failover uptime' : 'uptime';
  }
  const f = FEATURE.exec(line);
  if (
    f &&
    !/^(Hardware|Serial Number|Model Id|Image type|Key [Vv]ersion|Slot \d|\S+ microcode)/.test(f[2] as string)
  ) {
    const style = f[1] === '\t' ? 'tab' : f[4] ? 'term' : 'plain';
    return `feature (${style})`;
  }
  const colon = line.indexOf(':');
  if (colon > 0 && !line.startsWith('Cisco') && !line.startsWith('This platform'))
    return line.slice(0, colon + 1);
  return (line.match(/^\s*\S+ \S+( \S+)?/)?.[0] ?? line).replace(/\d+/g, '#');
}

/** Feature row names in order. */
export const featureNames = (text: string) =>
  text
    .split('\n')
    .filter((l) => lineKind(l).startsWith('feature'))
    .map((l) => (FEATURE.exec(l) as RegExpExecArray)[2] as string);

/** Line kinds with runs of interfaces and of feature rows collapsed (their count is the model's). */
export function layout(
  text: string,
  options: { drop?: string[]; skip?: string[]; foreign?: RegExp; ignoreBlanks?: boolean } = {},
) {
  const kinds: string[] = [];
  let dropped = false;
  for (const line of text.replace(/\s+$/, '').replace(/^\n+/, '').split('\n')) {
    if (options.foreign?.test(line)) continue;
    const kind = lineKind(line);
    if ((options.ignoreBlanks && kind === 'blank') || options.skip?.includes(kind)) continue;
    // A redacted line goes with the blank line after it.
    if (dropped && kind === 'blank') {
      dropped = false;
      continue;
    }
    dropped = options.drop?.some((d) => line.startsWith(d)) ?? false;
    if (dropped) continue;
    if ((kind === 'interface' || kind.startsWith('feature')) && kinds[kinds.length - 1] === kind) continue;
    kinds.push(kind);
  }
  return kinds;
}
