import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyActivationKey } from '../../src/domain/activation-key.js';
import {
  advance,
  buildTestApp,
  order,
  sandboxWithUsers,
  type ErrorBody,
  type Fixture,
  type TestApp,
} from '../helpers/build.js';

type Status = {
  transactionId: string;
  status: string;
  message: string;
  sentTo: string[];
  licenses: Array<Record<string, unknown>>;
  deactivatedPaks: string[];
};
type Mail = {
  id: string;
  subject: string;
  to: string[];
  from: string;
  text: string;
  html: string;
  transactionId: string | null;
};

let t: TestApp;
let f: Fixture;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  f = await sandboxWithUsers(t);
  await order(t, f.sandbox, {
    lines: [
      { sku: 'L-AC-PLS-LIC=', users: 26, termMonths: 13, pak: 'PLS26AAAAAA' },
      { sku: 'L-AC-PLS-LIC=', users: 27, termMonths: 36, pak: 'PLS27AAAAAA' },
      { sku: 'L-AC-APX-LIC=', users: 102, pak: 'APX102AAAAA' },
      { sku: 'L-AC-PLS-P-G', pak: 'PERPETUAL01' },
      { sku: 'L-AC-PLS-LIC=', users: 10, pak: 'TENUSERS001' },
    ],
  });
});

const register = (body: Record<string, unknown>, token = f.jdoe) =>
  t.call<Status & ErrorBody>('POST', '/api/v1/registrations', {
    token,
    body: { agreeToTerms: true, ...body },
  });
const mailbox = async (query = '') =>
  (await t.call<{ messages: Mail[] }>('GET', `/__admin/sandboxes/${f.sandbox}/mail${query}`)).body.messages;
const readMail = async (id: string) =>
  (await t.call<Mail>('GET', `/__admin/sandboxes/${f.sandbox}/mail/${id}`)).body;
const pak = async (id: string) =>
  (
    await t.call<{ paks: Array<{ lines: Array<{ quantityAvailable: number; quantityAssigned: number }> }> }>(
      'GET',
      `/api/v1/paks?ids=${id}`,
      { token: f.jdoe },
    )
  ).body;
const history = async (token = f.jdoe) =>
  (
    await t.call<{ transactions: Array<{ id: string }>; total: number }>('GET', '/api/v1/transactions', {
      token,
    })
  ).body;

/** The whole visible state a failed request must leave untouched. */
async function snapshot() {
  return {
    paks: await pak('PLS26AAAAAA,APX102AAAAA,PERPETUAL01,TENUSERS001'),
    mail: await mailbox(),
    history: await history(),
    device: (await t.call('GET', '/api/v1/devices/JAD222605K8', { token: f.jdoe })).body,
  };
}

