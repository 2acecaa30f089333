import { describe, expect, it } from 'vitest';
import { encodeActivationKey, NO_FEATURES, type FeatureSet } from '../../src/domain/activation-key.js';
import { newSession, promptOf, runLine, type CliSession } from '../../src/domain/asa-cli.js';
import { formatUptime, showInventory, type AsaState } from '../../src/domain/asa-device.js';
import { ASA_MODELS, findAsaModel, systemImage, type AsaModel } from '../../src/domain/asa-models.js';
import { simulatedState } from './asa-fidelity.js';

const SECRET = 'sandbox-secret';
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const DAY = 86_400_000;
const ctx = { nowMs: T0, secret: SECRET };

/** An ASA 5516-X named edge-1 on 9.16(4); the fidelity tests' reference state otherwise. */
const device = (over: Partial<AsaState> = {}): AsaState =>
  simulatedState(findAsaModel('ASA 5516-X') as AsaModel, {
    chassisSerial: 'FTX1930101U',
    hostname: 'edge-1',
    softwareVersion: '9.16(4)',
    ...over,
  });

const key = (features: Partial<FeatureSet>, serial = 'JAD222605K8') =>
  encodeActivationKey(SECRET, serial, { ...NO_FEATURES, ...features });
const PLUS = key({ anyconnectTerm: true });

/** Types lines one after another, like a user at the terminal. */
function type(
  lines: string[],
  state = device(),
  session: CliSession = newSession('admin', 'exec'),
  now = ctx,
) {
  let out = '';
  let closed = false;
  for (const line of lines) {
    const r = runLine(state, session, line, now);
    out += r.output;
    state = r.state;
    session = r.session;
    closed ||= r.close;
  }
  return { out, state, session, closed };
}

const featureLine = (out: string, name: string) => out.split('\n').find((l) => l.startsWith(name));

describe('The ASA prompt and modes: hostname> / enable / hostname# / hostname(config)#', () => {
  it('enable asks for the password; configure terminal and webvpn nest; exit and end come back', () => {
    let r = type(['enable'], device(), newSession('admin'));
    expect(r.out).toBe('Password: ');
    expect(promptOf(r.state, r.session)).toBe('');
    r = type(['cisco'], r.state, r.session);
    expect(promptOf(r.state, r.session)).toBe('edge-1# ');
    r = type(['conf t'], r.state, r.session);
    expect(promptOf(r.state, r.session)).toBe('edge-1(config)# ');
    r = type(['webvpn'], r.state, r.session);
    expect(promptOf(r.state, r.session)).toBe('edge-1(config-webvpn)# ');
    r = type(['exit'], r.state, r.session);
    expect(promptOf(r.state, r.session)).toBe('edge-1(config)# ');
    r = type(['webvpn', 'end'], r.state, r.session);
    expect(promptOf(r.state, r.session)).toBe('edge-1# ');
    r = type(['disable'], r.state, r.session);
    expect(promptOf(r.state, r.session)).toBe('edge-1> ');
  });

  it('a wrong enable password is refused three times, then access is denied', () => {
    const r = type(['enable', 'nope', 'nope', 'nope'], device(), newSession('admin'));
    expect(r.out).toBe('Password: Invalid password\nPassword: Invalid password\nPassword: Access denied.\n');
    expect(r.session.mode).toBe('user');
  });

  it('exit from privileged EXEC logs off and ends the session', () => {
    const r = type(['exit']);
    expect(r.out).toBe('\nLogoff\n\n');
    expect(r.closed).toBe(true);
  });
});

