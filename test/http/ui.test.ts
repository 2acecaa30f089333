/**
 * The web portal without a browser: pages render, forms go through the same services as the API,
 * refusals appear next to their field with the FAQ's words, forged posts are refused, and a user
 * sees only their own mail and transactions.
 */
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REGISTER_ALL_QUANTITY_WARNING } from '../../src/domain/ledger.js';
import { TERMS_NOT_AGREED_MESSAGE } from '../../src/services/registrations.js';
import {
  advance,
  buildTestApp,
  order,
  sandboxWithUsers,
  type Fixture,
  type TestApp,
} from '../helpers/build.js';
import { UiClient } from '../helpers/ui-client.js';

let t: TestApp;
let f: Fixture;
let jdoe: UiClient;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  f = await sandboxWithUsers(t);
  await order(t, f.sandbox, {
    lines: [
      { sku: 'L-AC-PLS-LIC=', users: 26, termMonths: 13, pak: 'PLS26AAAAAA' },
      { sku: 'L-AC-PLS-P-G', pak: 'PERPETUAL01' },
    ],
  });
  await order(t, f.sandbox, {
    activationDelay: '4h',
    lines: [{ sku: 'L-AC-PLS-LIC=', users: 50, pak: 'PENDING0050' }],
  });
  jdoe = new UiClient(t);
  await jdoe.signInWithToken(f.jdoe);
});

/** Everything a failed form post must leave as it was. */
async function snapshot() {
  const api = (url: string) => t.call('GET', url, { token: f.jdoe }).then((r) => r.body);
  return {
    paks: await api('/api/v1/paks?ids=PLS26AAAAAA,PERPETUAL01'),
    transactions: await api('/api/v1/transactions'),
    mail: (await t.call('GET', `/__admin/sandboxes/${f.sandbox}/mail`)).body,
  };
}

/** Home → Fulfill → step 1 of the wizard. */
async function fulfill(client: UiClient, paks: string) {
  await client.get('/portal/');
  return client.submit('#gnl-form', { paks });
}

const next = (value: string) => ({ name: 'op', value });

/** Fulfill, then steps 1 → 2 → 3 with one device. */
async function toStep3(serial: string, paks = 'PLS26AAAAAA') {
  await fulfill(jdoe, paks);
  await jdoe.submit('#wizard', {}, next('step-2'));
  return jdoe.submit('#wizard', { devices: serial }, next('step-3'));
}

describe('Signing in and out', () => {
  it('sends a visitor to the sign-in page, which lists the sandbox users but none of their tokens', async () => {
    const visitor = new UiClient(t);
    const home = await visitor.get('/portal/');
    expect(home.status).toBe(303);
    expect(home.location).toBe('/portal/sign-in');
    const signIn = await visitor.get(`/portal/sign-in?sandbox=${f.sandbox}`);
    expect(signIn.status).toBe(200);
    expect(
      signIn.doc.querySelectorAll('#choose-user-form input[name=ccoId]').map((i) => i.getAttribute('value')),
    ).toEqual(['jdoe', 'asmith']);
    expect(signIn.body).not.toContain(f.jdoe);
    expect((await visitor.get('/')).location).toBe('/portal/');
  });

  it('signs in by choosing a sandbox and a user, and out again', async () => {
    const visitor = new UiClient(t);
    await visitor.get(`/portal/sign-in?sandbox=${f.sandbox}`);
    const signedIn = await visitor.submit('#choose-user-form', { ccoId: 'asmith' });
    expect(signedIn.status).toBe(303);
    const home = await visitor.follow(signedIn);
    expect(home.text('.who-user')).toBe('Alice Smith (asmith)');
    expect(home.text('.who-clock')).toBe(`Sandbox ${f.sandbox} · 2026-03-02 09:00 UTC · clock frozen`);
    const out = await visitor.submit('#sign-out-form');
    expect(out.location).toBe('/portal/sign-in');
    expect((await visitor.get('/portal/')).location).toBe('/portal/sign-in');
  });

  it('refuses a token that belongs to no user, next to the token field', async () => {
    const visitor = new UiClient(t);
    await visitor.get('/portal/sign-in');
    const page = await visitor.submit('#token-form', { token: 'lps_not-a-token' });
    expect(page.status).toBe(401);
    expect(page.text('#token-error')).toBe('This token does not belong to any sandbox user');
    expect(page.doc.querySelector('#token')?.getAttribute('value')).toBe('lps_not-a-token');
    expect(visitor.cookies.has('lps_session')).toBe(false);
  });

  it('a tampered session cookie signs nobody in', async () => {
    const forged = new UiClient(t);
    forged.cookies.set('lps_session', `${f.jdoe}.bm90LWEtc2lnbmF0dXJl`);
    expect((await forged.get('/portal/')).location).toBe('/portal/sign-in');
  });
});

