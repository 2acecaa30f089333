import { describe, expect, it } from 'vitest';
import { encodeActivationKey, NO_FEATURES } from '../../src/domain/activation-key.js';
import { newSession, runLine, type CliSession } from '../../src/domain/asa-cli.js';
import type { AsaState } from '../../src/domain/asa-device.js';
import { findAsaModel } from '../../src/domain/asa-models.js';
import { simulatedState } from './asa-fidelity.js';

const SECRET = 'sandbox-secret';
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const ctx = { nowMs: T0, secret: SECRET };
const model = (name: string) => findAsaModel(name)!;

function type(lines: string[], state: AsaState = simulatedState(model('ASA 5516-X')), session?: CliSession) {
  let s = session ?? newSession('admin', 'exec');
  let out = '';
  for (const line of lines) {
    const r = runLine(state, s, line, ctx);
    out += r.output;
    state = r.state;
    s = r.session;
  }
  return { out, state, session: s };
}

describe('login: privilege 15 with the local user, as netmiko does without an enable secret', () => {
  it('asks Username: then Password: (not echoed) and enters privileged EXEC', () => {
    const r = type(['login', 'admin', 'cisco'], undefined, newSession('admin'));
    expect(r.out).toBe('Username: Password: ');
    expect(r.session.mode).toBe('exec');
  });
  it('a wrong password leaves the user in user EXEC', () => {
    const r = type(['login', 'admin', 'nope'], undefined, newSession('admin'));
    expect(r.out).toBe('Username: Password: Invalid password\n');
    expect(r.session.mode).toBe('user');
  });
});

describe('show clock, ? help and output filters', () => {
  it('show clock prints the sandbox clock', () => {
    expect(type(['show clock']).out).toBe('09:00:00.000 UTC Mon Mar 2 2026\n');
  });
  it('? lists the next keywords, completes a word, and says <cr> where a command may end', () => {
    expect(type(['show ver?']).out).toBe('version\n');
    const show = type(['show ?']).out;
    expect(show).toContain('  version                  Display the system software version\n');
    expect(show).toContain('  clock                    Display the system clock\n');
    expect(type(['show version ?']).out).toBe('\n  |                        Output modifiers\n  <cr>\n');
  });
  it('| include, | exclude, | begin and | grep [-v] filter any output', () => {
    expect(type(['show version | include Serial']).out).toBe('Serial Number: JAD222605K8\n');
    expect(type(['show running-config | include checksum:']).out).toMatch(/^Cryptochecksum:[0-9a-f]{32}\n$/);
    expect(type(['show version | begin This platform']).out.split('\n')[0]).toBe(
      'This platform has an ASA 5516 Security Plus license.',
    );
    expect(type(['show version | grep -v e']).out).not.toMatch(/e/);
    expect(type(['show version | exclude e']).out).toBe(type(['show version | grep -v e']).out);
    expect(type(['show version | frobnicate x']).out).toContain(
      "ERROR: % Invalid input detected at '^' marker.",
    );
    expect(type(['show version | include']).out).toBe('ERROR: % Incomplete command\n');
  });
});

