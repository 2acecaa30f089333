/** The web pages of issue 15: contracts with their dates, and the lost-PAK search. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
let ui: UiClient;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  f = await sandboxWithUsers(t);
  ui = new UiClient(t);
  await ui.signInWithToken(f.jdoe);
});

describe('How do I check when my contract ends? The Contracts page', () => {
  it('lists a term license contract with its start and end dates once generated', async () => {
    const o = await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-LIC=', users: 26, termMonths: 13 }] });
    expect((await ui.get('/portal/contracts')).text('#contracts tbody')).toBe('No contracts yet.');
    await advance(t, f.sandbox, '3d');
    const row = (await ui.get('/portal/contracts')).text('#contracts tbody tr');
    expect(row).toContain(o.salesOrder);
    expect(row).toContain('03-Mar-2026 03-Apr-2027');
    expect(row).toContain(`L-AC-PLS-LIC= × 26 (PAK ${o.paks[0]?.pak}) to 03-Apr-2027`);
  });

  it('links a contract with a 303 and says so; a wrong number is refused next to the box', async () => {
    await order(t, f.sandbox, { lines: [{ sku: 'L-AC-APX-LIC=', users: 10 }] });
    await advance(t, f.sandbox, '3d');
    await ui.get('/portal/contracts');
    const number = ui.page?.doc.querySelector('#contracts code')?.text as string;
    const bad = await ui.submit('form[action="/portal/contracts/link"]', { number: '000000000' });
    expect(bad.status).toBe(404);
    expect(bad.text('#number-error')).toContain('Contract number 000000000 was not found.');
    const linked = await ui.submit('form[action="/portal/contracts/link"]', { number });
    expect(linked.status).toBe(303);
    expect((await ui.follow(linked)).text('.alert-success')).toBe(
      `✔ Contract ${number} is linked to your Cisco.com ID.`,
    );
  });
});

describe('What happens if I lose my Product Activation Key? The search page', () => {
  it('finds a PAK by its Sales Order #, and says so when there is none', async () => {
    const o = await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-P-G', pak: 'LOSTPAK0001' }] });
    await ui.get('/portal/paks/search');
    const found = await ui.submit('#lost-pak-form', { salesOrder: o.salesOrder });
    expect(found.text('#found tbody tr')).toContain('LOSTPAK0001');
    const none = await ui.submit('#lost-pak-form', { salesOrder: '999999999' });
    expect(none.status).toBe(404);
    expect(none.text('#salesOrder-error')).toBe('No sales order 999999999 placed for jdoe');
  });
});