describe('Can you please walk me through the initial license registration process (L-AC-PLS-LIC=)', () => {
  it('returns the License Request Status and emails the activation key to every send-to address', async () => {
    const r = await register({
      paks: 'PLS26AAAAAA',
      devices: ['JAD222605K8'],
      sendTo: 'john.doe@example.com, netops@example.com',
    });
    expect(r.status).toBe(201);
    expect(r.body.message).toBe('The License has been sent to - john.doe@example.com, netops@example.com');
    expect(r.body.status).toBe('completed');
    expect(r.body.transactionId).toMatch(/^\d{10}$/);
    expect(r.body.licenses).toEqual([
      {
        serial: 'JAD222605K8',
        pak: 'PLS26AAAAAA',
        sku: 'L-AC-PLS-LIC=',
        smartAccount: 'Unassigned',
        quantity: 26,
        startDate: '2026-03-03',
        endDate: '2027-04-03',
      },
    ]);

    const [summary] = await mailbox('?subject=activation%20key');
    expect(summary).toMatchObject({
      subject: 'Your Cisco ASA 5500 Series Adaptive Security Appliance activation key',
      from: 'do-not-reply@cisco.com',
      to: ['john.doe@example.com', 'netops@example.com'],
      transactionId: r.body.transactionId,
    });
    const mail = await readMail(summary?.id as string);
    const device = (
      await t.call<{ activationKey: string }>('GET', '/api/v1/devices/JAD222605K8', { token: f.jdoe })
    ).body;
    expect(mail.text).toContain('PLEASE DO NOT DISCARD THIS EMAIL.');
    expect(mail.text).toContain('Serial #: JAD222605K8');
    expect(mail.text).toContain('Product Authorization Key : PLS26AAAAAA');
    expect(mail.text).toContain('License Start Date : 03/03/2026');
    expect(mail.text).toContain('License End Date : 04/03/2027');
    expect(mail.text).toContain('Platform = asa');
    expect(mail.text).toContain(`JAD222605K8: ${device.activationKey}`);
    expect(mail.html).toContain(`JAD222605K8: ${device.activationKey}`);
    expect(device.activationKey).toMatch(/^0x[0-9a-f]{8}( 0x[0-9a-f]{8}){4}$/);
  });

  it('assigns the whole banding user count at the first registration', async () => {
    await register({ paks: 'PLS26AAAAAA', devices: ['JAD222605K8'] });
    expect((await pak('PLS26AAAAAA')).paks[0]?.lines[0]).toMatchObject({
      quantityAvailable: 0,
      quantityAssigned: 26,
    });
    const again = await register({ paks: 'PLS26AAAAAA', devices: ['JAD222605K9'] });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'NOTHING_TO_ASSIGN',
      message: 'All quantity on PAK/s PLS26AAAAAA has already been assigned',
    });
  });

  it('registers to several ASAs up front with Add Device', async () => {
    const r = await register({ paks: 'PLS26AAAAAA', devices: ['JAD222605K8', 'JAD222605K9'] });
    expect(r.status).toBe(201);
    expect(r.body.licenses.map((l) => l.serial)).toEqual(['JAD222605K8', 'JAD222605K9']);
    expect(await mailbox('?subject=activation')).toHaveLength(2);
  });

  it('records the transaction in Transactions History', async () => {
    const r = await register({ paks: 'PLS26AAAAAA', devices: ['JAD222605K8'] });
    const list = await t.call<{ transactions: Array<Record<string, unknown>> }>(
      'GET',
      '/api/v1/transactions',
      { token: f.jdoe },
    );
    expect(list.body.transactions).toHaveLength(1);
    expect(list.body.transactions[0]).toMatchObject({
      id: r.body.transactionId,
      type: 'registration',
      status: 'completed',
      createdAt: '2026-03-02T09:00:00.000Z',
      paks: ['PLS26AAAAAA'],
      serials: ['JAD222605K8'],
      emailsSent: [
        {
          to: ['john.doe@example.com'],
          subject: 'Your Cisco ASA 5500 Series Adaptive Security Appliance activation key',
          status: 'delivered',
        },
      ],
    });
    const one = await t.call<Record<string, unknown>>('GET', `/api/v1/transactions/${r.body.transactionId}`, {
      token: f.jdoe,
    });
    expect(one.body).toMatchObject({
      sendTo: ['john.doe@example.com'],
      endUser: { name: 'John Doe', company: 'Example Corp', email: 'john.doe@example.com' },
      lines: [{ pak: 'PLS26AAAAAA', sku: 'L-AC-PLS-LIC=', quantity: 26 }],
    });
  });

  it('refuses without I Agree with the Terms of the License Agreement, changing nothing', async () => {
    const before = await snapshot();
    const r = await register({ paks: 'PLS26AAAAAA', devices: ['JAD222605K8'], agreeToTerms: false });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'TERMS_NOT_AGREED', details: { field: 'agreeToTerms' } });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a send-to list with no valid address, naming it', async () => {
    const bad = await register({
      paks: 'PLS26AAAAAA',
      devices: ['JAD222605K8'],
      sendTo: 'john.doe@example.com, not-an-address',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'SEND_TO_INVALID',
      message: 'sendTo: "not-an-address" is not a valid email address',
      details: { field: 'sendTo[1]' },
    });
    const empty = await register({ paks: 'PLS26AAAAAA', devices: ['JAD222605K8'], sendTo: ' , ' });
    expect(empty.body.error.code).toBe('SEND_TO_REQUIRED');
  });

  it('refuses a quantity over what is available, changing nothing', async () => {
    const before = await snapshot();
    const r = await register({
      paks: 'PLS26AAAAAA',
      devices: ['JAD222605K8'],
      lines: [{ sku: 'L-AC-PLS-LIC=', quantity: 27 }],
    });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toBe(
      'Quantity to Assign 27 for L-AC-PLS-LIC= on PAK PLS26AAAAAA exceeds the Quantity Available 26',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a PAK that is not active yet with the FAQ message', async () => {
    await order(t, f.sandbox, {
      activationDelay: '4h',
      lines: [{ sku: 'L-AC-PLS-LIC=', users: 5, pak: 'NOTYETACTIV' }],
    });
    const r = await register({ paks: 'NOTYETACTIV', devices: ['JAD222605K8'] });
    expect(r.status).toBe(404);
    expect(r.body.error.message).toBe('PAK/s or Token/s NOTYETACTIV is / are either Invalid or Inactive');
    await advance(t, f.sandbox, '4h');
    expect((await register({ paks: 'NOTYETACTIV', devices: ['JAD222605K8'] })).status).toBe(201);
  });
});

