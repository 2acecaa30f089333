import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SshConfig } from '../../src/config.js';
import { buildTestApp, order, sandboxWithUsers, type Fixture, type TestApp } from '../helpers/build.js';
import { hostKeyOf, SshShell, tryLogin } from '../helpers/ssh.js';

const SSH: SshConfig = {
  enabled: true,
  host: '127.0.0.1',
  ports: { from: 0, to: 0 },
  idleTimeoutMs: 60_000,
  loginTimeoutMs: 30_000,
  maxLineLength: 1024,
  maxSessions: 2,
  maxConnections: 100,
};

interface Device {
  serial: string;
  ssh: { host: string; port: number } | null;
  runningActivationKey: string;
}

const logs: Array<{ msg: string; username?: string; serial?: string; level: number }> = [];
let t: TestApp;
let f: Fixture;

beforeAll(async () => {
  t = await buildTestApp({
    ssh: SSH,
    logger: { level: 'info', stream: { write: (line: string) => logs.push(JSON.parse(line)) } },
  });
});
afterAll(() => t.close());
beforeEach(async () => {
  f = await sandboxWithUsers(t);
});

async function addAsa(body: Record<string, unknown> = {}): Promise<Device> {
  const r = await t.call<Device>('POST', `/__admin/sandboxes/${f.sandbox}/asa-devices`, {
    body: {
      model: 'ASA 5516-X',
      serial: 'JAD222605K8',
      chassisSerial: 'FTX1930101U',
      hostname: 'edge-1',
      ...body,
    },
  });
  expect(r.status).toBe(201);
  return r.body;
}

/** Logs in and enters privileged EXEC with paging off. */
async function enabled(port: number): Promise<SshShell> {
  const shell = await SshShell.open(port);
  await shell.expect('edge-1> ');
  shell.line('enable');
  await shell.expect('Password: ');
  shell.line('cisco');
  await shell.expect('edge-1# ');
  expect(await shell.run('terminal pager 0')).toBe('');
  return shell;
}

async function emailedKey(serial: string): Promise<string> {
  const list = await t.call<{ messages: Array<{ id: string }> }>(
    'GET',
    `/__admin/sandboxes/${f.sandbox}/mail?subject=activation%20key`,
  );
  for (const m of list.body.messages) {
    const mail = await t.call<{ text: string }>('GET', `/__admin/sandboxes/${f.sandbox}/mail/${m.id}`);
    const key = new RegExp(`^${serial}: (0x[0-9a-f]{8}(?: 0x[0-9a-f]{8}){4})$`, 'm').exec(
      mail.body.text,
    )?.[1];
    if (key) return key;
  }
  throw new Error(`no activation key email for ${serial}`);
}

