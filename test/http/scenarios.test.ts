import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type ErrorBody, type TestApp } from '../helpers/build.js';
import { TRAINING } from '../helpers/scenarios.js';

type Created = {
  id: string;
  name: string;
  scenario: string;
  clock: { now: string; frozen: boolean };
  settings: Record<string, unknown>;
  adminToken: string;
  users: Array<{ ccoId: string; token: string }>;
};
type Lookup = {
  paks: Array<{ pak: string; lines: Array<{ quantityAvailable: number; quantityAssigned: number }> }>;
};
type Mail = { messages: Array<{ subject: string; date: string; to: string[] }> };

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const ids = async () =>
  (await t.call<{ sandboxes: Array<{ id: string }> }>('GET', '/__admin/sandboxes')).body.sandboxes.map(
    (s) => s.id,
  );

async function createTraining(id: string, extra: Record<string, unknown> = {}) {
  const r = await t.call<Created>('POST', '/__admin/sandboxes', {
    body: { id, scenarioDocument: TRAINING, ...extra },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { ...r.body, jdoe: r.body.users.find((u) => u.ccoId === 'jdoe')?.token as string };
}

describe('A scenario document declares the world: users, Smart Accounts, orders and PAKs in every state', () => {
  it('creates the sandbox with its users (and their tokens) and its clock', async () => {
    const s = await createTraining('training-1');
    expect(s).toMatchObject({
      id: 'training-1',
      scenario: 'inline',
      clock: { now: '2026-03-02T09:00:00.000Z', frozen: true },
      settings: { activationDelay: '4h' },
    });
    expect(s.users.map((u) => u.ccoId)).toEqual(['jdoe', 'asmith']);
    expect(s.adminToken).toMatch(/^lpa_[0-9A-Za-z]{40}$/);
  });

  it('an active PAK, partly registered by a prior registration: 40 of 100 assigned', async () => {
    const s = await createTraining('training-2');
    const r = await t.call<Lookup>('GET', '/api/v1/paks?ids=ACTIVEPLS01,PERPETUAL01', { token: s.jdoe });
    expect(r.status).toBe(200);
    expect(
      r.body.paks.map((p) => [p.pak, p.lines[0]?.quantityAssigned, p.lines[0]?.quantityAvailable]),
    ).toEqual([
      ['ACTIVEPLS01', 40, 60],
      ['PERPETUAL01', 0, 99999],
    ]);
  });

  it('a PAK not yet active (shipped an hour ago, active after 4 hours) and a deactivated one', async () => {
    const s = await createTraining('training-3');
    const pending = await t.call<ErrorBody>('GET', '/api/v1/paks?ids=NOTACTIVE01', { token: s.jdoe });
    expect(pending.body.error.message).toBe(
      'PAK/s or Token/s NOTACTIVE01 is / are either Invalid or Inactive',
    );
    const gone = await t.call<ErrorBody>('GET', '/api/v1/paks?ids=DEACTIVATE1', { token: s.jdoe });
    expect(gone.body.error.message).toBe('PAK/s or Token/s DEACTIVATE1 is / are either Invalid or Inactive');
    await t.call('POST', '/__admin/sandboxes/training-3/clock', { body: { action: 'advance', by: '3h' } });
    expect((await t.call('GET', '/api/v1/paks?ids=NOTACTIVE01', { token: s.jdoe })).status).toBe(200);
    expect((await t.call('GET', '/api/v1/paks?ids=DEACTIVATE1', { token: s.jdoe })).status).toBe(404);
  });

  it('the prior registration went through the real wizard: transaction, device key and email, dated when it happened', async () => {
    const s = await createTraining('training-4');
    const tx = await t.call<{
      transactions: Array<{ status: string; createdAt: string; serials: string[] }>;
    }>('GET', '/api/v1/transactions', { token: s.jdoe });
    expect(tx.body.transactions).toMatchObject([
      { status: 'completed', createdAt: '2026-02-28T09:00:00.000Z', serials: ['JAD222605K8'] },
    ]);
    const device = await t.call<{ activationKey: string }>('GET', '/api/v1/devices/JAD222605K8', {
      token: s.jdoe,
    });
    expect(device.body.activationKey).toMatch(/^(0x[0-9a-f]{8} ){4}0x[0-9a-f]{8}$/);
    const mail = await t.call<Mail>('GET', '/__admin/sandboxes/training-4/mail');
    expect(mail.body.messages.map((m) => [m.date, m.subject.replace(/\d+/, 'N')])).toEqual([
      ['2026-03-02T08:00:00.000Z', 'Cisco eDelivery Notification - Sales Order N'],
      ['2026-02-28T09:00:00.000Z', expect.stringContaining('activation key')],
      ['2026-02-20T09:00:00.000Z', 'Cisco eDelivery Notification - Sales Order N'],
    ]);
  });

  it('the request overrides the document: start time, frozen, settings and name', async () => {
    const r = await t.call<Created>('POST', '/__admin/sandboxes', {
      body: {
        id: 'training-5',
        name: 'Trainee 5',
        scenarioDocument: TRAINING,
        startTime: '2026-04-01T00:00:00Z',
        frozen: false,
        settings: { popupBlocker: true },
      },
    });
    expect(r.body).toMatchObject({
      name: 'Trainee 5',
      clock: { now: '2026-04-01T00:00:00.000Z', frozen: false },
      settings: { popupBlocker: true, activationDelay: '4h' },
    });
  });

  it('reset rebuilds the world from the document', async () => {
    const s = await createTraining('training-6');
    const reg = await t.call('POST', '/api/v1/registrations', {
      token: s.jdoe,
      body: {
        paks: 'PERPETUAL01',
        devices: ['JAD222605K9'],
        lines: [{ sku: 'L-AC-PLS-P-G', quantity: 1 }],
        agreeToTerms: true,
      },
    });
    expect(reg.status).toBe(201);
    await t.call('POST', '/__admin/sandboxes/training-6/reset');
    const users = await t.call<{ users: Array<{ ccoId: string; token: string }> }>(
      'GET',
      '/__admin/sandboxes/training-6/users',
    );
    const token = users.body.users[0]?.token as string;
    const r = await t.call<Lookup>('GET', '/api/v1/paks?ids=PERPETUAL01,ACTIVEPLS01', { token });
    expect(r.body.paks.map((p) => p.lines[0]?.quantityAssigned)).toEqual([0, 40]);
  });

  it('a named scenario is demo, empty, or one loaded from SCENARIOS_DIR', async () => {
    const r = await t.call<ErrorBody>('POST', '/__admin/sandboxes', { body: { scenario: 'nope' } });
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({
      code: 'UNKNOWN_SCENARIO',
      message: 'scenario: no scenario named nope; known: demo, empty',
      details: { field: 'scenario' },
    });
    const both = await t.call<ErrorBody>('POST', '/__admin/sandboxes', {
      body: { scenario: 'demo', scenarioDocument: {} },
    });
    expect(both.body.error).toMatchObject({
      code: 'SCENARIO_CONFLICT',
      message: 'scenarioDocument: give either scenario or scenarioDocument, not both',
    });
  });
});

describe('A bad scenario names the path inside it and the problem, and leaves nothing behind', () => {
  const broken = (change: (doc: typeof TRAINING) => void) => {
    const doc = structuredClone(TRAINING);
    change(doc);
    return doc;
  };

  it.each([
    [
      'an unknown SKU',
      (d: typeof TRAINING) => {
        (d.orders[1]!.lines[0] as { sku: string }).sku = 'L-AC-FOO';
      },
      'UNKNOWN_SKU',
      'scenarioDocument.orders[1].lines[0].sku: L-AC-FOO is not an AnyConnect part in the catalog',
    ],
    [
      'a blank serial in a prior registration',
      (d: typeof TRAINING) => {
        d.registrations[0]!.devices = [''];
      },
      'SERIAL_BLANK',
      'scenarioDocument.registrations[0].devices[0]: Serial number cannot be blank',
    ],
    [
      'an order shipped after the clock start',
      (d: typeof TRAINING) => {
        d.orders[0]!.shippedAt = '2026-03-03T00:00:00Z';
      },
      'AFTER_CLOCK_START',
      'scenarioDocument.orders[0].shippedAt: 2026-03-03T00:00:00.000Z is after the clock start 2026-03-02T09:00:00.000Z; a scenario declares what happened before it',
    ],
    [
      'a user given an undeclared Smart Account',
      (d: typeof TRAINING) => {
        d.users[1]!.smartAccounts = ['Globex'];
      },
      'SMART_ACCOUNT_UNKNOWN',
      'scenarioDocument.users[1].smartAccounts[0]: no Smart Account named Globex',
    ],
    [
      'a registration by an unknown user',
      (d: typeof TRAINING) => {
        d.registrations[0]!.ccoId = 'nobody';
      },
      'USER_NOT_FOUND',
      'scenarioDocument.registrations[0].ccoId: no user nobody in the scenario',
    ],
    [
      'a Smart Account declared twice',
      (d: typeof TRAINING) => {
        d.smartAccounts.push({ name: 'Acme', domain: 'other.example', virtualAccounts: ['Default'] });
      },
      'SMART_ACCOUNT_EXISTS',
      'scenarioDocument.smartAccounts[1].name: Smart Account Acme is declared twice',
    ],
    [
      'a bad activation delay in the settings',
      (d: typeof TRAINING) => {
        d.settings.activationDelay = '25h';
      },
      'INVALID_ACTIVATION_DELAY',
      expect.stringMatching(/^scenarioDocument\.settings\.activationDelay/),
    ],
  ])('%s', async (_label, change, cause, message) => {
    const before = await ids();
    const r = await t.call<ErrorBody>('POST', '/__admin/sandboxes', {
      body: { id: 'bad-one', scenarioDocument: broken(change) },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('SCENARIO_INVALID');
    expect(r.body.error.message).toEqual(message);
    expect(r.body.error.details?.problems).toEqual([expect.objectContaining({ code: cause })]);
    expect(await ids()).toEqual(before);
    expect((await t.call('GET', '/__admin/sandboxes/bad-one')).status).toBe(404);
  });

  it('a field the schema does not know is refused before anything is built', async () => {
    const before = await ids();
    const r = await t.call<ErrorBody>('POST', '/__admin/sandboxes', {
      body: { scenarioDocument: { ...TRAINING, devices: [{ serial: 'JAD222605K8' }] } },
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      message: 'scenarioDocument.devices: is not a known field',
    });
    expect(await ids()).toEqual(before);
  });
});
