import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  advance,
  buildTestApp,
  order,
  sandboxWithUsers,
  type ErrorBody,
  type Fixture,
  type TestApp,
} from '../helpers/build.js';

interface Device {
  serial: string;
  hostname: string;
  softwareVersion: string;
  login: { username: string; password: string; enablePassword: string };
  ssh: { host: string; port: number } | null;
  runningActivationKey: string;
  pendingActivationKey: string | null;
  timebasedActivationKey: string | null;
}
interface Cli {
  output: string;
  prompt: string;
  sessionClosed: boolean;
}

let t: TestApp;
let f: Fixture;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  f = await sandboxWithUsers(t);
});

const addAsa = (body: Record<string, unknown> = {}) =>
  t.call<Device & ErrorBody>('POST', `/__admin/sandboxes/${f.sandbox}/asa-devices`, {
    body: {
      model: 'ASA 5516-X',
      serial: 'JAD222605K8',
      chassisSerial: 'FTX1930101U',
      hostname: 'edge-1',
      ...body,
    },
  });
const cli = (command: string, serial = 'JAD222605K8') =>
  t.call<Cli & ErrorBody>('POST', `/__admin/sandboxes/${f.sandbox}/devices/${serial}/cli`, {
    body: { command },
  });
const device = (serial = 'JAD222605K8') =>
  t.call<Device>('GET', `/__admin/sandboxes/${f.sandbox}/asa-devices/${serial}`);
const peers = (output: string) => output.split('\n').find((l) => l.startsWith('AnyConnect Premium Peers'));

async function registeredKey(sku: string, serial = 'JAD222605K8'): Promise<string> {
  const [pak] = (
    await order(t, f.sandbox, { lines: [{ sku, ...(sku.endsWith('LIC=') ? { users: 26 } : {}) }] })
  ).paks;
  const r = await t.call('POST', '/api/v1/registrations', {
    token: f.jdoe,
    body: { paks: pak?.pak, devices: [serial], lines: [{ sku, quantity: 1 }], agreeToTerms: true },
  });
  expect(r.status).toBe(201);
  return (await t.call<{ activationKey: string }>('GET', `/api/v1/devices/${serial}`, { token: f.jdoe })).body
    .activationKey;
}

describe('Simulated ASAs carry software, login and the keys they run', () => {
  it("defaults: the model's newest release, admin/cisco, enable cisco, the factory key; no SSH when it is off", async () => {
    const r = await addAsa();
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      softwareVersion: '9.16(4)',
      login: { username: 'admin', password: 'cisco', enablePassword: 'cisco' },
      ssh: null,
      pendingActivationKey: null,
      timebasedActivationKey: null,
    });
    expect(r.body.runningActivationKey).toMatch(/^0x[0-9a-f]{8}( 0x[0-9a-f]{8}){4}$/);
    expect((await cli('show version')).body.output).toContain(
      `Running Permanent Activation Key: ${r.body.runningActivationKey}\n`,
    );
  });

  it('refuses a hostname the ASA would not take, software the model cannot run, and short passwords; nothing is created', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [
        { hostname: 'edge 1' },
        'INVALID_HOSTNAME',
        'hostname: 1 to 63 letters, digits and hyphens, starting and ending with a letter or digit',
      ],
      [
        { model: 'ASA 5505', chassisSerial: undefined, softwareVersion: '9.16(4)' },
        'UNSUPPORTED_SOFTWARE',
        'softwareVersion: the ASA 5505 runs 8.4(7), 9.2(4)',
      ],
      [{ password: 'ab' }, 'INVALID_PASSWORD', 'password: 3 to 127 printable characters, no spaces'],
    ];
    for (const [body, code, message] of cases) {
      const r = await addAsa(body);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code, message });
    }
    const list = await t.call<{ devices: unknown[] }>('GET', `/__admin/sandboxes/${f.sandbox}/asa-devices`);
    expect(list.body.devices).toEqual([]);
  });

  it('a chosen release shows in show version', async () => {
    await addAsa({ model: 'ASA 5512-X', softwareVersion: '9.8(4)' });
    const out = (await cli('show version')).body.output;
    expect(out).toContain(
      'Cisco Adaptive Security Appliance Software Version 9.8(4)\nFirepower Extensible Operating System Version 2.2(2.121)\nDevice Manager Version 7.12(1)\n',
    );
    expect(out).toContain('System image file is "disk0:/asa9-8-4-smp-k8.bin"\n');
  });
});

