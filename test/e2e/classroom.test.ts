/**
 * A class in the browser: the trainer creates trainee sandboxes with simulated ASAs in one action,
 * a trainee signs in from the sheet's link and does the FAQ's whole loop in one tab, ASA console
 * included, while the trainer's class overview follows without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startPortal, type Portal } from './browser.js';
import { openConsole, paste, typeLine, waitForScreen } from './console.js';

let p: Portal;
let trainer: Page;
const state: { link?: string; first?: string; second?: string; key?: string; code?: string } = {};

beforeAll(async () => {
  p = await startPortal();
  trainer = await p.context.newPage();
});
afterAll(async () => {
  await p?.close();
});

const tab = () => p.page;
const KEY = /(0x[0-9a-f]{8} ){4}0x[0-9a-f]{8}/;

async function consoleOf(hostnameIndex: number) {
  await tab().locator('.main-nav').getByRole('link', { name: 'ASA console', exact: true }).click();
  await tab()
    .getByRole('link', { name: /^Open console of / })
    .nth(hostnameIndex)
    .click();
  await openConsole(tab());
}

/** `show version` through the pager (Space for each page), as a trainee reads it: every screen seen. */
async function showVersion(): Promise<string> {
  await typeLine(tab(), 'show version');
  let text = await waitForScreen(tab(), /<--- More --->/);
  let seen = text;
  for (let i = 0; i < 5 && text.includes('<--- More --->'); i++) {
    const before = text;
    await tab().keyboard.press('Space');
    do text = await waitForScreen(tab(), /<--- More --->|#$|>$/m);
    while (text === before);
    seen += `\n${text}`;
  }
  return seen;
}

const progressRow = (name: string) => trainer.locator('#class-progress tr', { hasText: name });

describe('The trainer creates a class in one action', () => {
  it('two trainee sandboxes from the demo scenario, each with two simulated ASAs and a sign-in link', async () => {
    await trainer.goto(`${p.base}/portal/trainer`);
    await trainer.getByRole('link', { name: 'Classes' }).click();
    await trainer.getByLabel('Class name').fill('lab');
    await trainer.getByLabel('Number of trainees').fill('2');
    await trainer.getByLabel('Scenario', { exact: true }).selectOption('demo');
    await trainer.getByLabel('Simulated ASAs per trainee').fill('2');
    await trainer.getByRole('button', { name: 'Create class' }).click();
    await expect(trainer.locator('h1').textContent()).resolves.toBe('Class lab');
    await expect(trainer.locator('#class-progress tbody tr').count()).resolves.toBe(2);
    await p.shot('30-class-overview');

    await trainer.getByRole('link', { name: 'Printable sign-in sheet' }).click();
    const sheets = trainer.locator('.sheet');
    await expect(sheets.count()).resolves.toBe(2);
    await expect(sheets.first().textContent()).resolves.toContain('lab-01');
    state.link = (await sheets.first().locator('a.sign-in-link').getAttribute('href')) ?? '';
    expect(state.link).toMatch(/\/portal\/sign-in\?token=/);
    await p.shot('31-class-sheet');
    await trainer.goto(`${p.base}/portal/trainer/classes/lab`);
  });
});

describe('A trainee does the whole FAQ flow in one tab', () => {
  it('signs in from the link on the sheet', async () => {
    await tab().goto(new URL(state.link as string, p.base).href);
    await tab().getByRole('button', { name: 'Sign in with this token' }).click();
    await expect(tab().locator('.who-clock').textContent()).resolves.toContain('lab-01');
  });

  it('reads the serial number that show version prints, in the ASA console', async () => {
    await consoleOf(0);
    const text = await showVersion();
    state.first = /Serial Number: ([A-Z0-9]{11})/.exec(text)?.[1];
    expect(state.first, text).toBeDefined();
    await p.shot('32-console-show-version');

    await consoleOf(1);
    state.second = /Serial Number: ([A-Z0-9]{11})/.exec(await showVersion())?.[1];
    expect(state.second).toBeDefined();
    expect(state.second).not.toBe(state.first);
  });

  it('registers the PAK to that serial and reads the key in the inbox', async () => {
    await tab().getByRole('link', { name: 'Licenses', exact: true }).click();
    await tab().getByLabel('Enter 1 to 10 PAKs or token IDs, separated by commas').fill('DEMOPLS0026');
    await tab().getByRole('button', { name: 'Fulfill' }).click();
    await tab().getByRole('button', { name: 'Next', exact: true }).click();
    await tab()
      .locator('#device-0')
      .fill(state.first as string);
    await tab().getByRole('button', { name: 'Next', exact: true }).click();
    await tab()
      .getByLabel(/I Agree with the/)
      .check();
    await tab().getByRole('button', { name: 'Submit', exact: true }).click();
    await expect(tab().locator('.alert-success').textContent()).resolves.toContain(
      'The License has been sent to',
    );

    await tab().getByRole('link', { name: 'Inbox', exact: true }).click();
    await tab()
      .getByRole('link', { name: 'Your Cisco ASA 5500 Series Adaptive Security Appliance activation key' })
      .first()
      .click();
    state.key = KEY.exec((await tab().locator('pre.mail-body').textContent()) ?? '')?.[0];
    expect(state.key).toBeDefined();
  });

  it('the class overview shows the registration without a reload', async () => {
    await trainer.locator('[data-step=registered]', { hasText: 'yes' }).first().waitFor({ timeout: 15_000 });
    await expect(progressRow('lab-01').locator('[data-step=registered]').textContent()).resolves.toBe('yes');
    await expect(progressRow('lab-02').locator('[data-step=registered]').textContent()).resolves.toBe('no');
  });

  it('pastes the key into the console: enable, activation-key, and show activation-key runs it', async () => {
    await consoleOf(0);
    await typeLine(tab(), 'enable');
    await waitForScreen(tab(), /Password: ?$/m);
    await typeLine(tab(), 'cisco');
    await waitForScreen(tab(), /#$/m);
    await tab().keyboard.type('activation-key ');
    await paste(tab(), state.key as string);
    await tab().keyboard.press('Enter');
    await waitForScreen(tab(), /activation key/i);
    await typeLine(tab(), 'show activation-key');
    const shown = await waitForScreen(tab(), new RegExp(`Running .*Activation Key: ${state.key}`, 'i'));
    expect(shown).toContain(state.key);
    await p.shot('33-console-key-installed');
    await trainer.locator('[data-step=installed]', { hasText: 'yes' }).first().waitFor({ timeout: 15_000 });
  });

  it('shares to the second ASA; the status says when it completes on the sandbox clock', async () => {
    await tab().getByRole('link', { name: 'Licenses', exact: true }).click();
    await tab().locator('summary', { hasText: 'Get Other Licenses' }).click();
    await tab().getByRole('link', { name: 'Share License Process...' }).click();
    await tab()
      .getByRole('link', { name: /Get Activation Codes/ })
      .click();
    await tab()
      .getByLabel('Source ASA Serial Number:')
      .fill(state.first as string);
    await tab()
      .getByLabel('Target ASA Serial Number:')
      .fill(state.second as string);
    await tab().getByRole('button', { name: 'Submit' }).click();
    await tab().getByRole('link', { name: 'Inbox', exact: true }).click();
    await tab().getByRole('link', { name: 'Device Registration' }).first().click();
    state.code = /Activation Code : ([A-Z0-9]{10})/.exec(
      (await tab().locator('pre.mail-body').textContent()) ?? '',
    )?.[1];
    await tab().goto(`${p.base}/portal/share/use?code=${state.code}`);
    await tab().getByRole('button', { name: 'Next', exact: true }).click();
    await tab().getByRole('button', { name: 'Next', exact: true }).click();
    await tab()
      .getByLabel(/I Agree with the/)
      .check();
    await tab().getByRole('button', { name: 'Get License' }).click();
    await expect(tab().locator('.alert-info').textContent()).resolves.toBe(
      'Transaction is continuing to be processed',
    );
    await expect(tab().locator('.completes-at').textContent()).resolves.toMatch(
      /Completes at \d{4}-\d\d-\d\d \d\d:\d\d UTC on the sandbox clock/,
    );
    await p.shot('34-share-processing');
  });

  it('after the trainer moves the clock 15 minutes, the .lic key installs on the second ASA', async () => {
    await trainer.getByRole('link', { name: 'lab-01', exact: true }).click();
    await trainer.getByRole('button', { name: '+15m' }).click();
    // The form answers 303 back to the sandbox page: wait for its notice, then return to the overview.
    await trainer.getByText('The clock moved; the work that fell due has run.').waitFor();
    await trainer.goto(`${p.base}/portal/trainer/classes/lab`);

    await tab().getByRole('link', { name: 'Inbox', exact: true }).click();
    await tab().getByRole('link', { name: 'Your Cisco Product license keys :' }).first().click();
    await tab()
      .getByRole('link', { name: /^View ASAACTNCFEAT#\d+\.lic$/ })
      .click();
    const lic = (await tab().locator('pre.attachment-text').textContent()) ?? '';
    expect(lic).toContain(`Serial Number    : ${state.second}`);
    const shareKey = /Activation Key {3}: ((0x[0-9a-f]{8} ){4}0x[0-9a-f]{8})/.exec(lic)?.[1] as string;
    expect(shareKey).toMatch(KEY);

    await consoleOf(1);
    await typeLine(tab(), 'enable');
    await waitForScreen(tab(), /Password: ?$/m);
    await typeLine(tab(), 'cisco');
    await typeLine(tab(), 'configure terminal');
    await waitForScreen(tab(), /\(config\)#$/m);
    await tab().keyboard.type('activation-key ');
    await paste(tab(), shareKey);
    await tab().keyboard.press('Enter');
    await typeLine(tab(), 'show activation-key');
    await waitForScreen(tab(), new RegExp(shareKey));
    await p.shot('35-console-second-asa');
    await trainer
      .locator('[data-step=second-licensed]', { hasText: 'yes' })
      .first()
      .waitFor({ timeout: 15_000 });
    const row = (await progressRow('lab-01').textContent()) ?? '';
    expect(row).not.toContain('no');
    await trainer.screenshot({ path: 'test-output/screenshots/36-class-progress.png', fullPage: true });
  });
});

describe('A reset keeps the trainees signed in', () => {
  it('the trainer resets lab-01; the trainee is still signed in, or told plainly and offered their sandbox', async () => {
    await trainer.getByRole('link', { name: 'lab-01', exact: true }).click();
    trainer.once('dialog', (d) => void d.accept());
    await trainer.getByRole('button', { name: 'Reset sandbox' }).click();
    await tab().getByRole('link', { name: 'Inbox', exact: true }).click();
    const signedIn = await tab().locator('.who-clock').count();
    if (signedIn === 0) {
      await expect(tab().locator('.alert').textContent()).resolves.toContain('was reset');
      await expect(tab().locator('select[name=sandbox]').inputValue()).resolves.toBe('lab-01');
    } else {
      await expect(tab().locator('.who-clock').textContent()).resolves.toContain('lab-01');
    }
  });

  it('no page raised a script error, broke the content-security-policy or missed an asset', () => {
    expect(p.problems).toEqual([]);
  });
});
