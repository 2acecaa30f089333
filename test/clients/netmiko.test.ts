import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/build.js';
import {
  buildTestApp,
  client,
  NTC_TEMPLATES,
  PYTHON,
  script,
  simulatedAsa,
  SSH,
  type Simulated,
} from './support.js';

let t: TestApp;
let asa: Simulated;
beforeAll(async () => {
  t = await buildTestApp({ ssh: SSH });
  asa = await simulatedAsa(t, 'netmiko');
});
afterAll(() => t.close());

interface Run {
  prompt: string;
  before: Array<Record<string, string | string[]>>;
  install: string;
  after: Array<Record<string, string | string[]>>;
  raw: string;
  inventory: Array<Record<string, string>>;
}

/** netmiko_install.py against the simulated ASA, with this enable secret. */
async function install(secret: string): Promise<Run> {
  const out = await client(
    PYTHON,
    [
      script('netmiko_install.py'),
      JSON.stringify({
        host: '127.0.0.1',
        port: asa.port,
        username: 'admin',
        password: 'cisco',
        secret,
        key: asa.key,
      }),
    ],
    { env: { NET_TEXTFSM: `${NTC_TEMPLATES}/templates` } },
  );
  return JSON.parse(out) as Run;
}

describe("netmiko (Debian python3-netmiko, device_type='cisco_asa') drives a simulated ASA", () => {
  it('logs in, enables, reads show version through the ntc-templates, installs the emailed key with send_config_set', async () => {
    const run = await install('cisco');
    expect(run.prompt).toBe('edge-1#');
    expect(run.before).toHaveLength(1);
    expect(run.before[0]).toMatchObject({
      version: '9.16(4)',
      hostname: 'edge-1',
      hardware: 'ASA5516, 8192 MB RAM, CPU Atom C2000 series 2416 MHz, 1 CPU (8 cores)',
      serial: ['JAD222605K8'],
      // A real PAK-licensed 5516-X prints no License mode or License State lines.
      license_mode: '',
      license_state: '',
    });
    expect(run.install).toContain(
      'Both Running and Flash permanent activation key were updated with the requested key.',
    );
    expect(run.after[0]).toMatchObject({ serial: ['JAD222605K8'] });
    expect(run.raw).toContain(`Running Permanent Activation Key: ${asa.key}\n`);
    expect(run.raw).toContain('AnyConnect Premium Peers          : 300            perpetual\n');
    expect(run.inventory[0]).toMatchObject({ name: 'Chassis', sn: 'FTX1930101U' });
  });

  it('with an empty enable secret, reaches privilege 15 through login and installs the key', async () => {
    const run = await install('');
    expect(run.prompt).toBe('edge-1#');
    expect(run.raw).toContain(`Running Permanent Activation Key: ${asa.key}\n`);
  });
});