describe("Command abbreviations and the ASA's errors", () => {
  it('"sh ver", "sh inv", "wr mem" and "conf t" are the full commands', () => {
    expect(type(['sh ver']).out).toBe(type(['show version']).out);
    expect(type(['sh inv']).out).toBe(type(['show inventory']).out);
    expect(type(['wr mem']).out).toContain('[OK]');
  });

  it("unknown input gets ERROR: % Invalid input detected at '^' marker, the caret under the bad word", () => {
    expect(type(['show versoin']).out).toBe(
      `${' '.repeat('edge-1# show '.length)}^\nERROR: % Invalid input detected at '^' marker.\n`,
    );
    expect(type(['configure terminal'], device(), newSession('admin')).out).toBe(
      `${' '.repeat('edge-1> '.length)}^\nERROR: % Invalid input detected at '^' marker.\n`,
    );
  });

  it('ambiguous and incomplete commands', () => {
    expect(type(['e']).out).toBe('ERROR: % Ambiguous command:  "e"\n');
    expect(type(['show']).out).toBe('ERROR: % Incomplete command\n');
    expect(type(['activation-key']).out).toBe('ERROR: % Incomplete command\n');
  });

  it('terminal pager 0 (and "no terminal pager") turn paging off; terminal width is accepted', () => {
    expect(type(['terminal pager 0']).session.pager).toBe(0);
    expect(type(['terminal pager lines 50']).session.pager).toBe(50);
    expect(type(['no terminal pager']).session.pager).toBe(0);
    expect(type(['terminal width 511']).out).toBe('');
    expect(type(['terminal pager many']).out).toContain("Invalid input detected at '^' marker.");
  });
});

describe('show version', () => {
  it('reports the software, hostname and uptime, hardware, the licensed features, serial and running key', () => {
    const out = type(['show version'], device({ runningKey: PLUS })).out;
    expect(out).toContain('Cisco Adaptive Security Appliance Software Version 9.16(4)\n');
    expect(out).toContain('System image file is "disk0:/asa9-16-4-lfbff-k8.SPA"\n');
    expect(out).toContain('edge-1 up 3 days 0 hours\n');
    expect(out).toContain(
      'Hardware:   ASA5516, 8192 MB RAM, CPU Atom C2000 series 2416 MHz, 1 CPU (8 cores)\n',
    );
    expect(out).toContain('This platform has an ASA 5516 Security Plus license.\n');
    expect(out).toContain('Serial Number: JAD222605K8\n');
    expect(out).toContain(`Running Permanent Activation Key: ${PLUS}\n`);
    expect(out).toContain('Configuration last modified by admin at 09:00:00.000 UTC Sun Mar 1 2026\n');
  });

  it('after a Plus/Apex key the ASA is unlocked for its maximum hardware capacity', () => {
    const before = type(['show version']).out;
    const after = type(['show version'], device({ runningKey: PLUS })).out;
    expect(featureLine(before, 'AnyConnect Premium Peers')).toBe(
      'AnyConnect Premium Peers          : 2              perpetual',
    );
    expect(featureLine(after, 'AnyConnect Premium Peers')).toBe(
      'AnyConnect Premium Peers          : 300            perpetual',
    );
    expect(featureLine(after, 'AnyConnect for Mobile')).toBe(
      'AnyConnect for Mobile             : Enabled        perpetual',
    );
    for (const m of ASA_MODELS.filter((m) => m.platform === 'asa')) {
      const out = type(['show version'], device({ model: m.model, runningKey: PLUS })).out;
      expect(featureLine(out, 'AnyConnect Premium Peers')).toContain(`: ${m.limits.anyconnectPeers} `);
    }
  });

  it('VPN Only unlocks its peer count, never beyond the platform', () => {
    const vpn = (peers: number) =>
      featureLine(
        type(['show version'], device({ runningKey: key({ vpnOnlyPeers: peers }) })).out,
        'AnyConnect Premium Peers',
      );
    expect(vpn(250)).toContain(': 250 ');
    expect(vpn(10000)).toContain(': 300 ');
  });

  it('a time-based (demo) key shows N days remaining on the sandbox clock, and lapses', () => {
    const demo = key({ anyconnectTerm: true, evaluationUntil: '2026-03-30' });
    const state = device({ timebasedKey: demo });
    expect(featureLine(type(['show version'], state).out, 'AnyConnect Premium Peers')).toBe(
      'AnyConnect Premium Peers          : 300            28 days',
    );
    const later = { ...ctx, nowMs: T0 + 20 * DAY };
    expect(
      featureLine(type(['show version'], state, undefined, later).out, 'AnyConnect Premium Peers'),
    ).toContain('8 days');
    const expired = { ...ctx, nowMs: T0 + 29 * DAY };
    expect(
      featureLine(type(['show version'], state, undefined, expired).out, 'AnyConnect Premium Peers'),
    ).toBe('AnyConnect Premium Peers          : 2              perpetual');
  });

  it('a failover unit also shows the failover cluster; the ASAv reports Smart Licensing and no activation key', () => {
    expect(type(['show version'], device({ failoverRole: 'primary' })).out).toContain(
      'failover cluster up 3 days 0 hours\n',
    );
    const asav = type(['show version'], device({ model: 'ASAv', chassisSerial: null })).out;
    expect(asav).toContain('License mode: Smart Licensing\nASAv Platform License State: Unlicensed\n');
    expect(asav).not.toContain('Activation Key');
  });

  it('uptime reads like the ASA: minutes and seconds, hours and minutes, days and hours, years and days', () => {
    expect(formatUptime(61_000)).toBe('1 min 1 sec');
    expect(formatUptime(3 * 3_600_000 + 12 * 60_000)).toBe('3 hours 12 mins');
    expect(formatUptime(41 * DAY + 19 * 3_600_000)).toBe('41 days 19 hours');
    expect(formatUptime(462 * DAY)).toBe('1 year 97 days');
  });

  it('system image names follow the platform family', () => {
    const image = (model: string, v: string) => systemImage(findAsaModel(model)!, v);
    expect(image('ASA 5505', '9.2(4)')).toBe('disk0:/asa924-k8.bin');
    expect(image('ASA 5525-X', '9.14(4)')).toBe('disk0:/asa9-14-4-smp-k8.bin');
    expect(image('ASAv', '9.16(4)')).toBe('boot:/asa9-16-4-smp-k8.bin');
  });
});

