/**
 * Attack 8 of the security review: SSH input is bounded. A line stops growing at SSH_MAX_LINE (the
 * terminal rings the bell), echo goes out once per packet, not once per character, and a connection
 * that does not log in within SSH_LOGIN_TIMEOUT is closed.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshConfig } from '../../src/config.js';
import { AsaTerminal } from '../../src/ssh/terminal.js';
import { buildTestApp, sandboxWithUsers, type TestApp } from '../helpers/build.js';
import { SshShell } from '../helpers/ssh.js';

const SSH: SshConfig = {
  enabled: true,
  host: '127.0.0.1',
  ports: { from: 0, to: 0 },
  idleTimeoutMs: 60_000,
  loginTimeoutMs: 300,
  maxLineLength: 256,
  maxSessions: 5,
  maxConnections: 100,
};

let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await buildTestApp({ ssh: SSH });
  const f = await sandboxWithUsers(t);
  const r = await t.call<{ ssh: { port: number } }>('POST', `/__admin/sandboxes/${f.sandbox}/asa-devices`, {
    body: { model: 'ASA 5516-X', serial: 'JAD222605K8', chassisSerial: 'FTX1930101U', hostname: 'edge-1' },
  });
  expect(r.status).toBe(201);
  port = r.body.ssh.port;
});
afterAll(() => t.close());

describe('Attack 8: a line without a newline cannot grow without bound', () => {
  it('past SSH_MAX_LINE characters the terminal rings the bell and keeps the line; the session stays usable', async () => {
    const shell = await SshShell.open(port);
    await shell.expect('edge-1> ');
    shell.send('x'.repeat(100_000));
    shell.line('');
    const answer = await shell.expect('edge-1> ');
    expect(answer.length).toBeLessThan(2_000);
    expect(answer).toContain('\x07');
    expect(await shell.run('terminal pager 0')).toBe('');
    expect(await shell.run('show version')).toContain('JAD222605K8');
    shell.end();
  });

  it('the terminal echoes a packet of typed characters in one write', () => {
    const writes: string[] = [];
    const term = new AsaTerminal(
      { write: (s) => writes.push(s), close: () => undefined },
      () => ({ output: '', prompt: 'asa# ', close: false, pager: 0, secret: false }),
      undefined,
      { maxLineLength: 10 },
    );
    term.input('show ver');
    expect(writes).toEqual(['show ver']);
    term.input('sion!!!!');
    expect(writes.slice(1)).toEqual(['si\x07']);
  });
});

describe('Attack 8: a connection that never logs in is closed after SSH_LOGIN_TIMEOUT', () => {
  it('a silent TCP connection is closed by the server', async () => {
    const socket = connect(port, '127.0.0.1');
    const closedAfter = await new Promise<number>((resolve, reject) => {
      const started = performance.now();
      socket.on('error', () => undefined);
      // Reading (and dropping) the server's greeting lets the socket see the server's end.
      socket.resume();
      socket.on('close', () => resolve(performance.now() - started));
      setTimeout(() => reject(new Error('still open after 3 s')), 3_000);
    });
    expect(closedAfter).toBeGreaterThanOrEqual(250);
  });
});