describe('The whole loop: order, register, read the emailed key, install it over SSH, see it in show version', () => {
  it('a Plus key registered to the show version serial installs; one registered to the chassis serial is refused', async () => {
    const asa = await addAsa();
    expect(asa.ssh).toEqual({ host: '127.0.0.1', port: expect.any(Number) });
    const [pak] = (await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-LIC=', users: 26 }] })).paks;
    for (const serial of ['JAD222605K8', 'FTX1930101U']) {
      const r = await t.call('POST', '/api/v1/registrations', {
        token: f.jdoe,
        body: {
          paks: pak?.pak,
          devices: [serial],
          lines: [{ sku: 'L-AC-PLS-LIC=', quantity: 1 }],
          agreeToTerms: true,
        },
      });
      expect(r.status).toBe(201);
    }
    const key = await emailedKey('JAD222605K8');
    const chassisKey = await emailedKey('FTX1930101U');

    const shell = await enabled(asa.ssh!.port);
    const before = await shell.run('show version');
    expect(before).toContain('AnyConnect Premium Peers          : 2              perpetual\r\n');
    expect(await shell.run('configure terminal')).toBe('');
    expect(await shell.run(`activation-key ${key}`)).toBe(
      'Validating activation key. This may take a few minutes...\r\n' +
        'Both Running and Flash permanent activation key were updated with the requested key.\r\n',
    );
    expect(await shell.run('end')).toBe('');
    const after = await shell.run('sh ver');
    expect(after).toContain('AnyConnect Premium Peers          : 300            perpetual\r\n');
    expect(after).toContain('Serial Number: JAD222605K8\r\n');
    expect(after).toContain(`Running Permanent Activation Key: ${key}\r\n`);

    expect(await shell.run(`activation-key ${chassisKey}`)).toBe(
      'Validating activation key. This may take a few minutes...\r\n' +
        'ERROR: The requested key was not saved because it is not valid for this system.\r\n',
    );
    expect(await shell.run('show version')).toContain(`Running Permanent Activation Key: ${key}\r\n`);
    const device = await t.call<Device>('GET', `/__admin/sandboxes/${f.sandbox}/asa-devices/JAD222605K8`);
    expect(device.body.runningActivationKey).toBe(key);
    shell.line('exit');
    expect(await shell.waitClosed()).toBe('exit\r\n\r\nLogoff\r\n\r\n');
  });
});

describe('SSH login', () => {
  it('a bad password is refused and logged; the password is never logged', async () => {
    const asa = await addAsa();
    logs.length = 0;
    expect(await tryLogin(asa.ssh!.port, 'admin', 'wrong-password')).toBe(
      'All configured authentication methods failed',
    );
    expect(logs).toContainEqual(
      expect.objectContaining({
        msg: 'SSH login refused: bad username or password',
        username: 'admin',
        serial: 'JAD222605K8',
      }),
    );
    expect(JSON.stringify(logs)).not.toContain('wrong-password');
    expect(await tryLogin(asa.ssh!.port, 'admin', 'cisco')).toBe('ready');
  });

  it('each device has its own credentials and port', async () => {
    const a = await addAsa();
    const b = await addAsa({
      serial: 'JAD222605K9',
      chassisSerial: 'FTX1930101V',
      username: 'netops',
      password: 'S3cret!',
    });
    expect(b.ssh!.port).not.toBe(a.ssh!.port);
    expect(await tryLogin(b.ssh!.port, 'admin', 'cisco')).toBe(
      'All configured authentication methods failed',
    );
    expect(await tryLogin(b.ssh!.port, 'netops', 'S3cret!')).toBe('ready');
  });

  it('the enable password is not echoed', async () => {
    const asa = await addAsa();
    const shell = await enabled(asa.ssh!.port);
    expect(shell.transcript).toContain('edge-1> enable\r\nPassword: \r\nedge-1# ');
    shell.end();
  });
});

describe('SSH sessions are bounded', () => {
  it('beyond SSH_MAX_SESSIONS a connection is refused, and logged', async () => {
    const asa = await addAsa();
    const port = asa.ssh!.port;
    const open = [await SshShell.open(port), await SshShell.open(port)];
    logs.length = 0;
    expect(await tryLogin(port, 'admin', 'cisco')).not.toBe('ready');
    expect(logs.map((l) => l.msg)).toContain(
      'SSH connection refused: SSH_MAX_SESSIONS sessions already open',
    );
    open[0]?.end();
    await open[0]?.closed;
    await expect.poll(() => tryLogin(port, 'admin', 'cisco')).toBe('ready');
    open[1]?.end();
  });

  it('an idle session is closed after SSH_IDLE_TIMEOUT', async () => {
    const quick = await buildTestApp({ ssh: { ...SSH, idleTimeoutMs: 200 } });
    try {
      const g = await sandboxWithUsers(quick, 'sbx-idle');
      const r = await quick.call<Device>('POST', `/__admin/sandboxes/${g.sandbox}/asa-devices`, {
        body: { model: 'ASA 5506-X', serial: 'JAD000IDLE1', hostname: 'idle' },
      });
      const shell = await SshShell.open(r.body.ssh!.port);
      await shell.expect('idle> ');
      expect(await shell.waitClosed()).toBe('\r\n\r\nSession idle timeout: closing the connection.\r\n');
    } finally {
      await quick.close();
    }
  });

  it('a device deleted mid-session closes its sessions cleanly and stops listening', async () => {
    const asa = await addAsa();
    const shell = await enabled(asa.ssh!.port);
    const r = await t.call('DELETE', `/__admin/sandboxes/${f.sandbox}/asa-devices/JAD222605K8`);
    expect(r.status).toBe(204);
    expect(await shell.waitClosed()).toBe(
      '\r\n\r\nConnection closed: the simulated ASA JAD222605K8 was removed.\r\n',
    );
    expect(await tryLogin(asa.ssh!.port, 'admin', 'cisco')).toBe('ECONNREFUSED');
    const gone = await t.call('GET', `/__admin/sandboxes/${f.sandbox}/asa-devices/JAD222605K8`);
    expect(gone.status).toBe(404);
  });

  it('resetting or deleting the sandbox closes its devices too', async () => {
    const asa = await addAsa();
    const shell = await SshShell.open(asa.ssh!.port);
    await shell.expect('edge-1> ');
    await t.call('DELETE', `/__admin/sandboxes/${f.sandbox}`);
    expect(await shell.waitClosed()).toContain(
      'Connection closed: the simulated ASA JAD222605K8 was removed.',
    );
  });
});

describe('The terminal: pager, reload', () => {
  it('without "terminal pager 0" output stops at <--- More --->; space pages on, q stops', async () => {
    const asa = await addAsa();
    const shell = await SshShell.open(asa.ssh!.port);
    await shell.expect('edge-1> ');
    shell.line('show version');
    const first = await shell.expect('<--- More --->');
    expect(first.split('\r\n')).toHaveLength(2 + 24);
    shell.send(' ');
    await shell.expect('<--- More --->');
    shell.send('q');
    await shell.expect(/\r {14}\redge-1> $/);
    shell.end();
  });

  it('reload asks to confirm, ends the session, and the ASA is back up at once', async () => {
    const asa = await addAsa();
    const shell = await enabled(asa.ssh!.port);
    shell.line('reload');
    await shell.expect('Proceed with reload? [confirm]');
    shell.line('');
    expect(await shell.waitClosed()).toContain('*** --- SHUTDOWN NOW ---');
    const again = await enabled(asa.ssh!.port);
    expect(await again.run('show version')).toMatch(/edge-1 up 0 mins 0 secs\r\n/);
    again.end();
  });
});

describe('Listeners at start: every device of every sandbox; host keys kept in DATA_DIR', () => {
  it('a restarted server serves the same devices with the same host key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asa-ssh-'));
    try {
      let app = await buildTestApp({ dataDir: dir, ssh: SSH });
      await sandboxWithUsers(app, 'sbx-restart');
      const created = await app.call<Device>('POST', '/__admin/sandboxes/sbx-restart/asa-devices', {
        body: { model: 'ASA 5525-X', serial: 'JAD0RESTART', hostname: 'edge-9' },
      });
      const hostKey = await hostKeyOf(created.body.ssh!.port);
      await app.close();

      app = await buildTestApp({ dataDir: dir, ssh: SSH });
      const d = await app.call<Device>('GET', '/__admin/sandboxes/sbx-restart/asa-devices/JAD0RESTART');
      expect(await hostKeyOf(d.body.ssh!.port)).toBe(hostKey);
      const shell = await SshShell.open(d.body.ssh!.port);
      await shell.expect('edge-9> ');
      shell.end();
      await app.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
