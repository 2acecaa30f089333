import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/build.js';
import { buildTestApp, client, script, simulatedAsa, SSH, type Simulated } from './support.js';

let t: TestApp;
let asa: Simulated;
let dir: string;
beforeAll(async () => {
  t = await buildTestApp({ ssh: SSH });
  asa = await simulatedAsa(t, 'ansible');
  dir = mkdtempSync(join(tmpdir(), 'asa-ansible-'));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

interface PlaybookRun {
  stats: Record<string, { ok: number; failures: number; unreachable: number }>;
  plays: Array<{
    tasks: Array<{ task: { name: string }; hosts: Record<string, { stdout?: string[]; msg?: unknown }> }>;
  }>;
}

/** The inventory a user writes for a simulated ASA: its SSH port from the control plane. */
function inventory(port: number): string {
  return [
    '[asa]',
    `edge-1 ansible_host=127.0.0.1 ansible_port=${port}`,
    '',
    '[asa:vars]',
    'ansible_connection=ansible.netcommon.network_cli',
    'ansible_network_os=cisco.asa.asa',
    'ansible_user=admin',
    'ansible_password=cisco',
    'ansible_become=true',
    'ansible_become_method=ansible.netcommon.enable',
    'ansible_become_password=cisco',
    '',
  ].join('\n');
}

describe('Ansible (Debian ansible, collection cisco.asa, network_cli) drives a simulated ASA', () => {
  it('a playbook reads show version and pushes the key emailed by a registration made in this test', async () => {
    writeFileSync(join(dir, 'hosts'), inventory(asa.port));
    const out = await client(
      'ansible-playbook',
      ['-i', join(dir, 'hosts'), script('playbook.yml'), '-e', JSON.stringify({ activation_key: asa.key })],
      {
        cwd: dir,
        env: {
          ANSIBLE_HOST_KEY_CHECKING: 'False',
          ANSIBLE_STDOUT_CALLBACK: 'json',
          ANSIBLE_HOME: join(dir, '.ansible'),
          ANSIBLE_PERSISTENT_CONTROL_PATH_DIR: join(dir, 'pc'),
          ANSIBLE_LOCAL_TEMP: join(dir, 'tmp'),
          ANSIBLE_NOCOLOR: '1',
        },
      },
    );
    const run = JSON.parse(out) as PlaybookRun;
    expect(run.stats['edge-1']).toMatchObject({ failures: 0, unreachable: 0, ok: 6 });
    const tasks = run.plays[0]?.tasks ?? [];
    const stdout = (name: string) =>
      tasks.find((x) => x.task.name === name)?.hosts['edge-1']?.stdout?.[0] ?? '';
    expect(stdout('Read show version')).toContain('Serial Number: JAD222605K8');
    expect(stdout('Read show version again')).toContain(`Running Permanent Activation Key: ${asa.key}`);
    const device = await t.call<{ runningActivationKey: string }>(
      'GET',
      '/__admin/sandboxes/ansible/asa-devices/JAD222605K8',
    );
    expect(device.body.runningActivationKey).toBe(asa.key);
  });
});
