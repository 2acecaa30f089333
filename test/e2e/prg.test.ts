/**
 * Post/Redirect/Get: every form that changes something answers 303 to a page showing the result, so
 * reloading that page or going back repeats nothing; the wizard's one-time form key makes a double
 * submit one registration.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Request } from 'playwright-core';
import { startPortal, type Portal } from './browser.js';

let p: Portal;
beforeAll(async () => {
  p = await startPortal();
  await p.page.goto(`${p.base}/portal/sign-in`);
  await p.page.getByLabel(/John Doe/).check();
  await p.page.locator('form:has(input[name=ccoId])').getByRole('button', { name: 'Sign in' }).click();
});
afterAll(async () => {
  await p?.close();
});

const page = () => p.page;

/** The effects a repeated post would show (read without leaving the page): transactions and mail. */
async function effects() {
  const html = await (await page().request.get(`${p.base}/portal/transactions`)).text();
  const transactions = /(\d+) transactions?, newest first/.exec(html)?.[1];
  const res = await page().request.get(`${p.base}/__admin/sandboxes/default/mail?folder=all`);
  const all = ((await res.json()) as { messages: unknown[] }).messages.length;
  return { transactions, all };
}

/** Reload the result page, leave and come back to it: the browser sends no form again. */
async function reloadAndBack(url: RegExp) {
  const posts: string[] = [];
  const listen = (r: Request) => {
    if (r.method() === 'POST') posts.push(r.url());
  };
  expect(page().url()).toMatch(url);
  const result = page().url();
  page().on('request', listen);
  await page().reload();
  expect(page().url()).toBe(result);
  await page().goto(`${p.base}/portal/`);
  await page().goto(result);
  page().off('request', listen);
  expect(posts, 'a reload or Back re-sent a form').toEqual([]);
}

/** Each registration its own ASA: the same PAK to the same serial twice is refused (ALREADY_REGISTERED). */
async function registerPerpetual(serial: string) {
  await page().goto(`${p.base}/portal/`);
  await page().getByLabel('Enter 1 to 10 PAKs or token IDs, separated by commas').fill('DEMOPLSPERP');
  await page().getByRole('button', { name: 'Fulfill' }).click();
  await page().getByRole('button', { name: 'Next', exact: true }).click();
  await page().locator('#device-0').fill(serial);
  await page().getByRole('button', { name: 'Next', exact: true }).click();
  await page()
    .getByLabel(/I Agree with the/)
    .check();
}

describe('The License Request Status page after Submit', () => {
  it('is a GET after a 303: reloading it registers nothing again', async () => {
    const before = await effects();
    await registerPerpetual('JAD222605K8');
    const [submit] = await Promise.all([
      page().waitForResponse((r) => r.request().method() === 'POST'),
      page().getByRole('button', { name: 'Submit', exact: true }).click(),
    ]);
    expect(submit.status()).toBe(303);
    await page().waitForURL(/\/portal\/licenses\/status\//);
    const id = await page().locator('.transaction-id strong').textContent();
    await reloadAndBack(/\/portal\/licenses\/status\//);
    await expect(page().locator('.transaction-id strong').textContent()).resolves.toBe(id);
    const after = await effects();
    expect(after.all).toBe(before.all + 1);
    await page().reload();
    expect(await effects()).toEqual(after);
  });

  it('a double submit of the same wizard page is one registration', async () => {
    const before = await effects();
    await registerPerpetual('JAD4000011');
    const form = page().locator('form:has(button:text-is("Submit"))');
    const action = new URL((await form.getAttribute('action')) as string, p.base).href;
    const fields = (await page().evaluate(
      `Object.fromEntries([...new FormData(document.querySelector('form:has(button[value=submit])')).entries()])`,
    )) as Record<string, string>;
    expect(fields.formKey).toMatch(/.{16,}/);
    const body = new URLSearchParams({ ...fields, op: 'submit' }).toString();
    const post = () =>
      page().request.post(action, {
        data: body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        maxRedirects: 0,
      });
    const [a, b] = await Promise.all([post(), post()]);
    expect([a.status(), b.status()]).toEqual([303, 303]);
    expect(a.headers().location).toBe(b.headers().location);
    const after = await effects();
    expect(after.all).toBe(before.all + 1);
  });
});

describe('Every other form that changes state answers 303', () => {
  it('demo license, activation code, Smart Account request: reloading the result repeats nothing', async () => {
    await page().goto(`${p.base}/portal/demo`);
    await page().getByLabel('ASA Serial number:').fill('JAD222609ZZ');
    await page()
      .getByLabel(/I Agree with the/)
      .check();
    await page().getByRole('button', { name: 'Submit', exact: true }).click();
    await expect(page().locator('.alert-success').textContent()).resolves.toContain(
      'The License has been sent',
    );
    let before = await effects();
    await reloadAndBack(/\/portal\/demo\/status\//);
    expect(await effects()).toEqual(before);

    await page().goto(`${p.base}/portal/share/activation-codes`);
    await page().getByLabel('Source ASA Serial Number:').fill('JAD222605K8');
    await page().getByLabel('Target ASA Serial Number:').fill('JAD222605K9');
    await page().getByRole('button', { name: 'Submit' }).click();
    await expect(page().locator('.alert-success').textContent()).resolves.toContain('successfully submitted');
    before = await effects();
    await reloadAndBack(/\/portal\/share\/activation-codes\/[A-Z0-9]+$/);
    expect(await effects()).toEqual(before);

    await page().goto(`${p.base}/portal/smart-account-requests/new`);
    await page().getByLabel('Smart Account Name or Domain ID:').fill('Example Corp');
    await page().getByLabel('AnyConnect Product Activation Key (PAK):').fill('DEMOAPX0102');
    await page().getByLabel('AnyConnect License Type (Plus, Apex or VPN Only):').selectOption('Apex');
    await page().getByRole('button', { name: 'Send request' }).click();
    await expect(page().locator('.alert-info').textContent()).resolves.toContain('processing');
    before = await effects();
    await reloadAndBack(/\/portal\/smart-account-requests\/[A-Z0-9]+$/);
    expect(await effects()).toEqual(before);
  });

  it('no page raised a script error, broke the content-security-policy or missed an asset', () => {
    expect(p.problems).toEqual([]);
  });
});