describe("show inventory: a 5500-X chassis serial differs from 'show version'", () => {
  it('reports the chassis serial for the Chassis', () => {
    expect(showInventory(device())).toContain('PID: ASA5516           , VID: V01     , SN: FTX1930101U\n');
    expect(showInventory(device({ model: 'ASA 5505', chassisSerial: null }))).toContain('SN: JAD222605K8\n');
  });
});

describe('activation-key: accepted only when made for this ASA\'s "show version" serial', () => {
  it('a key that adds features updates the running and flash keys at once', () => {
    const r = type([`activation-key ${PLUS}`]);
    expect(r.out).toBe(
      'Validating activation key. This may take a few minutes...\n' +
        'Both Running and Flash permanent activation key were updated with the requested key.\n',
    );
    expect(r.state.runningKey).toBe(PLUS);
    expect(featureLine(type(['show version'], r.state).out, 'AnyConnect Premium Peers')).toContain(': 300 ');
  });

  it('a key made for the chassis serial, or for another ASA, is refused and changes nothing', () => {
    for (const other of [
      key({ anyconnectTerm: true }, 'FTX1930101U'),
      key({ anyconnectTerm: true }, 'JAD00000001'),
    ]) {
      const state = device();
      const r = type([`activation-key ${other}`], state);
      expect(r.out).toBe(
        'Validating activation key. This may take a few minutes...\n' +
          'ERROR: The requested key was not saved because it is not valid for this system.\n',
      );
      expect(r.state).toBe(state);
    }
  });

  it('a malformed key is invalid input at the bad word', () => {
    expect(type(['activation-key 0x1 0x2 0xZZ 0x4 0x5']).out).toBe(
      `${' '.repeat('edge-1# activation-key 0x1 0x2 '.length)}^\nERROR: % Invalid input detected at '^' marker.\n`,
    );
  });

  it('the scary warning: a key that drops features asks to confirm, then waits for a reload', () => {
    const essentials = key({ essentials: true });
    const state = device({ runningKey: essentials, essentialsRunning: true, essentialsSaved: true });
    let r = type([`activation-key ${PLUS}`], state);
    expect(r.out).toBe(
      'Validating activation key. This may take a few minutes...\n' +
        'The following features available in current activation key are NOT available in new activation key:\n' +
        'AnyConnect Essentials\n' +
        'WARNING: The running activation key was not updated with the requested key.\n' +
        'Proceed with update flash activation key? [confirm]',
    );
    const cancelled = type(['n'], r.state, r.session);
    expect(cancelled.out).toBe('The flash permanent activation key was not updated.\n');
    expect(cancelled.state).toBe(state);

    r = type([''], r.state, r.session);
    expect(r.out).toBe(
      'The flash permanent activation key was updated with the requested key,\nand will become active after the next reload.\n' +
        "WARNING: AnyConnect Essentials is enabled under webvpn but not licensed by this key: issue 'no anyconnect-essentials' under webvpn.\n",
    );
    expect(r.state).toMatchObject({ runningKey: essentials, pendingKey: PLUS });
    expect(type(['show activation-key'], r.state).out).toContain(
      `The flash permanent activation key is DIFFERENT from the running permanent key.\nFlash Permanent Activation Key: ${PLUS}\n`,
    );

    const rebooted = type(['reload', ''], r.state, r.session, { ...ctx, nowMs: T0 + 60_000 });
    expect(rebooted.closed).toBe(true);
    expect(rebooted.out).toContain('*** --- SHUTDOWN NOW ---');
    expect(rebooted.state).toMatchObject({ runningKey: PLUS, pendingKey: null, bootedMs: T0 + 60_000 });
  });

  it('a time-based key is activated with the days it has left; an expired one is refused', () => {
    const demo = key({ anyconnectTerm: true, evaluationUntil: '2026-03-30' });
    const r = type([`activation-key ${demo}`]);
    expect(r.out).toBe(
      'Validating activation key. This may take a few minutes...\n' +
        'The requested key is a timebased key and is activated, it has 28 days remaining.\n',
    );
    expect(r.state.timebasedKey).toBe(demo);
    expect(type(['show activation-key'], r.state).out).toContain(
      `Running Timebased Activation Key: ${demo}\n`,
    );
    const late = type([`activation-key ${demo}`], device(), undefined, { ...ctx, nowMs: T0 + 28 * DAY });
    expect(late.out).toContain('ERROR: The requested key was not saved because it has expired.\n');
  });

  it('the ASAv uses Smart Licensing and takes no activation key', () => {
    expect(type([`activation-key ${PLUS}`], device({ model: 'ASAv', chassisSerial: null })).out).toBe(
      'ERROR: This platform uses Smart Licensing; activation keys are not supported.\n',
    );
  });

  it('user EXEC mode cannot install keys', () => {
    expect(type([`activation-key ${PLUS}`], device(), newSession('admin')).out).toContain(
      "ERROR: % Invalid input detected at '^' marker.",
    );
  });
});