describe('Why am I receiving a Serial number cannot be blank error message', () => {
  it('a trailing space pasted after the serial number', async () => {
    const before = await snapshot();
    const r = await register({ paks: 'PLS26AAAAAA', devices: ['JAD222605K8 '] });
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({
      code: 'SERIAL_BLANK',
      message: 'Serial number cannot be blank',
      details: { field: 'devices[0]', row: 1, value: 'JAD222605K8 ' },
    });
    expect(await snapshot()).toEqual(before);
  });

  it('a leading space too', async () => {
    const r = await register({ paks: 'PLS26AAAAAA', devices: [' JAD222605K8'] });
    expect(r.body.error.message).toBe('Serial number cannot be blank');
  });

  it('Add Device clicked but no other serial number added: the empty row is named', async () => {
    const r = await register({ paks: 'PLS26AAAAAA', devices: ['JAD222605K8', ''] });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({
      code: 'SERIAL_BLANK',
      message: 'Serial number cannot be blank',
      details: { field: 'devices[1]', row: 2 },
    });
  });

  it('after Delete Device (the blank row removed) the same request succeeds', async () => {
    const r = await register({ paks: 'PLS26AAAAAA', devices: ['JAD222605K8'] });
    expect(r.status).toBe(201);
  });

  it('other malformed serials are SERIAL_INVALID', async () => {
    const r = await register({ paks: 'PLS26AAAAAA', devices: ['JAD-2226/05K8'] });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('SERIAL_INVALID');
    expect(r.body.error.details).toMatchObject({ field: 'devices[0]', row: 1 });
  });
});

describe('How do the new licenses work with the ASA: do NOT select to register all quantity', () => {
  const registerAll = {
    paks: 'PERPETUAL01',
    devices: ['JAD222605K8'],
    lines: [{ sku: 'L-AC-PLS-P-G', registerAll: true }],
  };

  it('the portal refuses to register all quantity of a multi-use PAK, with the FAQ warning', async () => {
    const before = await snapshot();
    const r = await register(registerAll);
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({
      code: 'REGISTER_ALL_QUANTITY',
      message:
        'IT IS IMPORTANT THAT YOU DO NOT SELECT TO REGISTER ALL QUANTITY ON THE LICENSE TOOL OR YOU WILL DEACTIVATE YOUR PRODUCT ACTIVATION KEY.',
      details: { pak: 'PERPETUAL01', sku: 'L-AC-PLS-P-G', quantityAvailable: 99999 },
    });
    expect(await snapshot()).toEqual(before);
  });

  it('typing the whole 99999 as Quantity to Assign is the same thing', async () => {
    const r = await register({
      paks: 'PERPETUAL01',
      devices: ['JAD222605K8'],
      lines: [{ sku: 'L-AC-PLS-P-G', quantity: 99999 }],
    });
    expect(r.body.error.code).toBe('REGISTER_ALL_QUANTITY');
  });

  it('with a pop-up blocker enabled the check is not enforced, and the PAK is deactivated', async () => {
    const s = await t.call('PATCH', `/__admin/sandboxes/${f.sandbox}/settings`, {
      body: { popupBlocker: true },
    });
    expect(s.body).toMatchObject({ popupBlocker: true });
    const r = await register(registerAll);
    expect(r.status).toBe(201);
    expect(r.body.deactivatedPaks).toEqual(['PERPETUAL01']);
    const after = await t.call<ErrorBody>('GET', '/api/v1/paks?ids=PERPETUAL01', { token: f.jdoe });
    expect(after.body.error.message).toBe('PAK/s or Token/s PERPETUAL01 is / are either Invalid or Inactive');
    const next = await register({ paks: 'PERPETUAL01', devices: ['JAD222605K9'] });
    expect(next.body.error.code).toBe('PAK_INVALID_OR_INACTIVE');
  });

  it('a multi-use PAK registers 1 per ASA, to as many ASAs as you own', async () => {
    for (const serial of ['JAD000000A1', 'JAD000000A2', 'JAD000000A3']) {
      expect((await register({ paks: 'PERPETUAL01', devices: [serial] })).status).toBe(201);
    }
    expect((await pak('PERPETUAL01')).paks[0]?.lines[0]).toMatchObject({
      quantityAssigned: 3,
      quantityAvailable: 99996,
    });
  });
});

