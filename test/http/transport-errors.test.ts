import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { buildTestApp, type TestApp } from '../helpers/build.js';

/** Splits what came back on a raw connection into responses: status, headers, JSON body. */
function responses(raw: string) {
  const out: Array<{ status: number; headers: string; body: unknown }> = [];
  let rest = raw;
  while (rest.startsWith('HTTP/1.1')) {
    const end = rest.indexOf('\r\n\r\n');
    const head = rest.slice(0, end);
    const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
    const body = rest.slice(end + 4, end + 4 + length);
    out.push({ status: Number(head.slice(9, 12)), headers: head.toLowerCase(), body: JSON.parse(body) });
    rest = rest.slice(end + 4 + length);
  }
  return out;
}

async function listening(): Promise<{
  t: TestApp;
  socket: () => Promise<Socket & { received: () => string }>;
}> {
  const t = await buildTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as { port: number };
  const socket = async () => {
    const s = connect(port, '127.0.0.1');
    await once(s, 'connect');
    let data = '';
    s.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
    return Object.assign(s, { received: () => data });
  };
  return { t, socket };
}

const sandboxRequest = (id: string) => {
  const body = JSON.stringify({ id, scenario: 'empty' });
  return {
    head: `POST /__admin/sandboxes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    body,
  };
};

describe('Shutting down: requests in progress finish, new ones are refused in the error shape', () => {
  it('the request being uploaded completes; one sent after it on the same connection is 503 SHUTTING_DOWN', async () => {
    const { t, socket } = await listening();
    const s = await socket();
    const first = sandboxRequest('in-flight');
    s.write(first.head + first.body.slice(0, 5));
    await new Promise((r) => setTimeout(r, 50));
    const closed = t.app.close();
    await new Promise((r) => setTimeout(r, 50));
    s.write(`${first.body.slice(5)}GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n`);
    await once(s, 'end');
    await closed;
    const [created, refused] = responses(s.received());
    expect(created?.status).toBe(201);
    expect(created?.body).toMatchObject({ id: 'in-flight' });
    expect(refused?.status).toBe(503);
    expect(refused?.headers).toContain('connection: close');
    expect(refused?.body).toEqual({
      error: {
        code: 'SHUTTING_DOWN',
        message: 'The server is shutting down; send the request again once it is back',
      },
    });
  });
});

describe("Requests Node's HTTP parser refuses still get the error shape", () => {
  it('headers (or a URL) over 16 KB are 431 HEADERS_TOO_LARGE', async () => {
    const { t, socket } = await listening();
    try {
      const s = await socket();
      s.write(`GET /api/v1/paks?ids=${'A'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
      await once(s, 'close');
      expect(responses(s.received())).toEqual([
        {
          status: 431,
          headers: expect.stringContaining('content-type: application/json'),
          body: {
            error: {
              code: 'HEADERS_TOO_LARGE',
              message: 'The request line and headers are larger than 16 KB',
            },
          },
        },
      ]);
    } finally {
      await t.close();
    }
  });

  it('something that is not HTTP is 400 BAD_HTTP_REQUEST', async () => {
    const { t, socket } = await listening();
    try {
      const s = await socket();
      s.write('HELLO THERE\r\n\r\n');
      await once(s, 'close');
      expect(responses(s.received()).map((r) => [r.status, r.body])).toEqual([
        [400, { error: { code: 'BAD_HTTP_REQUEST', message: 'The request is not valid HTTP/1.1' } }],
      ]);
    } finally {
      await t.close();
    }
  });
});

describe('A request the HTTP parser refuses is logged without its bytes (issue 7 security)', () => {
  it('at LOG_LEVEL=trace the Authorization header of a malformed request appears in no form', async () => {
    let log = '';
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        log += chunk.toString('utf8');
        done();
      },
    });
    const { app } = await buildApp({
      dataDir: ':memory:',
      adminToken: null,
      seed: 'none',
      logger: { level: 'trace', stream },
    });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as { port: number };
      const s = connect(port, '127.0.0.1');
      await once(s, 'connect');
      s.on('data', () => undefined);
      s.end(
        'GET /api/v1/transactions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer lps_TOPSECRET\r\nBad Header: 1\r\n\r\n',
      );
      await once(s, 'close');
    } finally {
      await app.close();
    }
    expect(log).toContain('"msg":"client error"');
    expect(log).not.toContain('lps_TOPSECRET');
    expect(log).not.toContain([...Buffer.from('lps_TOPSECRET')].join(','));
  });
});