describe('With an ADMIN_TOKEN, choosing a user and the trainer panel need the token', () => {
  const ADMIN = 'a-very-secret-admin-token';
  let guarded: TestApp;
  beforeAll(async () => {
    guarded = await buildTestApp({ adminToken: ADMIN, seed: 'demo' });
  });
  afterAll(() => guarded.close());

  it('offers only the token form, refuses a chosen user, and unlocks with the ADMIN_TOKEN', async () => {
    const visitor = new UiClient(guarded);
    const signIn = await visitor.get('/portal/sign-in');
    expect(signIn.doc.querySelector('#choose-user-form')).toBeNull();
    expect(signIn.body).not.toContain('john.doe@example.com');
    const chosen = await visitor.postRaw('/portal/sign-in', {
      _csrf: visitor.formValues('#token-form')._csrf as string[],
      sandbox: 'default',
      ccoId: 'jdoe',
    });
    expect(chosen.status).toBe(400);
    expect(chosen.text('#token-error')).toBe('Paste the portal token your trainer gave you');

    const panel = await visitor.get('/portal/trainer');
    expect(panel.doc.querySelector('#trainer-sign-in-form')).not.toBeNull();
    expect((await visitor.get('/portal/trainer/sandboxes/default')).location).toBe('/portal/trainer');
    const wrong = await visitor.submit('#trainer-sign-in-form', { adminToken: 'guess' });
    expect(wrong.status).toBe(401);
    expect(wrong.text('#adminToken-error')).toBe('This is not the ADMIN_TOKEN the server was started with');
    await visitor.submit('#trainer-sign-in-form', { adminToken: ADMIN });
    const unlocked = await visitor.get('/portal/trainer/sandboxes/default');
    expect(unlocked.status).toBe(200);
    expect(unlocked.text('h1')).toBe('Sandbox default Default sandbox');
    const choose = await visitor.get('/portal/sign-in');
    expect(choose.doc.querySelector('#choose-user-form')).not.toBeNull();
  });
});

describe('Home: Get New Licenses and the Get Other Licenses menu', () => {
  it('shows the box, and the menu with the FAQ entries in order', async () => {
    const home = await jdoe.get('/portal/');
    expect(home.text('label[for=paks]')).toBe('Enter 1 to 10 PAKs or token IDs, separated by commas');
    expect(home.text('#gnl-form button')).toBe('Fulfill');
    expect(home.doc.querySelectorAll('.dropdown-menu a').map((a) => a.text)).toEqual([
      'Demo and Evaluation...',
      'TelePresence Software Release Key...',
      'TelePresence License to Resend...',
      'IPS, Crypto, Other...',
      'Share License Process...',
      'Main to Backup...',
      'Register ROSA HA as Pair...',
      'Migration...',
    ]);
  });

  it('a menu entry the simulator does not model opens a page that says so', async () => {
    const page = await jdoe.get('/portal/not-modelled/rosa-ha-pair');
    expect(page.status).toBe(200);
    expect(page.text('main p')).toBe('Register ROSA HA as Pair is not simulated here.');
    expect((await jdoe.get('/portal/not-modelled/nothing')).status).toBe(404);
  });

  it('a PAK not active yet: the FAQ message under the box, the text kept', async () => {
    const before = await snapshot();
    const page = await fulfill(jdoe, ' PENDING0050 ');
    expect(page.status).toBe(404);
    expect(page.text('#paks-error')).toBe('PAK/s or Token/s PENDING0050 is / are either Invalid or Inactive');
    expect(page.doc.querySelector('#paks')?.getAttribute('value')).toBe(' PENDING0050 ');
    expect(page.doc.querySelector('#paks')?.getAttribute('aria-invalid')).toBe('true');
    expect(await snapshot()).toEqual(before);
  });

  it("eleven PAKs are refused with the box's own words", async () => {
    const page = await fulfill(jdoe, Array.from({ length: 11 }, (_, i) => `PAK${i}`).join(','));
    expect(page.text('#paks-error')).toBe(
      'Enter 1 to 10 PAKs or token IDs, separated by commas: 11 were entered',
    );
  });
});

