import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MailRepository } from '../../src/storage/mail.js';
import {
  advance,
  buildTestApp,
  order,
  sandboxWithUsers,
  type ErrorBody,
  type Fixture,
  type TestApp,
} from '../helpers/build.js';
import { LICENSE_ZIP, mailWithAttachment } from '../helpers/mail.js';
import { seededRandom } from '../helpers/random.js';

type Summary = {
  id: string;
  messageId: string;
  to: string[];
  subject: string;
  date: string;
  folder: string;
  attachments: Array<{ filename: string; contentType: string; size: number }>;
  relay: unknown;
};
type Message = Summary & { text: string; html: string; headers: Array<{ name: string; value: string }> };
type List = { messages: Summary[] };

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
afterEach(() => vi.restoreAllMocks());

const mail = (f: Fixture, query = '') =>
  t.call<List & ErrorBody>('GET', `/__admin/sandboxes/${f.sandbox}/mail${query}`);
const ids = async (f: Fixture, query = '') => (await mail(f, query)).body.messages.map((m) => m.subject);

/** jdoe orders (eDelivery email), then registers two serials to ops@ (two activation-key emails) an hour later. */
async function mailbox(): Promise<Fixture> {
  const f = await sandboxWithUsers(t);
  await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-LIC=', users: 10, pak: 'MAILPAK0001' }] });
  await advance(t, f.sandbox, '1h');
  const r = await t.call('POST', '/api/v1/registrations', {
    token: f.jdoe,
    body: {
      paks: 'MAILPAK0001',
      lines: [{ sku: 'L-AC-PLS-LIC=', quantity: 1 }],
      devices: ['JAD222605K8', 'JAD222605K9'],
      sendTo: 'ops@example.com',
      agreeToTerms: true,
    },
  });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  return f;
}

const KEY_SUBJECT = 'Your Cisco ASA 5500 Series Adaptive Security Appliance activation key';

describe('Mailbox search: recipient, subject, text, since (filters combine)', () => {
  it('lists everything newest first, and narrows by each filter', async () => {
    const f = await mailbox();
    const edelivery = (await mail(f)).body.messages.find((m) => m.subject.startsWith('Cisco eDelivery'));
    expect(await ids(f)).toEqual([KEY_SUBJECT, KEY_SUBJECT, edelivery?.subject]);
    expect(await ids(f, '?to=JOHN.DOE@example.com')).toEqual([edelivery?.subject]);
    expect(await ids(f, '?subject=ACTIVATION%20key')).toEqual([KEY_SUBJECT, KEY_SUBJECT]);
    expect(await ids(f, '?text=serial%20%23%3A%20JAD222605K9')).toEqual([KEY_SUBJECT]);
    expect(await ids(f, '?since=2026-03-02T09:30:00Z')).toEqual([KEY_SUBJECT, KEY_SUBJECT]);
    expect(await ids(f, '?since=2026-03-02T10:00:00.001Z')).toEqual([]);
    expect(await ids(f, '?to=ops@example.com&text=JAD222605K8')).toEqual([KEY_SUBJECT]);
    expect(await ids(f, '?to=john.doe@example.com&subject=activation')).toEqual([]);
  });

  it('refuses an empty recipient and a bad date', async () => {
    const f = await mailbox();
    const empty = await mail(f, '?to=%20');
    expect(empty.status).toBe(400);
    expect(empty.body.error).toEqual({
      code: 'INVALID_FILTER',
      message: 'to: give an email address to filter by',
      details: { field: 'to' },
    });
    expect((await mail(f, '?since=yesterday')).body.error.code).toBe('VALIDATION_ERROR');
  });
});

