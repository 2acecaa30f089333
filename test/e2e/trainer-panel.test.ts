/**
 * The trainer panel has a page for everything the control plane does for a class: faults, scenarios
 * (upload, validate, create a sandbox), simulated ASAs (SSH endpoint, login, console, RMA), the whole
 * mailbox, the request journal, snapshots and clones. No page says "not part of this build".
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type Portal } from './browser.js';
import { openConsole, typeLine, waitForScreen } from './console.js';

let p: Portal;
const dir = mkdtempSync(join(tmpdir(), 'lps-trainer-'));
beforeAll(async () => {
  p = await startPortal();
});
afterAll(async () => {
  await p?.close();
});
const page = () => p.page;
const sandboxPage = async (id = 'default') => {
  await page().goto(`${p.base}/portal/trainer/sandboxes/${id}`);
};
const STUB = /not part of this build|not implemented|coming soon/i;

describe('Faults', () => {
  it('adds an error fault with its options, lists it, refuses a bad latency by field, removes it', async () => {
    await sandboxPage();
    await page().getByRole('link', { name: 'Faults', exact: true }).click();
    expect(await page().locator('main').textContent()).not.toMatch(STUB);
    const form = page().locator('#fault-error-form');
    await form.getByLabel('Operation').selectOption('lookupPaks');
    await form.getByLabel('Status').fill('503');
    await form.getByLabel('Rate').fill('1');
    await form.getByLabel('Message').fill('Portal hiccup');
    await form.getByRole('button', { name: 'Add error fault' }).click();
    await expect(page().locator('#faults tbody tr').count()).resolves.toBe(1);
    await expect(page().locator('#faults tbody').textContent()).resolves.toContain('lookupPaks');

    const latency = page().locator('#fault-latency-form');
    await latency.getByLabel('Delay').fill('nonsense');
    await latency.getByRole('button', { name: 'Add latency fault' }).click();
    await expect(page().locator('#fault-latency-form .field-error').textContent()).resolves.toMatch(/delay/);
    await p.shot('40-trainer-faults');

    await page()
      .getByRole('button', { name: /^Remove fault/ })
      .first()
      .click();
    await expect(page().locator('#faults tbody').textContent()).resolves.toContain('No faults');
    await page()
      .locator('#fault-maintenance-form')
      .getByRole('button', { name: 'Start maintenance' })
      .click();
    await expect(page().locator('#faults tbody').textContent()).resolves.toContain('maintenance');
    await page().getByRole('button', { name: 'Remove every fault' }).click();
    await expect(page().locator('#faults tbody').textContent()).resolves.toContain('No faults');
  });
});

describe('Scenarios', () => {
  it('validates an uploaded scenario file with the CLI messages, then creates a sandbox from it', async () => {
    await page().goto(`${p.base}/portal/trainer/scenarios`);
    const bad = join(dir, 'broken.yaml');
    writeFileSync(bad, 'id: broken\nusers:\n  - ccoId: x\n');
    await page().getByLabel('Scenario file', { exact: true }).setInputFiles(bad);
    await page().getByRole('button', { name: 'Validate' }).click();
    const problems = (await page().locator('.scenario-problems').textContent()) ?? '';
    expect(problems).toContain('broken.yaml');
    expect(problems).toMatch(/email|required/);
    await p.shot('41-trainer-scenario-invalid');

    const good = join(dir, 'class-a.yaml');
    writeFileSync(
      good,
      [
        'id: class-a',
        'users:',
        '  - { ccoId: trainee, email: trainee@example.com, name: Trainee One, company: Example Corp }',
        'orders:',
        '  - ccoId: trainee',
        "    shippedAt: '-1d'",
        "    lines: [{ sku: 'L-AC-PLS-LIC=', users: 25, termMonths: 12, pak: 'CLASSA00025' }]",
        '',
      ].join('\n'),
    );
    await page().getByLabel('Scenario file', { exact: true }).setInputFiles(good);
    await page().getByRole('button', { name: 'Validate' }).click();
    await expect(page().locator('.alert-success').textContent()).resolves.toContain(
      'ok: class-a.yaml: sandbox class-a (1 users, 1 orders)',
    );
    await page().getByRole('button', { name: 'Create a sandbox from it' }).click();
    await expect(page().locator('h1').textContent()).resolves.toContain('Sandbox class-a');
  });
});

describe('Simulated ASAs', () => {
  it('creates an ASA with model, serial and role; lists SSH host:port and the login; opens its console; RMA', async () => {
    await sandboxPage();
    await page().getByRole('link', { name: 'Simulated ASAs', exact: true }).click();
    await page().getByLabel('Model').selectOption('ASA 5516-X');
    await page().getByLabel('Serial number (show version)').fill('JAD222605K8');
    await page().getByLabel('Chassis serial number').fill('JMX2216Y0AB');
    await page().getByLabel('Failover role').selectOption('primary');
    await page().getByRole('button', { name: 'Create ASA' }).click();
    const row = page().locator('#asas tbody tr', { hasText: 'JAD222605K8' });
    await expect(row.textContent()).resolves.toMatch(/127\.0\.0\.1:\d+|SSH off/);
    await expect(row.textContent()).resolves.toContain('admin / cisco');
    await p.shot('42-trainer-asas');

    await row.getByRole('link', { name: /Console/ }).click();
    await openConsole(page());
    await typeLine(page(), 'terminal pager 0');
    await typeLine(page(), 'show version');
    await waitForScreen(page(), /Serial Number: JAD222605K8/);
    await page().goBack();

    page().once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: /RMA/ }).click();
    await expect(page().locator('.alert-success').textContent()).resolves.toContain('JAD222605K8');
  });
});

describe('Mailbox and request journal', () => {
  it('the whole mailbox (every recipient) and one message', async () => {
    await sandboxPage();
    await page().getByRole('link', { name: 'Mailbox', exact: true }).click();
    const rows = page().locator('#mailbox tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    await expect(page().locator('#mailbox').textContent()).resolves.toContain('alice.smith@example.com');
    await rows.first().getByRole('link').first().click();
    await expect(page().locator('pre.mail-body').count()).resolves.toBe(1);
  });

  it('the journal lists API requests and filters by status and operation', async () => {
    await sandboxPage();
    const token = (await page().locator('#users code').first().textContent()) ?? '';
    const auth = { authorization: `Bearer ${token.trim()}` };
    await page().request.get(`${p.base}/api/v1/paks?ids=DEMOPLS0026`, { headers: auth });
    await page().request.get(`${p.base}/api/v1/paks?ids=NOSUCHPAK01`, { headers: auth });
    await page().getByRole('link', { name: 'Request journal', exact: true }).click();
    expect(await page().locator('#journal tbody tr').count()).toBeGreaterThanOrEqual(2);
    await page().getByLabel('Status').fill('4xx');
    await page().getByRole('button', { name: 'Filter' }).click();
    const statuses = await page().locator('#journal tbody td.http-status').allTextContents();
    expect(statuses.length).toBeGreaterThan(0);
    for (const s of statuses) expect(s.trim()).toMatch(/^4\d\d$/);
    await page().getByLabel('Status').fill('');
    await page().getByLabel('Operation').fill('lookupPaks');
    await page().getByRole('button', { name: 'Filter' }).click();
    for (const o of await page().locator('#journal tbody td.operation').allTextContents())
      expect(o.trim()).toBe('lookupPaks');
    await p.shot('43-trainer-journal');
  });
});

describe('Snapshots and clones', () => {
  it('downloads a snapshot, imports it as a new sandbox, and clones a sandbox', async () => {
    await sandboxPage();
    const [download] = await Promise.all([
      page().waitForEvent('download'),
      page().getByRole('link', { name: 'Download snapshot' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('default.sqlite3');
    const file = join(dir, 'default.sqlite3');
    await download.saveAs(file);
    expect(readFileSync(file).subarray(0, 15).toString()).toBe('SQLite format 3');

    await page().goto(`${p.base}/portal/trainer`);
    await page().getByLabel('Snapshot file').setInputFiles(file);
    await page().getByLabel('New sandbox ID').fill('restored');
    await page().getByRole('button', { name: 'Import snapshot' }).click();
    await expect(page().locator('h1').textContent()).resolves.toContain('Sandbox restored');

    await sandboxPage();
    await page().getByLabel('Clone ID').fill('copy-1');
    await page().getByRole('button', { name: 'Clone sandbox' }).click();
    await expect(page().locator('h1').textContent()).resolves.toContain('Sandbox copy-1');
  });

  it('no trainer page says "not part of this build"', async () => {
    for (const path of ['', '/faults', '/asas', '/mail', '/requests']) {
      await page().goto(`${p.base}/portal/trainer/sandboxes/default${path}`);
      expect(await page().locator('body').textContent(), path).not.toMatch(STUB);
    }
  });

  it('no page raised a script error, broke the content-security-policy or missed an asset', () => {
    expect(p.problems).toEqual([]);
  });
});