describe('Get New Licenses from a Single PAK/Token, in three steps', () => {
  it('step 1 shows the product family and the SKU table with the quantity to assign', async () => {
    const page = await fulfill(jdoe, 'PLS26AAAAAA');
    expect(page.status).toBe(200);
    expect(page.text('.steps .current')).toBe('1. Assign Smart Account and SKUs');
    expect(page.text('.family')).toBe('Product Family: ASA AnyConnect Term and Content');
    const cells = page.doc
      .querySelectorAll('table.data tbody td')
      .map((td) => td.text.trim().replace(/\s+/g, ' '));
    expect(cells[0]).toContain('PAK: PLS26AAAAAA L-AC-PLS-LIC=');
    expect(cells.slice(1, 3)).toEqual(['Unassigned', '26']);
    expect(page.doc.querySelector('#qty-0')?.getAttribute('value')).toBe('26');
    expect(cells.slice(4)).toEqual(['03-Mar-2026', '03-Apr-2027']);
  });

  it('registers through the three steps: License Request Status, the key by email, the transaction', async () => {
    const step3 = await toStep3('JAD222605K8');
    expect(step3.text('.steps .current')).toBe('3. Finish');
    expect(step3.doc.querySelector('#sendTo')?.getAttribute('value')).toBe('john.doe@example.com');
    const posted = await jdoe.submit('#wizard', { agreeToTerms: 'on' }, next('submit'));
    expect(posted.status).toBe(303);
    expect(posted.location).toMatch(/^\/portal\/licenses\/status\/[A-Z0-9]{24}$/);
    const status = await jdoe.follow(posted);
    expect(status.status).toBe(200);
    expect(status.text('h1')).toBe('License Request Status');
    expect(status.text('.alert-success')).toBe('✔ The License has been sent to - john.doe@example.com');
    const transactionId = status.text('.transaction-id strong');

    const api = await t.call<{ transactions: Array<{ id: string; type: string }> }>(
      'GET',
      '/api/v1/transactions',
      {
        token: f.jdoe,
      },
    );
    expect(api.body.transactions.map((x) => [x.id, x.type])).toEqual([[transactionId, 'registration']]);
    const history = await jdoe.get('/portal/transactions');
    expect(history.text('table.data tbody tr')).toContain(`${transactionId} License registration completed`);

    const device = await jdoe.get('/portal/devices/JAD222605K8');
    const key = device.text('#activation-key');
    const apiDevice = await t.call<{ activationKey: string }>('GET', '/api/v1/devices/JAD222605K8', {
      token: f.jdoe,
    });
    expect(key).toBe(apiDevice.body.activationKey);
  });

  it('a trailing space: "Serial number cannot be blank" next to the row, the value kept, nothing changed', async () => {
    const before = await snapshot();
    const page = await toStep3('JAD222605K8 ');
    expect(page.status).toBe(400);
    expect(page.text('.steps .current')).toBe('2. Assign to Devices');
    expect(page.text('#device-0-error')).toBe('Serial number cannot be blank');
    expect(page.doc.querySelector('#device-0')?.getAttribute('value')).toBe('JAD222605K8 ');
    expect(await snapshot()).toEqual(before);
  });

  it('Add Device without a serial is blank on that row; Delete Device removes the row', async () => {
    await fulfill(jdoe, 'PLS26AAAAAA');
    await jdoe.submit('#wizard', {}, next('step-2'));
    const two = await jdoe.submit('#wizard', { devices: 'JAD222605K8' }, next('add-device'));
    expect(two.doc.querySelectorAll('input[name=devices]')).toHaveLength(2);
    const refused = await jdoe.submit('#wizard', {}, next('step-3'));
    expect(refused.text('#device-1-error')).toBe('Serial number cannot be blank');
    expect(refused.doc.querySelector('#device-0-error')).toBeNull();
    const one = await jdoe.submit('#wizard', {}, next('delete-device-1'));
    expect(one.doc.querySelectorAll('input[name=devices]').map((i) => i.getAttribute('value'))).toEqual([
      'JAD222605K8',
    ]);
    expect((await jdoe.submit('#wizard', {}, next('step-3'))).text('.steps .current')).toBe('3. Finish');
  });

  it('Submit sent twice (a double click, a resent form) is one registration, one status page', async () => {
    await toStep3('JAD222605K8');
    const values = { ...jdoe.formValues('#wizard'), op: 'submit', agreeToTerms: 'on' };
    const before = (await snapshot()).transactions as { total: number };
    const first = await jdoe.postRaw('/portal/licenses/new', values);
    const second = await jdoe.postRaw('/portal/licenses/new', values);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.location).toBe(first.location);
    const after = (await snapshot()).transactions as { total: number };
    expect(after.total).toBe(before.total + 1);
    const again = await jdoe.get(first.location as string);
    expect(again.text('h1')).toBe('License Request Status');
    expect((await snapshot()).transactions).toEqual(after);
  });

  it('Manage > Transactions History finds a transaction by its ID, on the page and in the API', async () => {
    await toStep3('JAD222605K8');
    const status = await jdoe.follow(await jdoe.submit('#wizard', { agreeToTerms: 'on' }, next('submit')));
    const id = status.text('.transaction-id strong');
    const page = await jdoe.get(`/portal/transactions?id=${id}`);
    expect(page.doc.querySelectorAll('table.data tbody tr')).toHaveLength(1);
    const api = await t.call<{ total: number; transactions: Array<{ id: string }> }>(
      'GET',
      `/api/v1/transactions?id=${id}`,
      { token: f.jdoe },
    );
    expect(api.body.transactions.map((x) => x.id)).toEqual([id]);
    const none = await t.call<{ total: number }>('GET', '/api/v1/transactions?id=0000000000', {
      token: f.jdoe,
    });
    expect(none.body.total).toBe(0);
  });

  it('not agreeing to the terms is refused next to the box on step 3, every value kept', async () => {
    const before = await snapshot();
    await toStep3('JAD222605K8');
    const page = await jdoe.submit(
      '#wizard',
      { sendTo: 'ops@example.com, john.doe@example.com' },
      next('submit'),
    );
    expect(page.status).toBe(400);
    expect(page.text('#agreeToTerms-error')).toBe(TERMS_NOT_AGREED_MESSAGE);
    expect(page.doc.querySelector('#sendTo')?.getAttribute('value')).toBe(
      'ops@example.com, john.doe@example.com',
    );
    expect(jdoe.formValues('#wizard').devices).toEqual(['JAD222605K8']);
    expect(await snapshot()).toEqual(before);
  });

  it('a quantity refused at submit takes the user back to step 1, next to that SKU line', async () => {
    const before = await snapshot();
    await fulfill(jdoe, 'PLS26AAAAAA');
    await jdoe.submit('#wizard', { 'qty-0': '27' }, next('step-2'));
    await jdoe.submit('#wizard', { devices: 'JAD222605K8' }, next('step-3'));
    const page = await jdoe.submit('#wizard', { agreeToTerms: 'on' }, next('submit'));
    expect(page.status).toBe(409);
    expect(page.text('.steps .current')).toBe('1. Assign Smart Account and SKUs');
    expect(page.text('#qty-0-error')).toBe(
      'Quantity to Assign 27 for L-AC-PLS-LIC= on PAK PLS26AAAAAA exceeds the Quantity Available 26',
    );
    expect(page.doc.querySelector('#qty-0')?.getAttribute('value')).toBe('27');
    expect(await snapshot()).toEqual(before);
  });

  it('register all quantity is refused with the FAQ warning unless the sandbox plays the pop-up blocker', async () => {
    await fulfill(jdoe, 'PERPETUAL01');
    const box = jdoe.page?.doc.querySelector('input[name=all-0]');
    expect(box?.getAttribute('data-warning')).toBe(REGISTER_ALL_QUANTITY_WARNING);
    expect(jdoe.page?.doc.querySelector('body')?.getAttribute('data-popup-blocker')).toBe('false');
    await jdoe.submit('#wizard', { 'all-0': 'on' }, next('step-2'));
    await jdoe.submit('#wizard', { devices: 'JAD222605K8' }, next('step-3'));
    const refused = await jdoe.submit('#wizard', { agreeToTerms: 'on' }, next('submit'));
    expect(refused.status).toBe(422);
    expect(refused.text('#qty-0-error')).toBe(REGISTER_ALL_QUANTITY_WARNING);

    await t.call('PATCH', `/__admin/sandboxes/${f.sandbox}/settings`, { body: { popupBlocker: true } });
    await fulfill(jdoe, 'PERPETUAL01');
    expect(jdoe.page?.doc.querySelector('body')?.getAttribute('data-popup-blocker')).toBe('true');
    await jdoe.submit('#wizard', { 'all-0': 'on' }, next('step-2'));
    await jdoe.submit('#wizard', { devices: 'JAD222605K8' }, next('step-3'));
    const through = await jdoe.follow(await jdoe.submit('#wizard', { agreeToTerms: 'on' }, next('submit')));
    expect(through.status).toBe(200);
    expect(through.text('.alert-warning')).toBe(
      'PAK PERPETUAL01 is now deactivated: all of its quantity was registered.',
    );
  });
});

