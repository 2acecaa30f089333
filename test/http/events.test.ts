import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advance, buildTestApp, order, sandboxWithUsers, type TestApp } from '../helpers/build.js';

type Event = { type: string; sandboxId: string; at: string; data: Record<string, unknown> };

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await buildTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());

/** Opens the stream and collects its events as they come. */
async function stream(sandbox: string) {
  const events: Array<{ name: string; id: string; data: Event }> = [];
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest(`${base}/__admin/sandboxes/${sandbox}/events`, resolve);
    req.on('error', reject);
    req.end();
  });
  let buffer = '';
  res.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const field = (k: string) =>
        block
          .split('\n')
          .find((l) => l.startsWith(`${k}: `))
          ?.slice(k.length + 2);
      const name = field('event');
      if (name)
        events.push({ name, id: field('id') as string, data: JSON.parse(field('data') as string) as Event });
    }
  });
  await new Promise((r) => setTimeout(r, 0));
  return { res, events };
}

describe('Server-sent events per sandbox: mail.sent, transaction.completed, clock.advanced', () => {
  it('streams what happens in the sandbox, after it committed, with sandbox clock times', async () => {
    const f = await sandboxWithUsers(t);
    const { res, events } = await stream(f.sandbox);
    try {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(res.headers['x-request-id']).toMatch(/^req_/);
      await expect.poll(() => t.context.deps.events.listenerCount(f.sandbox)).toBe(1);

      await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-LIC=', users: 10, pak: 'EVENTPAK001' }] });
      await t.call('PATCH', `/__admin/sandboxes/${f.sandbox}/settings`, { body: { mailDelay: '30m' } });
      const reg = await t.call<{ transactionId: string }>('POST', '/api/v1/registrations', {
        token: f.jdoe,
        body: { paks: 'EVENTPAK001', devices: ['JAD222605K8'], agreeToTerms: true },
      });
      await advance(t, f.sandbox, '30m');
      await expect.poll(() => events.length).toBe(4);

      expect(events.map((e) => [e.id, e.name, e.data.at])).toEqual([
        ['1', 'mail.sent', '2026-03-02T09:00:00.000Z'],
        ['2', 'clock.advanced', '2026-03-02T09:30:00.000Z'],
        ['3', 'mail.sent', '2026-03-02T09:30:00.000Z'],
        ['4', 'transaction.completed', '2026-03-02T09:30:00.000Z'],
      ]);
      expect(events[1]?.data).toEqual({
        type: 'clock.advanced',
        sandboxId: f.sandbox,
        at: '2026-03-02T09:30:00.000Z',
        data: { action: 'advance', frozen: true },
      });
      expect(events[2]?.data.data).toMatchObject({
        to: ['john.doe@example.com'],
        folder: 'inbox',
        transactionId: reg.body.transactionId,
      });
      expect(events[3]?.data.data).toEqual({
        id: reg.body.transactionId,
        ccoId: 'jdoe',
        status: 'completed',
      });
    } finally {
      res.destroy();
    }
    await expect.poll(() => t.context.deps.events.listenerCount(f.sandbox)).toBe(0);
  });

  it('a failed request announces nothing', async () => {
    const f = await sandboxWithUsers(t);
    const { res, events } = await stream(f.sandbox);
    try {
      await expect.poll(() => t.context.deps.events.listenerCount(f.sandbox)).toBe(1);
      const r = await t.call('POST', '/api/v1/registrations', {
        token: f.jdoe,
        body: { paks: 'NOSUCHPAK01', devices: ['JAD222605K8'], agreeToTerms: true },
      });
      expect(r.status).toBe(404);
      await advance(t, f.sandbox, '1m');
      await expect.poll(() => events.length).toBe(1);
      expect(events.map((e) => e.name)).toEqual(['clock.advanced']);
    } finally {
      res.destroy();
    }
  });

  it('an unknown sandbox is 404; closing the server ends open streams', async () => {
    const missing = await t.call('GET', '/__admin/sandboxes/no-such-sandbox/events');
    expect(missing.status).toBe(404);
    const other = await buildTestApp();
    await other.app.listen({ port: 0, host: '127.0.0.1' });
    const f = await sandboxWithUsers(other);
    const port = (other.app.server.address() as AddressInfo).port;
    const res = await new Promise<IncomingMessage>((resolve) =>
      httpRequest(`http://127.0.0.1:${port}/__admin/sandboxes/${f.sandbox}/events`, resolve).end(),
    );
    const ended = new Promise((resolve) => res.on('end', resolve).resume());
    await other.close();
    await ended;
    expect(other.context.deps.events.listenerCount(f.sandbox)).toBe(0);
  });
});