describe('Converting from Essentials: "no anyconnect-essentials" under webvpn, write memory, reload', () => {
  it('the switch is configuration: modified by the user, saved by write memory', () => {
    const later = { ...ctx, nowMs: T0 + 5_000 };
    const start = device({
      runningKey: key({ essentials: true }),
      essentialsRunning: true,
      essentialsSaved: true,
    });
    const r = type(
      ['configure terminal', 'webvpn', 'no anyconnect-essentials', 'end'],
      start,
      undefined,
      later,
    );
    expect(r.state).toMatchObject({
      essentialsRunning: false,
      essentialsSaved: true,
      configModifiedBy: 'admin',
      configModifiedMs: T0 + 5_000,
    });
    expect(type(['show running-config'], r.state).out).toContain('webvpn\n no anyconnect-essentials\n');
    const saved = type(['write memory'], r.state);
    expect(saved.out).toMatch(
      /^Building configuration...\nCryptochecksum: [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8} \n\n\d+ bytes copied in 0.140 secs\n\[OK\]\n$/,
    );
    expect(saved.state.essentialsSaved).toBe(false);
  });

  it('reload with unsaved changes asks to save; "N" loses them', () => {
    const start = device({
      runningKey: key({ essentials: true }),
      essentialsRunning: true,
      essentialsSaved: true,
    });
    const changed = type(['conf t', 'webvpn', 'no anyconnect-essentials', 'end'], start);
    const r = type(['reload'], changed.state, changed.session);
    expect(r.out).toBe('System config has been modified. Save? [Y]es/[N]o: ');
    const lost = type(['N', 'y'], r.state, r.session);
    expect(lost.out.startsWith('Proceed with reload? [confirm]\n')).toBe(true);
    expect(lost.state.essentialsRunning).toBe(true);
    const kept = type(['Y', ''], r.state, r.session);
    expect(kept.out).toContain('[OK]\nProceed with reload? [confirm]');
    expect(kept.state).toMatchObject({ essentialsRunning: false, essentialsSaved: false });
  });

  it('anyconnect-essentials needs an Essentials license', () => {
    expect(type(['conf t', 'webvpn', 'anyconnect-essentials']).out).toBe(
      'ERROR: AnyConnect Essentials is not licensed on this platform.\n',
    );
  });

  it('a reload that is not confirmed does nothing', () => {
    const state = device({ pendingKey: PLUS });
    const r = type(['reload', 'n'], state);
    expect(r.state).toBe(state);
    expect(r.closed).toBe(false);
  });
});