describe('Forms carry CSRF protection', () => {
  it('a post without the form token is refused and changes nothing', async () => {
    const before = await snapshot();
    const page = await jdoe.postRaw('/portal/licenses/new', {
      paks: 'PLS26AAAAAA',
      'qty-0': '26',
      devices: 'JAD222605K8',
      agreeToTerms: 'on',
      op: 'submit',
    });
    expect(page.status).toBe(403);
    expect(page.text('h1')).toBe('This form has expired');
    expect(await snapshot()).toEqual(before);
  });

  it("a token from another browser's page does not pass with this browser's cookies", async () => {
    const other = new UiClient(t);
    await other.signInWithToken(f.asmith);
    await other.get('/portal/demo');
    const foreignToken = other.formValues('#demo-form')._csrf as string[];
    const before = await snapshot();
    const page = await jdoe.postRaw('/portal/demo', {
      _csrf: foreignToken,
      serial: 'JAD222605K8',
      sendTo: 'john.doe@example.com',
      agreeToTerms: 'on',
    });
    expect(page.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('the JSON API is unchanged: it still refuses form posts', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/registrations',
      headers: { authorization: `Bearer ${f.jdoe}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'paks=PLS26AAAAAA',
    });
    expect(res.statusCode).toBe(415);
  });

  it('pages are not in the OpenAPI document', async () => {
    const doc = await t.call<{ paths: Record<string, unknown> }>('GET', '/openapi.json');
    expect(Object.keys(doc.body.paths).filter((p) => p === '/' || p.startsWith('/portal'))).toEqual([]);
  });
});

describe('Share License Process: Get Activation Codes and Use Activation Codes', () => {
  async function register(serial: string) {
    await toStep3(serial);
    return jdoe.follow(await jdoe.submit('#wizard', { agreeToTerms: 'on' }, next('submit')));
  }

  it('the same serial twice is refused next to the target', async () => {
    await register('JAD222605K8');
    await jdoe.get('/portal/share/activation-codes');
    const page = await jdoe.submit('#code-form', {
      sourceSerial: 'JAD222605K8',
      targetSerial: 'jad222605k8',
    });
    expect(page.status).toBe(400);
    expect(page.text('#targetSerial-error')).toBe(
      'the Target ASA Serial Number must differ from the Source ASA Serial Number',
    );
  });

  it('shares to a second ASA in three steps; after shareDelay the ZIP downloads from the inbox', async () => {
    await register('JAD222605K8');
    await jdoe.get('/portal/share/activation-codes');
    const confirmation = await jdoe.follow(
      await jdoe.submit('#code-form', { sourceSerial: 'JAD222605K8', targetSerial: 'JAD222605K9' }),
    );
    expect(confirmation.text('.alert-success')).toBe(
      '✔ The request for an activation code has been successfully submitted. Email confirmation will be sent to these email addresses - john.doe@example.com',
    );
    const inbox = await jdoe.get('/portal/inbox');
    const codeMail = inbox.doc
      .querySelectorAll('table.inbox a')
      .find((a) => a.text === 'Device Registration');
    const mail = await jdoe.get(codeMail?.getAttribute('href') as string);
    const code = /Activation Code : ([A-Z0-9]{10})/.exec(mail.text('pre.mail-body'))?.[1] as string;

    await jdoe.get('/portal/share/use');
    const wrong = await jdoe.submit('#share-use-form', { activationCode: 'NOSUCHCODE' }, next('step-2'));
    expect(wrong.text('#activationCode-error')).toBe('The activation code NOSUCHCODE is not valid for jdoe');
    const step2 = await jdoe.submit(
      '#share-use-form',
      { activationCode: code.toLowerCase() },
      next('step-2'),
    );
    expect(step2.text('.steps .current')).toBe('2. Select SKU Options');
    expect(step2.doc.querySelectorAll('.facts dd').map((d) => d.text)).toEqual([
      code,
      'JAD222605K8',
      'JAD222605K9',
    ]);
    const step3 = await jdoe.submit('#share-use-form', {}, next('step-3'));
    expect(step3.doc.querySelectorAll('table.data tbody tr')).toHaveLength(1);
    const status = await jdoe.follow(
      await jdoe.submit('#share-use-form', { agreeToTerms: 'on' }, next('submit')),
    );
    expect(status.text('.alert-info')).toBe('Transaction is continuing to be processed');
    const shareId = status.text('.transaction-id strong');

    await advance(t, f.sandbox, '15m');
    const list = await jdoe.get('/portal/inbox');
    const keysMail = list.doc
      .querySelectorAll('table.inbox a')
      .find((a) => a.text === 'Your Cisco Product license keys :');
    const message = await jdoe.get(keysMail?.getAttribute('href') as string);
    const link = message.doc.querySelector('.attachments a')?.getAttribute('href') as string;
    const zip = await jdoe.get(link);
    expect(zip.status).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    expect(zip.headers['content-disposition']).toBe(`attachment; filename="ASAACTNCFEAT_${shareId}.zip"`);
    expect(Object.keys(unzipSync(new Uint8Array(zip.raw)))).toEqual([`ASAACTNCFEAT#${shareId}.lic`]);
  });
});

describe('Each user sees only their own mail, transactions and devices', () => {
  it("asmith finds none of jdoe's", async () => {
    await toStep3('JAD222605K8');
    const status = await jdoe.follow(await jdoe.submit('#wizard', { agreeToTerms: 'on' }, next('submit')));
    const transactionId = status.text('.transaction-id strong');
    const jdoeInbox = await jdoe.get('/portal/inbox');
    const mailLinks = jdoeInbox.doc
      .querySelectorAll('table.inbox a')
      .map((a) => a.getAttribute('href') as string);
    expect(mailLinks.length).toBeGreaterThan(0);

    const asmith = new UiClient(t);
    await asmith.signInWithToken(f.asmith);
    const inbox = await asmith.get('/portal/inbox');
    expect(inbox.doc.querySelectorAll('table.inbox a')).toHaveLength(0);
    for (const link of mailLinks) expect((await asmith.get(link)).status).toBe(404);
    expect((await asmith.get(`/portal/transactions/${transactionId}`)).status).toBe(404);
    expect((await asmith.get('/portal/transactions')).text('.card-intro')).toBe(
      "0 transactions, newest first. Times are the sandbox clock's.",
    );
    expect((await asmith.get('/portal/devices/JAD222605K8')).status).toBe(404);
    expect((await asmith.get('/portal/devices')).text('table.data tbody')).toBe('No devices yet.');
  });
});

describe('The inbox holds the mail addressed to the signed-in user', () => {
  it('a key sent only to a colleague is listed on the transaction but not in the inbox', async () => {
    await toStep3('JAD222605K8');
    const status = await jdoe.follow(
      await jdoe.submit('#wizard', { sendTo: 'ops@example.com', agreeToTerms: 'on' }, next('submit')),
    );
    expect(status.text('.alert-success')).toBe('✔ The License has been sent to - ops@example.com');
    const detail = await jdoe.get(`/portal/transactions/${status.text('.transaction-id strong')}`);
    const sent = detail.doc.querySelector('#tx-mail + ul li');
    expect(sent?.text).toContain('Your Cisco ASA 5500 Series Adaptive Security Appliance activation key');
    expect(sent?.text).toContain('to ops@example.com');
    expect(sent?.querySelector('a')).toBeNull();
    const inbox = await jdoe.get('/portal/inbox');
    const subjects = inbox.doc.querySelectorAll('table.inbox a').map((a) => a.text);
    expect(subjects).toHaveLength(2);
    for (const subject of subjects)
      expect(subject).toMatch(/^Cisco eDelivery Notification - Sales Order \d{9}$/);
  });
});

describe('Demo and Evaluation: AnyConnect Plus/Apex (ASA) Demo License', () => {
  it('refuses a blank serial next to the field, then sends the time-based key', async () => {
    const form = await jdoe.get('/portal/demo');
    expect(form.text('h1')).toBe('AnyConnect Plus/Apex (ASA) Demo License');
    const blank = await jdoe.submit('#demo-form', { serial: '', agreeToTerms: 'on' });
    expect(blank.text('#serial-error')).toBe('Serial number cannot be blank');
    const done = await jdoe.follow(await jdoe.submit('#demo-form', { serial: 'JAD222605K8' }));
    expect(done.text('.alert-success')).toBe('✔ The License has been sent to - john.doe@example.com');
    expect(done.doc.querySelectorAll('.facts dd')[2]?.text).toBe('02-Mar-2026 to 30-Mar-2026');
  });
});

describe('Trainer panel', () => {
  it('advancing the clock activates a waiting PAK', async () => {
    expect((await fulfill(jdoe, 'PENDING0050')).status).toBe(404);
    await jdoe.get(`/portal/trainer/sandboxes/${f.sandbox}`);
    const moved = await jdoe.submit('#clock-form', { by: '4h' });
    expect(moved.location).toBe(`/portal/trainer/sandboxes/${f.sandbox}?done=clock`);
    const panel = await jdoe.follow(moved);
    expect(panel.text('#sandbox-clock')).toBe('2026-03-02 13:00 UTC');
    const step1 = await fulfill(jdoe, 'PENDING0050');
    expect(step1.status).toBe(200);
    expect(step1.doc.querySelector('#qty-0')?.getAttribute('value')).toBe('50');
  });

  it('a bad duration is refused next to the field; the clock stays', async () => {
    await jdoe.get(`/portal/trainer/sandboxes/${f.sandbox}`);
    const page = await jdoe.submit('#clock-form', { by: 'soon' });
    expect(page.status).toBe(400);
    expect(page.text('#advance-by-error')).toBe('by must be a duration such as "4h", "30d" or "1d12h"');
    expect(page.doc.querySelector('#advance-by')?.getAttribute('value')).toBe('soon');
    expect(page.text('#sandbox-clock')).toBe('2026-03-02 09:00 UTC');
  });

  it('saves settings, adds a user, and resets the sandbox', async () => {
    await jdoe.get(`/portal/trainer/sandboxes/${f.sandbox}`);
    await jdoe.submit('#settings-form', { popupBlocker: 'on', shareDelay: '5m' });
    const info = await t.call<{ settings: { popupBlocker: boolean; shareDelay: string } }>(
      'GET',
      `/__admin/sandboxes/${f.sandbox}`,
    );
    expect(info.body.settings).toMatchObject({ popupBlocker: true, shareDelay: '5m' });

    await jdoe.get(`/portal/trainer/sandboxes/${f.sandbox}`);
    const bad = await jdoe.submit('#add-user-form', { ccoId: 'x', email: 'no', name: 'X' });
    expect(bad.text('#u-ccoId-error')).toBe(
      'a Cisco.com ID is 2 to 64 letters, digits, dots, dashes, underscores or @',
    );
    const added = await jdoe.submit('#add-user-form', {
      ccoId: 'trainee1',
      email: 'trainee1@example.com',
      name: 'Trainee One',
    });
    const panel = await jdoe.follow(added);
    expect(panel.text('.alert-success')).toBe('User added.');
    expect(panel.body).toContain('trainee1@example.com');

    const reset = await jdoe.follow(await jdoe.submit('#reset-form'));
    expect(reset.text('.alert-success')).toBe(
      'The sandbox was rebuilt from its scenario; users keep their portal tokens.',
    );
    expect(reset.body).not.toContain('trainee1@example.com');
  });
});