describe('the running configuration is a real configuration that write memory sizes truthfully', () => {
  it('show running-config ends with its Cryptochecksum; write memory reports its size', () => {
    const run = type(['show running-config']).out;
    expect(run).toMatch(/^: Saved\n/);
    expect(run).toContain('hostname asa2\n');
    expect(run).toContain('interface GigabitEthernet1/1\n nameif outside\n');
    expect(run).toMatch(/\nCryptochecksum:[0-9a-f]{32}\n: end\n$/);
    expect(type(['write memory']).out).toContain(
      `\n\n${Buffer.byteLength(run)} bytes copied in 0.140 secs\n[OK]\n`,
    );
  });
  it('an unsaved change shows as a different checksum from the startup-config until write memory', () => {
    const essentials = encodeActivationKey(SECRET, 'JAD222605K8', { ...NO_FEATURES, essentials: true });
    const state = simulatedState(model('ASA 5516-X'), { runningKey: essentials });
    const sums = (s: AsaState) => [
      type(['show running-config | include checksum:'], s).out,
      type(['show startup-config | include checksum:'], s).out,
    ];
    const changed = type(['configure terminal', 'webvpn', 'anyconnect-essentials'], state).state;
    const [run, start] = sums(changed);
    expect(run).not.toBe(start);
    const saved = type(['write memory'], changed).state;
    expect(sums(saved)[0]).toBe(sums(saved)[1]);
    expect(type(['show running-config webvpn'], saved).out).toBe('webvpn\n anyconnect-essentials\n');
  });
  it('a new device says its configuration has not been modified since the last restart', () => {
    const fresh = simulatedState(model('ASA 5516-X'), { configModifiedMs: T0 - 9e8, bootedMs: T0 - 9e8 });
    expect(type(['show version'], fresh).out).toContain(
      'Configuration has not been modified since last system restart.\n',
    );
  });
});

describe('activation-key: the leading 0x is optional; malformed keys get the real refusals', () => {
  const key = encodeActivationKey(SECRET, 'JAD222605K8', { ...NO_FEATURES, anyconnectTerm: true });
  it('the same key with or without 0x installs', () => {
    const bare = key.replace(/0x/g, '');
    expect(type([`activation-key ${bare}`]).state.runningKey).toBe(key);
    expect(type([`activation-key ${key} activate`]).state.runningKey).toBe(key);
  });
  it('too few words is incomplete; a bad word or a sixth word is invalid at that word', () => {
    expect(type(['activation-key 0x1 0x2 0x3']).out).toBe('ERROR: % Incomplete command\n');
    expect(type(['activation-key 0x1 0x2 0x3 0x4 0x5 0x6']).out).toBe(
      `${' '.repeat('asa2# activation-key 0x1 0x2 0x3 0x4 0x5 '.length)}^\nERROR: % Invalid input detected at '^' marker.\n`,
    );
    expect(type(['activation-key 123456789 0x2 0x3 0x4 0x5']).out).toContain("'^' marker");
  });
  it('a time-based key prints Running Timebased Activation Key and its countdown in show activation-key', () => {
    const demo = encodeActivationKey(SECRET, 'JAD222605K8', {
      ...NO_FEATURES,
      anyconnectTerm: true,
      evaluationUntil: '2026-03-30',
    });
    const state = type([`activation-key ${demo}`]).state;
    expect(type(['show version'], state).out).toContain(`Running Timebased Activation Key: ${demo}\n`);
    const keys = type(['show activation-key'], state).out;
    expect(keys).toContain('The flash permanent activation key is the SAME as the running permanent key.\n');
    expect(keys).toContain(
      `Active Timebased Activation Key:\n${demo}\nAnyConnect Premium Peers          : 300            28 days\n`,
    );
  });
});

describe('Smart Licensing on the ASAv; ping in a lab without a network', () => {
  const asav = simulatedState(model('ASAv'), { softwareVersion: '9.16(4)' });
  it('show license all / summary on the ASAv; not a command on a PAK-licensed ASA', () => {
    const all = type(['show license all'], asav).out;
    expect(all).toContain('Smart Licensing is ENABLED\n\nRegistration:\n  Status: UNREGISTERED\n');
    expect(all).toContain('UDI: PID:ASAv,SN:JAD222605K8\n');
    expect(type(['show license summary'], asav).out).toContain('License Usage:\n  No licenses in use\n');
    expect(type(['show license all']).out).toContain("ERROR: % Invalid input detected at '^' marker.");
  });
  it('every echo times out', () => {
    expect(type(['ping 10.1.1.1']).out).toBe(
      'Type escape sequence to abort.\nSending 5, 100-byte ICMP Echos to 10.1.1.1, timeout is 2 seconds:\n?????\nSuccess rate is 0 percent (0/5)\n',
    );
    expect(type(['ping inside 192.168.1.2 repeat 2']).out).toContain('??\nSuccess rate is 0 percent (0/2)\n');
  });
});