describe('POST …/devices/{serial}/cli: the CLI without SSH, in privileged EXEC', () => {
  it('runs a line and answers with the output and the prompt', async () => {
    await addAsa();
    const r = await cli('sh inv');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      output:
        'Name: "Chassis", DESCR: "ASA 5516-X with FirePOWER services, 8GE, AC, DES"\n' +
        'PID: ASA5516           , VID: V01     , SN: FTX1930101U\n\n' +
        'Name: "Storage Device 1", DESCR: "ASA 5516-X SSD"\n' +
        'PID: ASA5516-SSD       , VID: N/A     , SN: MSA1ECF85E5\n\n',
      prompt: 'edge-1# ',
      sessionClosed: false,
    });
  });

  it('several lines run in one session; a line after [confirm] answers it', async () => {
    await addAsa();
    const key = await registeredKey('L-AC-PLS-LIC=');
    const r = await cli(`configure terminal\nactivation-key ${key}\nend\nwrite memory\nreload\ny`);
    expect(r.body.output).toMatch(
      /^Validating activation key\. This may take a few minutes\.\.\.\nBoth Running and Flash permanent activation key were updated with the requested key\.\nBuilding configuration\.\.\.\n[\s\S]*\[OK\]\nProceed with reload\? \[confirm\]\n\n\n\*\*\*\n/,
    );
    expect(r.body).toMatchObject({ prompt: '', sessionClosed: true });
    expect((await device()).body.runningActivationKey).toBe(key);
  });

  it('a question left unanswered is abandoned', async () => {
    await addAsa();
    const r = await cli('reload');
    expect(r.body).toEqual({
      output: 'Proceed with reload? [confirm]\n',
      prompt: 'edge-1# ',
      sessionClosed: false,
    });
  });

  it('the unknown device is ASA_NOT_FOUND; more than 50 lines is refused', async () => {
    const r = await cli('show version', 'JAD00000000');
    expect(r.status).toBe(404);
    expect(r.body.error).toEqual({
      code: 'ASA_NOT_FOUND',
      message: 'No simulated ASA with serial number JAD00000000',
      details: { serial: 'JAD00000000' },
    });
    await addAsa();
    const many = await cli(Array(51).fill('show version').join('\n'));
    expect(many.status).toBe(400);
    expect(many.body.error.code).toBe('TOO_MANY_LINES');
  });
});

describe('State follows the portal', () => {
  it('RMA strips the keys installed on the returned ASA', async () => {
    await addAsa();
    const factory = (await device()).body.runningActivationKey;
    const key = await registeredKey('L-AC-PLS-LIC=');
    await cli(`activation-key ${key}`);
    expect(peers((await cli('show version')).body.output)).toContain(': 300 ');
    const rma = await t.call('POST', `/__admin/sandboxes/${f.sandbox}/devices/JAD222605K8/rma`);
    expect(rma.status).toBe(200);
    expect((await device()).body).toMatchObject({
      runningActivationKey: factory,
      pendingActivationKey: null,
    });
    expect(peers((await cli('show version')).body.output)).toContain(': 2 ');
  });

  it('the demo license shows N days remaining on the sandbox clock', async () => {
    await addAsa();
    const demo = await t.call('POST', '/api/v1/demo-licenses', {
      token: f.jdoe,
      body: { serial: 'JAD222605K8', agreeToTerms: true },
    });
    expect(demo.status).toBe(201);
    const key = (
      await t.call<{ evaluation: { activationKey: string } }>('GET', '/api/v1/devices/JAD222605K8', {
        token: f.jdoe,
      })
    ).body.evaluation.activationKey;
    expect((await cli(`activation-key ${key}`)).body.output).toContain('it has 28 days remaining.');
    expect(peers((await cli('show version')).body.output)).toBe(
      'AnyConnect Premium Peers          : 300            28 days',
    );
    await advance(t, f.sandbox, '10d');
    expect(peers((await cli('show version')).body.output)).toBe(
      'AnyConnect Premium Peers          : 300            18 days',
    );
    await advance(t, f.sandbox, '18d');
    expect(peers((await cli('show version')).body.output)).toBe(
      'AnyConnect Premium Peers          : 2              perpetual',
    );
  });

  it('VPN Only unlocks its connections', async () => {
    await addAsa();
    const key = await registeredKey('L-AC-VPNO-250=');
    await cli(`activation-key ${key}`);
    expect(peers((await cli('show version')).body.output)).toBe(
      'AnyConnect Premium Peers          : 250            perpetual',
    );
  });

  it('deleting a simulated ASA; a failed delete changes nothing', async () => {
    await addAsa();
    const wrong = await t.call<ErrorBody>(
      'DELETE',
      `/__admin/sandboxes/${f.sandbox}/asa-devices/FTX1930101U`,
    );
    expect(wrong.status).toBe(404);
    expect((await device()).status).toBe(200);
    expect((await t.call('DELETE', `/__admin/sandboxes/${f.sandbox}/asa-devices/JAD222605K8`)).status).toBe(
      204,
    );
    expect((await device()).status).toBe(404);
  });
});
