/** SIGTERM on a real server process: what is in progress finishes, nothing new gets in, exit 0. */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { count } from './support/counts.js';
import { call, flushRequestCount, order, sandboxWithUser, startServer } from './support/server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'lps-term-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  flushRequestCount();
});

const IN_FLIGHT = 10;

describe('SIGTERM: graceful shutdown finishes the requests in flight', () => {
  it(`${IN_FLIGHT} registrations still uploading when SIGTERM arrives all complete with 201, new connections are refused, exit code 0`, async () => {
    const server = await startServer({ dataDir });
    const { port } = new URL(server.url);
    const token = await sandboxWithUser(server.url, 'term');
    const [pak] = await order(server.url, 'term', 'jdoe', [{ sku: 'L-AC-PLS-P-G' }]);

    // Each connection has sent its headers and half its body: the server is waiting for the rest.
    const sockets: Array<{ socket: Socket; rest: string; data: () => string }> = [];
    for (let i = 0; i < IN_FLIGHT; i++) {
      const body = JSON.stringify({
        paks: pak,
        devices: [`TERM${String(i).padStart(6, '0')}`],
        agreeToTerms: true,
      });
      const socket = connect(Number(port), '127.0.0.1');
      await once(socket, 'connect');
      let data = '';
      socket.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      const head =
        `POST /api/v1/registrations HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
      const half = Math.floor(body.length / 2);
      socket.write(head + body.slice(0, half));
      sockets.push({ socket, rest: body.slice(half), data: () => data });
    }
    await new Promise((r) => setTimeout(r, 200));

    const exited = once(server.child, 'exit');
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();

    for (const s of sockets) s.socket.end(s.rest);
    const [code, signal] = (await exited) as [number | null, string | null];
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    for (const s of sockets) expect(s.data()).toMatch(/^HTTP\/1\.1 201 Created/);
    count('requests', IN_FLIGHT + 1);

    // Everything acknowledged is there after the restart.
    const again = await startServer({ dataDir });
    try {
      const history = await call<{ total: number }>(again.url, 'GET', '/api/v1/transactions?limit=1', {
        token,
      });
      expect(history.body.total).toBe(IN_FLIGHT);
    } finally {
      await again.stop();
    }
  });
});