describe('Reading one message: text, HTML, headers; raw RFC 822; attachments', () => {
  it('gives text, HTML and the headers of the raw message', async () => {
    const f = await mailbox();
    const [latest] = (await mail(f, '?text=JAD222605K9')).body.messages;
    const r = await t.call<Message>('GET', `/__admin/sandboxes/${f.sandbox}/mail/${latest?.id}`);
    expect(r.status).toBe(200);
    expect(r.body.text).toContain('Serial #: JAD222605K9');
    expect(r.body.html).toContain('JAD222605K9');
    const headers = Object.fromEntries(r.body.headers.map((h) => [h.name, h.value]));
    expect(headers).toMatchObject({
      From: 'do-not-reply@cisco.com',
      To: 'ops@example.com',
      Subject: KEY_SUBJECT,
      'Message-ID': latest?.messageId,
      Date: 'Mon, 02 Mar 2026 10:00:00 +0000',
      'MIME-Version': '1.0',
    });
    expect(r.body.headers[0]?.name).toBe('X-Transaction-ID');
    expect(r.body).toMatchObject({ folder: 'inbox', relay: null });
  });

  it('the raw message is built by nodemailer, the same bytes every time: fixed Message-ID, Date = sandbox clock', async () => {
    const f = await sandboxWithUsers(t);
    const id = mailWithAttachment(t, f.sandbox);
    const url = `/__admin/sandboxes/${f.sandbox}/mail/${id}/raw`;
    const first = await t.call('GET', url);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('message/rfc822');
    expect(first.headers['content-disposition']).toBe(`attachment; filename="${id}.eml"`);
    expect(first.text).toContain(`Message-ID: <${id}@license-portal-sim.invalid>\r\n`);
    expect(first.text).toContain('Date: Mon, 02 Mar 2026 09:00:00 +0000\r\n');
    expect(first.text).toContain('Subject: Cisco eDelivery Notification - Sales Order 800123456\r\n');
    expect(first.text).toContain('Content-Disposition: attachment; filename=license.zip');
    expect(first.text).toContain(Buffer.from(LICENSE_ZIP).toString('base64'));
    expect(first.text).not.toMatch(/[^\r]\n/);
    await advance(t, f.sandbox, '5h');
    expect((await t.call('GET', url)).text).toBe(first.text);
  });

  it('downloads an attachment by name, with its content type; an unknown name is 404', async () => {
    const f = await sandboxWithUsers(t);
    const id = mailWithAttachment(t, f.sandbox);
    const listed = await t.call<Message>('GET', `/__admin/sandboxes/${f.sandbox}/mail/${id}`);
    expect(listed.body.attachments).toEqual([
      { filename: 'license.zip', contentType: 'application/zip', size: 12 },
    ]);
    const r = await t.app.inject({
      method: 'GET',
      url: `/__admin/sandboxes/${f.sandbox}/mail/${id}/attachments/license.zip`,
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/zip');
    expect(r.headers['content-disposition']).toBe('attachment; filename="license.zip"');
    expect(new Uint8Array(r.rawPayload)).toEqual(LICENSE_ZIP);
    const missing = await t.call<ErrorBody>(
      'GET',
      `/__admin/sandboxes/${f.sandbox}/mail/${id}/attachments/key.txt`,
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({
      code: 'ATTACHMENT_NOT_FOUND',
      message: `Message ${id} has no attachment named key.txt`,
      details: { id, filename: 'key.txt' },
    });
  });

  it('an unknown message is 404 MAIL_NOT_FOUND for read, raw and delete', async () => {
    const f = await sandboxWithUsers(t);
    for (const [method, suffix] of [
      ['GET', ''],
      ['GET', '/raw'],
      ['DELETE', ''],
    ] as const) {
      const r = await t.call<ErrorBody>(
        method,
        `/__admin/sandboxes/${f.sandbox}/mail/nosuchmessage${suffix}`,
      );
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('MAIL_NOT_FOUND');
    }
  });
});

describe('Deleting mail: one, by search, all', () => {
  it('deletes one message; the others stay', async () => {
    const f = await mailbox();
    const [first] = (await mail(f)).body.messages;
    expect((await t.call('DELETE', `/__admin/sandboxes/${f.sandbox}/mail/${first?.id}`)).status).toBe(204);
    expect((await mail(f)).body.messages.map((m) => m.id)).not.toContain(first?.id);
    expect((await mail(f)).body.messages).toHaveLength(2);
  });

  it('deletes what a search matches, and answers how many', async () => {
    const f = await mailbox();
    const r = await t.call<{ deleted: number }>(
      'DELETE',
      `/__admin/sandboxes/${f.sandbox}/mail?subject=activation`,
    );
    expect(r.body).toEqual({ deleted: 2 });
    const left = await ids(f);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^Cisco eDelivery Notification - Sales Order \d{9}$/);
  });

  it('with no filter, empties every folder', async () => {
    const f = await mailbox();
    await t.call('PATCH', `/__admin/sandboxes/${f.sandbox}/settings`, { body: { mailLoss: 1 } });
    const withAttachment = mailWithAttachment(t, f.sandbox);
    const r = await t.call<{ deleted: number }>('DELETE', `/__admin/sandboxes/${f.sandbox}/mail`);
    expect(r.body).toEqual({ deleted: 4 });
    expect((await mail(f, '?folder=all')).body.messages).toEqual([]);
    expect(t.context.deps.dbs.get(f.sandbox)?.mail.attachmentContents(withAttachment)).toEqual([]);
  });
});

describe('Mail loss: "please check your Spam folder"', () => {
  it('with mailLoss 1 every message lands in the spam folder: not in the inbox, listed with folder=spam', async () => {
    const f = await sandboxWithUsers(t);
    await t.call('PATCH', `/__admin/sandboxes/${f.sandbox}/settings`, { body: { mailLoss: 1 } });
    await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-LIC=', users: 10 }] });
    expect((await mail(f)).body.messages).toEqual([]);
    const spam = (await mail(f, '?folder=spam')).body.messages;
    expect(spam.map((m) => m.folder)).toEqual(['spam']);
    expect((await mail(f, '?folder=all')).body.messages).toHaveLength(1);
    const one = await t.call<Message>('GET', `/__admin/sandboxes/${f.sandbox}/mail/${spam[0]?.id}`);
    expect(one.body.folder).toBe('spam');
  });

  it('a fraction of messages is drawn from the sandbox random source: the same seed files the same ones', async () => {
    const run = async () => {
      const app = await buildTestApp({ extra: { random: seededRandom(3) } });
      try {
        const f = await sandboxWithUsers(app, 'seeded');
        await app.call('PATCH', '/__admin/sandboxes/seeded/settings', { body: { mailLoss: 0.5 } });
        for (let i = 0; i < 16; i++)
          await app.call('POST', '/__admin/sandboxes/seeded/orders', {
            body: { ccoId: 'jdoe', lines: [{ sku: 'L-AC-VPNO-25=' }] },
          });
        const all = await app.call<List>('GET', `/__admin/sandboxes/${f.sandbox}/mail?folder=all`);
        return all.body.messages.map((m) => m.folder);
      } finally {
        await app.close();
      }
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first.filter((x) => x === 'spam').length).toBeGreaterThan(2);
    expect(first.filter((x) => x === 'inbox').length).toBeGreaterThan(2);
  });

  it('refuses a rate outside 0 to 1', async () => {
    const f = await sandboxWithUsers(t);
    const r = await t.call<ErrorBody>('PATCH', `/__admin/sandboxes/${f.sandbox}/settings`, {
      body: { mailLoss: 1.5 },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_ERROR');
  });
});

const registerDelayed = async (f: Fixture) => {
  await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-LIC=', users: 10, pak: 'WAITPAK0001' }] });
  await t.call('PATCH', `/__admin/sandboxes/${f.sandbox}/settings`, { body: { mailDelay: '30m' } });
  const r = await t.call('POST', '/api/v1/registrations', {
    token: f.jdoe,
    body: { paks: 'WAITPAK0001', devices: ['JAD222605K8'], agreeToTerms: true },
  });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
};

describe('Waiting for mail without sleeping: ?wait=', () => {
  it('answers at once when a matching message is already there', async () => {
    const f = await mailbox();
    const r = await mail(f, '?subject=activation&wait=10s');
    expect(r.status).toBe(200);
    expect(r.body.messages).toHaveLength(2);
  });

  it('a wait started before a clock advance resolves with the message the advance made due', async () => {
    const f = await sandboxWithUsers(t);
    await registerDelayed(f);
    let settled = false;
    const waiting = mail(f, '?to=john.doe@example.com&subject=activation%20key&wait=10s').finally(() => {
      settled = true;
    });
    await vi.waitFor(() => expect(t.context.deps.events.listenerCount(f.sandbox)).toBe(1));
    expect(settled).toBe(false);
    await advance(t, f.sandbox, '30m');
    const r = await waiting;
    expect(r.status).toBe(200);
    expect(r.body.messages.map((m) => [m.subject, m.date])).toEqual([
      [KEY_SUBJECT, '2026-03-02T09:30:00.000Z'],
    ]);
    expect(t.context.deps.events.listenerCount(f.sandbox)).toBe(0);
  });

  it('real time passing makes delayed mail due on a running clock, and that resolves a wait too', async () => {
    const created = await t.call('POST', '/__admin/sandboxes', {
      body: { id: 'running-clock', scenario: 'empty', startTime: '2026-03-02T09:00:00Z' },
    });
    expect(created.status).toBe(201);
    const user = await t.call<{ token: string }>('POST', '/__admin/sandboxes/running-clock/users', {
      body: { ccoId: 'jdoe', email: 'john.doe@example.com', name: 'John Doe' },
    });
    await t.call('PATCH', '/__admin/sandboxes/running-clock/settings', { body: { mailDelay: '50ms' } });
    await t.call('POST', '/__admin/sandboxes/running-clock/orders', {
      body: { ccoId: 'jdoe', activationDelay: '0', lines: [{ sku: 'L-AC-VPNO-25=', pak: 'RUNNINGPAK1' }] },
    });
    await t.call('POST', '/api/v1/registrations', {
      token: user.body.token,
      body: { paks: 'RUNNINGPAK1', devices: ['JAD222605K8'], agreeToTerms: true },
    });
    // The wall clock under the sandbox clock moves on by 50 ms.
    t.time.ms += 50;
    const r = await t.call<List>('GET', '/__admin/sandboxes/running-clock/mail?subject=activation&wait=10s');
    expect(r.status).toBe(200);
    expect(r.body.messages).toHaveLength(1);
  });

  it('times out with 408 MAIL_WAIT_TIMEOUT, naming the search, and changes nothing', async () => {
    const f = await sandboxWithUsers(t);
    await registerDelayed(f);
    const r = await mail(f, '?to=john.doe@example.com&subject=activation&wait=100ms');
    expect(r.status).toBe(408);
    expect(r.body.error).toEqual({
      code: 'MAIL_WAIT_TIMEOUT',
      message:
        'No message matching to=john.doe@example.com, subject=activation arrived in the inbox within 100ms',
      details: { wait: '100ms' },
    });
    expect(t.context.deps.events.listenerCount(f.sandbox)).toBe(0);
    expect((await mail(f, '?folder=all')).body.messages).toHaveLength(1);
  });

  it('does not busy-loop: it searches once at the start, again only for mail that may match, and once at the deadline', async () => {
    const f = await sandboxWithUsers(t);
    const searches = vi.spyOn(MailRepository.prototype, 'search');
    const waiting = mail(f, '?subject=activation&wait=1s');
    await vi.waitFor(() => expect(t.context.deps.events.listenerCount(f.sandbox)).toBe(1));
    expect(searches).toHaveBeenCalledTimes(1);
    // An eDelivery email lands (no match: read once, not searched again) and the clock moves (no mail).
    await order(t, f.sandbox, { lines: [{ sku: 'L-AC-VPNO-25=' }] });
    await advance(t, f.sandbox, '1h');
    expect((await waiting).status).toBe(408);
    expect(searches).toHaveBeenCalledTimes(2);
  });

  it('a message filed as spam does not end an inbox wait; a spam-folder wait finds it', async () => {
    const f = await sandboxWithUsers(t);
    await t.call('PATCH', `/__admin/sandboxes/${f.sandbox}/settings`, { body: { mailLoss: 1 } });
    await order(t, f.sandbox, { lines: [{ sku: 'L-AC-VPNO-25=' }] });
    expect((await mail(f, '?subject=eDelivery&wait=50ms')).status).toBe(408);
    expect((await mail(f, '?subject=eDelivery&folder=spam&wait=50ms')).body.messages).toHaveLength(1);
  });

  it('refuses a wait over 5 minutes', async () => {
    const f = await sandboxWithUsers(t);
    const r = await mail(f, '?wait=6m');
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({
      code: 'WAIT_TOO_LONG',
      message: 'wait: at most 5m',
      details: { field: 'wait' },
    });
  });
});
