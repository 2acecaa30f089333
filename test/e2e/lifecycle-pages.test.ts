/**
 * The rest of the lifecycle on portal pages: the Smart Account sharing request (FTD 6.2.1 and later),
 * processing transactions that say when they complete on the sandbox clock, and Manage >
 * Transactions History finding a transaction by its ID. (Contracts and the lost-PAK search are the
 * ledger's pages.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type Portal } from './browser.js';

let p: Portal;
let requestId = '';
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

describe('AnyConnect Smart License Sharing Request', () => {
  it('a wrong license type is refused next to the field, values kept', async () => {
    await page().goto(`${p.base}/portal/`);
    await page()
      .getByRole('link', { name: /Smart Account sharing request/ })
      .click();
    await page().getByLabel('Smart Account Name or Domain ID:').fill('Example Corp');
    await page().getByLabel('AnyConnect Product Activation Key (PAK):').fill('DEMOAPX0102');
    await page().getByLabel('AnyConnect License Type (Plus, Apex or VPN Only):').selectOption('Plus');
    await page().getByRole('button', { name: 'Send request' }).click();
    await expect(page().locator('#licenseType-error').textContent()).resolves.toBe(
      'PAK DEMOAPX0102 is not an AnyConnect Plus license',
    );
    await expect(page().getByLabel('AnyConnect Product Activation Key (PAK):').inputValue()).resolves.toBe(
      'DEMOAPX0102',
    );
  });

  it('sent: the request is processing and says when it completes on the sandbox clock', async () => {
    await page().getByLabel('AnyConnect License Type (Plus, Apex or VPN Only):').selectOption('Apex');
    await page().getByRole('button', { name: 'Send request' }).click();
    await expect(page().locator('.alert-info').textContent()).resolves.toContain('processing');
    await expect(page().locator('.completes-at').textContent()).resolves.toMatch(
      /Completes at \d{4}-\d\d-\d\d \d\d:\d\d UTC on the sandbox clock/,
    );
    requestId = (await page().locator('.transaction-id strong').textContent()) ?? '';
    expect(requestId).toMatch(/^\d{10}$/);
    await p.shot('50-smart-account-request');
  });
});

describe('Manage > Transactions History', () => {
  it('a processing transaction shows when it completes', async () => {
    await page().goto(`${p.base}/portal/transactions`);
    const row = page().locator('table.data tbody tr', { hasText: requestId });
    await expect(row.textContent()).resolves.toMatch(/processing.*completes \d{4}-\d\d-\d\d \d\d:\d\d UTC/s);
  });

  it('finds a transaction by its ID from the search box', async () => {
    await page().getByLabel('Transaction ID').fill(requestId);
    await page().getByRole('button', { name: 'Search' }).click();
    await expect(page().locator('table.data tbody tr').count()).resolves.toBe(1);
    await expect(page().locator('table.data tbody').textContent()).resolves.toContain(requestId);
    await p.shot('51-transactions-search');
    await page().getByLabel('Transaction ID').fill('0000000000');
    await page().getByRole('button', { name: 'Search' }).click();
    await expect(page().locator('table.data tbody').textContent()).resolves.toContain(
      'No transaction with ID 0000000000',
    );
  });

  it('GET /api/v1/transactions?id= filters the same way', async () => {
    await page().goto(`${p.base}/portal/trainer/sandboxes/default`);
    const token = ((await page().locator('#users code').first().textContent()) ?? '').trim();
    const res = await page().request.get(`${p.base}/api/v1/transactions?id=${requestId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { total: number; transactions: Array<{ id: string }> };
    expect(body.transactions.map((t) => t.id)).toEqual([requestId]);
    expect(body.total).toBe(1);
  });

  it('no page raised a script error, broke the content-security-policy or missed an asset', () => {
    expect(p.problems).toEqual([]);
  });
});