describe('If you purchase a Plus and an Apex license, register each PAK to each ASA: the key does not change', () => {
  const keyOf = async (serial: string) =>
    (
      await t.call<{ activationKey: string; licenses: unknown[] }>('GET', `/api/v1/devices/${serial}`, {
        token: f.jdoe,
      })
    ).body;

  it('a second Plus PAK, then an Apex PAK, on the same ASA give the same key, and each purchase is recorded', async () => {
    await register({ paks: 'PLS26AAAAAA', devices: ['JAD222605K8'] });
    const first = await keyOf('JAD222605K8');
    await register({ paks: 'PLS27AAAAAA', devices: ['JAD222605K8'] });
    await register({ paks: 'APX102AAAAA', devices: ['JAD222605K8'] });
    const after = await keyOf('JAD222605K8');
    expect(after.activationKey).toBe(first.activationKey);
    expect(after.licenses).toHaveLength(3);
    const mails = await mailbox('?subject=activation');
    const keys = await Promise.all(
      mails.map(async (m) => /JAD222605K8: (.*)/.exec((await readMail(m.id)).text)?.[1]),
    );
    expect(new Set(keys)).toEqual(new Set([first.activationKey]));
  });

  it('keys are bound to the serial: another ASA gets another key', async () => {
    await register({ paks: 'PLS26AAAAAA', devices: ['JAD222605K8', 'JAD222605K9'] });
    const a = await keyOf('JAD222605K8');
    const b = await keyOf('JAD222605K9');
    expect(a.activationKey).not.toBe(b.activationKey);
  });

  it("the key verifies against the sandbox's secret and its own serial only", async () => {
    await register({ paks: 'PLS26AAAAAA', devices: ['JAD222605K8'] });
    const key = (await keyOf('JAD222605K8')).activationKey;
    const store = t.context.deps.dbs.get(f.sandbox);
    const secret = store?.settings.get<string>('secret') as string;
    expect(verifyActivationKey(secret, 'JAD222605K8', key)).toBe(true);
    expect(verifyActivationKey(secret, 'JAD222605K9', key)).toBe(false);
  });
});

describe('Smart Account and Virtual Account (step 1)', () => {
  it('a Virtual Account is Required with Smart Account; an unknown one is refused', async () => {
    const sa = await t.call('POST', `/__admin/sandboxes/${f.sandbox}/users`, {
      body: { ccoId: 'carol', email: 'carol@example.com', name: 'Carol' },
    });
    expect(sa.status).toBe(201);
    const noAccess = await register({
      paks: 'PLS26AAAAAA',
      devices: ['JAD222605K8'],
      smartAccount: 'Nope Inc',
    });
    expect(noAccess.status).toBe(404);
    expect(noAccess.body.error.code).toBe('SMART_ACCOUNT_UNKNOWN');
  });
});

describe('Your License Key will be emailed within the hour (mail delay)', () => {
  it('the transaction stays processing until the clock reaches the delivery time', async () => {
    await t.call('PATCH', `/__admin/sandboxes/${f.sandbox}/settings`, { body: { mailDelay: '30m' } });
    const r = await register({ paks: 'PLS26AAAAAA', devices: ['JAD222605K8'] });
    expect(r.body.status).toBe('processing');
    expect(await mailbox('?subject=activation')).toHaveLength(0);
    const clock = await t.call<{ nextDueAt: string }>('GET', `/__admin/sandboxes/${f.sandbox}/clock`);
    expect(clock.body.nextDueAt).toBe('2026-03-02T09:30:00.000Z');
    await advance(t, f.sandbox, '29m');
    expect(await mailbox('?subject=activation')).toHaveLength(0);
    await advance(t, f.sandbox, '1m');
    const mails = await mailbox('?subject=activation');
    expect(mails).toHaveLength(1);
    const tx = await t.call<{ status: string; completedAt: string }>(
      'GET',
      `/api/v1/transactions/${r.body.transactionId}`,
      { token: f.jdoe },
    );
    expect(tx.body).toMatchObject({ status: 'completed', completedAt: '2026-03-02T09:30:00.000Z' });
  });
});
