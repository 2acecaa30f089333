import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxEvent } from '../../src/services/events.js';
import { buildTestApp, order, sandboxWithUsers, type TestApp } from '../helpers/build.js';
import { LICENSE_ZIP, mailWithAttachment } from '../helpers/mail.js';

type Relay = { status: string; attempts: number; lastError: string | null } | null;
type Received = { from: string; to: string[]; raw: Buffer };

/** A real SMTP server on a free loopback port that keeps what it accepts and refuses some recipients. */
async function startSmtp(refuse: { rcpt?: string; data?: string } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (address.address === refuse.rcpt) {
        const err = Object.assign(new Error('5.1.1 Recipient address rejected: mailbox unavailable'), {
          responseCode: 550,
        });
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        if (refuse.data !== undefined && to.includes(refuse.data)) {
          return callback(Object.assign(new Error('5.7.1 Message rejected as spam'), { responseCode: 554 }));
        }
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        received.push({ from, to, raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    received,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let t: TestApp;
beforeAll(async () => {
  smtp = await startSmtp({ rcpt: 'nobody@example.com', data: 'spamtrap@example.com' });
  t = await buildTestApp({ extra: { smtpUrl: smtp.url, relay: { attempts: 3, backoffMs: 10 } } });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

/** Resolves with the relay events of one message once its relay status is final. */
function relayOutcome(app: TestApp, sandboxId: string, pick: () => string | null) {
  const seen: SandboxEvent[] = [];
  return new Promise<SandboxEvent[]>((resolve) => {
    const stop = app.context.deps.events.subscribe(sandboxId, (e) => {
      if (e.type !== 'mail.relayed' || e.data.id !== pick()) return;
      seen.push(e);
      if (e.data.status !== 'pending') {
        stop();
        resolve(seen);
      }
    });
  });
}

const relayOf = async (sandbox: string, id: string) =>
  (await t.call<{ relay: Relay }>('GET', `/__admin/sandboxes/${sandbox}/mail/${id}`)).body.relay;

describe('SMTP relay: with SMTP_URL every captured message is also delivered by SMTP', () => {
  it('delivers the same RFC 822 message the mailbox serves, attachment included, to every recipient', async () => {
    const f = await sandboxWithUsers(t);
    let id: string | null = null;
    const outcome = relayOutcome(t, f.sandbox, () => id);
    id = mailWithAttachment(t, f.sandbox);
    const events = await outcome;
    expect(events.map((e) => e.data)).toEqual([{ id, status: 'sent', attempts: 1, lastError: null }]);
    expect(await relayOf(f.sandbox, id)).toEqual({ status: 'sent', attempts: 1, lastError: null });

    const got = smtp.received.find((r) => r.raw.includes(`Message-ID: <${id}@`));
    expect(got?.from).toBe('do-not-reply@cisco.com');
    expect(got?.to).toEqual(['john.doe@example.com']);
    expect(got?.raw.toString()).toContain(Buffer.from(LICENSE_ZIP).toString('base64'));
    const served = await t.call('GET', `/__admin/sandboxes/${f.sandbox}/mail/${id}/raw`);
    expect(got?.raw.toString().trimEnd()).toBe(served.text.trimEnd());
  });

  it('relays the emails of a registration, to each send-to address', async () => {
    const f = await sandboxWithUsers(t);
    await order(t, f.sandbox, { lines: [{ sku: 'L-AC-VPNO-25=', pak: 'RELAYPAK001' }] });
    let id: string | null = null;
    const outcome = relayOutcome(t, f.sandbox, () => id);
    const before = smtp.received.length;
    const r = await t.call<{ transactionId: string }>('POST', '/api/v1/registrations', {
      token: f.jdoe,
      body: {
        paks: 'RELAYPAK001',
        devices: ['JAD222605K8'],
        sendTo: 'ops@example.com, john.doe@example.com',
        agreeToTerms: true,
      },
    });
    const mail = await t.call<{ messages: Array<{ id: string }> }>(
      'GET',
      `/__admin/sandboxes/${f.sandbox}/mail?subject=activation`,
    );
    id = mail.body.messages[0]?.id ?? null;
    await outcome;
    const got = smtp.received.slice(before).find((m) => m.raw.includes(r.body.transactionId));
    expect(got?.to).toEqual(['ops@example.com', 'john.doe@example.com']);
  });

  it("a refused recipient: the message stays in the mailbox, failed after the retries, with the server's answer", async () => {
    const f = await sandboxWithUsers(t);
    let id: string | null = null;
    const outcome = relayOutcome(t, f.sandbox, () => id);
    id = mailWithAttachment(t, f.sandbox, 'nobody@example.com');
    const events = await outcome;
    expect(events.map((e) => [e.data.status, e.data.attempts])).toEqual([
      ['pending', 1],
      ['pending', 2],
      ['failed', 3],
    ]);
    const relay = await relayOf(f.sandbox, id);
    expect(relay).toMatchObject({ status: 'failed', attempts: 3 });
    expect(relay?.lastError).toContain('550 5.1.1 Recipient address rejected: mailbox unavailable');
    const listed = await t.call<{ messages: Array<{ id: string }> }>(
      'GET',
      `/__admin/sandboxes/${f.sandbox}/mail?to=nobody@example.com`,
    );
    expect(listed.body.messages.map((m) => m.id)).toEqual([id]);
    expect(smtp.received.some((r) => r.raw.includes(`<${id}@`))).toBe(false);
  });

  it('a message refused at DATA fails the same way and stays in the mailbox', async () => {
    const f = await sandboxWithUsers(t);
    let id: string | null = null;
    const outcome = relayOutcome(t, f.sandbox, () => id);
    id = mailWithAttachment(t, f.sandbox, 'spamtrap@example.com');
    await outcome;
    const relay = await relayOf(f.sandbox, id);
    expect(relay).toMatchObject({ status: 'failed', attempts: 3 });
    expect(relay?.lastError).toContain('554 5.7.1 Message rejected as spam');
    expect((await t.call('GET', `/__admin/sandboxes/${f.sandbox}/mail/${id}`)).status).toBe(200);
  });

  it('no SMTP server listening: failed after the retries, the captured copy kept', async () => {
    const gone = await startSmtp();
    await gone.close();
    const app = await buildTestApp({ extra: { smtpUrl: gone.url, relay: { attempts: 2, backoffMs: 10 } } });
    try {
      const f = await sandboxWithUsers(app);
      let id: string | null = null;
      const outcome = relayOutcome(app, f.sandbox, () => id);
      id = mailWithAttachment(app, f.sandbox);
      await outcome;
      const r = await app.call<{ relay: Relay; attachments: unknown[] }>(
        'GET',
        `/__admin/sandboxes/${f.sandbox}/mail/${id}`,
      );
      expect(r.body.relay).toMatchObject({ status: 'failed', attempts: 2 });
      expect(r.body.relay?.lastError).toMatch(/ECONNREFUSED/);
      expect(r.body.attachments).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
