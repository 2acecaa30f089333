/**
 * A trainee's session in a real browser, one step per test, in order: each step starts where the
 * previous one left the page. Every step leaves a screenshot in test-output/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type Portal } from './browser.js';

const SERIAL = 'JAD222605K8';
const SECOND_ASA = 'JAD222605K9';

let p: Portal;
const state: { registration?: string; share?: string; code?: string; key?: string } = {};

beforeAll(async () => {
  p = await startPortal();
});
afterAll(async () => {
  await p?.close();
});

const page = () => p.page;
const openMail = async (subject: string | RegExp) => {
  await page().getByRole('link', { name: 'Inbox', exact: true }).click();
  await page().getByRole('link', { name: subject }).first().click();
  return (await page().locator('pre.mail-body').textContent()) ?? '';
};
const openOtherLicenses = async (entry: string) => {
  await page().getByRole('link', { name: 'Licenses', exact: true }).click();
  await page().locator('summary', { hasText: 'Get Other Licenses' }).click();
  await page().getByRole('link', { name: entry }).click();
};

describe('A trainee signs in and registers a PAK through the three steps', () => {
  it('signs in by choosing the sandbox and the user', async () => {
    await page().goto(`${p.base}/`);
    await expect(page().getByRole('heading', { name: 'Sign in', level: 1 }).isVisible()).resolves.toBe(true);
    await page()
      .getByLabel(/John Doe/)
      .check();
    await p.shot('01-sign-in');
    await page().locator('form:has(input[name=ccoId])').getByRole('button', { name: 'Sign in' }).click();
    await expect(page().locator('.who-user').textContent()).resolves.toContain('John Doe');
    await page().locator('summary', { hasText: 'Get Other Licenses' }).click();
    const entries = await page().locator('.dropdown-menu a').allTextContents();
    expect(entries).toEqual([
      'Demo and Evaluation...',
      'TelePresence Software Release Key...',
      'TelePresence License to Resend...',
      'IPS, Crypto, Other...',
      'Share License Process...',
      'Main to Backup...',
      'Register ROSA HA as Pair...',
      'Migration...',
    ]);
    await p.shot('02-home-get-other-licenses');
    await page().getByRole('link', { name: 'Main to Backup...' }).click();
    await expect(page().locator('main').textContent()).resolves.toContain(
      'Main to Backup is not simulated here.',
    );
  });

  it('step 1: Fulfill shows the SKU table with the quantity to assign', async () => {
    await page().getByRole('link', { name: 'Licenses', exact: true }).click();
    await page().getByLabel('Enter 1 to 10 PAKs or token IDs, separated by commas').fill('DEMOPLS0026');
    await page().getByRole('button', { name: 'Fulfill' }).click();
    await expect(page().locator('.steps .current').textContent()).resolves.toBe(
      '1. Assign Smart Account and SKUs',
    );
    await expect(page().locator('.family').textContent()).resolves.toContain(
      'ASA AnyConnect Term and Content',
    );
    await expect(
      page()
        .getByLabel(/Quantity to Assign for L-AC-PLS-LIC= on PAK DEMOPLS0026/)
        .inputValue(),
    ).resolves.toBe('26');
    await p.shot('03-register-step-1');
    await page().getByRole('button', { name: 'Next', exact: true }).click();
    await expect(page().locator('.steps .current').textContent()).resolves.toBe('2. Assign to Devices');
  });

  it('step 2: a trailing space is "Serial number cannot be blank" next to the row; fixed, it goes through', async () => {
    await page().getByRole('button', { name: 'Add Device' }).click();
    await expect(page().locator('input[name=devices]').count()).resolves.toBe(2);
    await page().getByRole('button', { name: 'Delete Device 2' }).click();
    await expect(page().locator('input[name=devices]').count()).resolves.toBe(1);

    await page().locator('#device-0').fill(`${SERIAL} `);
    await page().getByRole('button', { name: 'Next', exact: true }).click();
    await expect(page().locator('#device-0-error').textContent()).resolves.toBe(
      'Serial number cannot be blank',
    );
    await expect(page().locator('#device-0').inputValue()).resolves.toBe(`${SERIAL} `);
    await expect(page().locator('#device-0').getAttribute('aria-invalid')).resolves.toBe('true');
    await p.shot('04-register-step-2-trailing-space');

    await page().locator('#device-0').fill(SERIAL);
    await page().getByRole('button', { name: 'Next', exact: true }).click();
    await expect(page().locator('.steps .current').textContent()).resolves.toBe('3. Finish');
  });

  it('step 3: Send To, I Agree, Submit: the License Request Status with its Transaction Id', async () => {
    await expect(page().getByLabel('Send To:').inputValue()).resolves.toBe('john.doe@example.com');
    await page()
      .getByLabel(/I Agree with the/)
      .check();
    await p.shot('05-register-step-3');
    await page().getByRole('button', { name: 'Submit', exact: true }).click();
    await expect(page().locator('.alert-success').textContent()).resolves.toContain(
      'The License has been sent to - john.doe@example.com',
    );
    state.registration = (await page().locator('.transaction-id strong').textContent()) ?? '';
    expect(state.registration).toMatch(/^\d{10}$/);
    await p.shot('06-license-request-status');
  });

  it('reads the activation key in the inbox; it is the key the Devices page shows', async () => {
    const body = await openMail('Your Cisco ASA 5500 Series Adaptive Security Appliance activation key');
    expect(body).toContain(`Serial #: ${SERIAL}`);
    await p.shot('07-inbox-activation-key');
    await page().getByRole('link', { name: 'Devices', exact: true }).click();
    await page().getByRole('link', { name: SERIAL }).click();
    state.key = (await page().locator('#activation-key').textContent()) ?? '';
    expect(state.key).toMatch(/^(0x[0-9a-f]{8} ){4}0x[0-9a-f]{8}$/);
    expect(body).toContain(state.key);
    await p.shot('07b-device');
  });
});

describe('The trainee shares the license to a second ASA', () => {
  it('Get Activation Codes: the code arrives by email', async () => {
    await openOtherLicenses('Share License Process...');
    await page()
      .getByRole('link', { name: /Get Activation Codes/ })
      .click();
    await page().getByLabel('Source ASA Serial Number:').fill(SERIAL);
    await page().getByLabel('Target ASA Serial Number:').fill(SECOND_ASA);
    await page().getByRole('button', { name: 'Submit' }).click();
    await expect(page().locator('.alert-success').textContent()).resolves.toContain(
      'The request for an activation code has been successfully submitted.',
    );
    await p.shot('08-activation-code-confirmation');
    const body = await openMail('Device Registration');
    state.code = /Activation Code : ([A-Z0-9]{10})/.exec(body)?.[1];
    expect(state.code).toMatch(/^[A-Z0-9]{10}$/);
  });

  it('Use Activation Codes: 1. Specify Activation Code, 2. Select SKU Options, 3. Review', async () => {
    await openOtherLicenses('Share License Process...');
    await page()
      .getByRole('link', { name: /Use Activation Codes/ })
      .click();
    await page()
      .getByLabel('Activation Code:')
      .fill(state.code as string);
    await page().getByRole('button', { name: 'Next', exact: true }).click();
    await expect(page().locator('.steps .current').textContent()).resolves.toBe('2. Select SKU Options');
    await expect(page().locator('.facts').textContent()).resolves.toContain(SECOND_ASA);
    await expect(
      page()
        .getByLabel(/Share L-AC-PLS-LIC= from PAK DEMOPLS0026/)
        .isChecked(),
    ).resolves.toBe(true);
    await p.shot('09-share-select-sku-options');
    await page().getByRole('button', { name: 'Next', exact: true }).click();
    await expect(page().locator('.steps .current').textContent()).resolves.toBe('3. Review');
    await page()
      .getByLabel(/I Agree with the/)
      .check();
    await page().getByRole('button', { name: 'Get License' }).click();
    await expect(page().locator('.alert-info').textContent()).resolves.toBe(
      'Transaction is continuing to be processed',
    );
    state.share = (await page().locator('.transaction-id strong').textContent()) ?? '';
    await p.shot('10-share-status');
  });

  it('after 15 minutes on the sandbox clock the license file arrives; the ZIP downloads', async () => {
    await page().getByRole('link', { name: 'Trainer panel', exact: true }).click();
    await page().getByRole('link', { name: 'Manage', exact: true }).first().click();
    await page().getByRole('button', { name: '+15m' }).click();
    await expect(page().locator('.alert-success').textContent()).resolves.toContain('The clock moved');

    await openMail('Your Cisco Product license keys :');
    await p.shot('11-inbox-license-keys');
    const [download] = await Promise.all([
      page().waitForEvent('download'),
      page()
        .getByRole('link', { name: /ASAACTNCFEAT_\d+\.zip/ })
        .click(),
    ]);
    expect(download.suggestedFilename()).toBe(`ASAACTNCFEAT_${state.share}.zip`);
    const files = unzipSync(readFileSync((await download.path()) as string));
    const license = files[`ASAACTNCFEAT#${state.share}.lic`];
    expect(license).toBeDefined();
    expect(strFromU8(license as Uint8Array)).toContain(SECOND_ASA);
  });

  it('Manage > Transactions History lists the registration and the share', async () => {
    await page().getByRole('link', { name: 'Manage › Transactions History' }).click();
    const rows = page().locator('table.data tbody tr');
    await expect(rows.filter({ hasText: state.registration as string }).textContent()).resolves.toContain(
      'License registration',
    );
    const share = (await rows.filter({ hasText: state.share as string }).textContent()) ?? '';
    expect(share).toContain('Share License Process');
    expect(share).toContain('completed');
    expect(share).toContain(SECOND_ASA);
    await p.shot('12-transactions-history');
    await page()
      .getByRole('link', { name: state.share as string })
      .click();
    await expect(page().locator('h1').textContent()).resolves.toBe(`Transaction ${state.share}`);
    await p.shot('12b-transaction-detail');
  });
});

describe('The trainer panel activates a waiting PAK', () => {
  it('DEMOPENDING is "Invalid or Inactive" until the clock advances 4 hours', async () => {
    await page().getByRole('link', { name: 'Licenses', exact: true }).click();
    await page().getByLabel('Enter 1 to 10 PAKs or token IDs, separated by commas').fill('DEMOPENDING');
    await page().getByRole('button', { name: 'Fulfill' }).click();
    await expect(page().locator('#paks-error').textContent()).resolves.toBe(
      'PAK/s or Token/s DEMOPENDING is / are either Invalid or Inactive',
    );
    await expect(page().locator('#paks').inputValue()).resolves.toBe('DEMOPENDING');
    await p.shot('13-pending-pak-inactive');

    await page().getByRole('link', { name: 'Trainer panel', exact: true }).click();
    await page().getByRole('link', { name: 'Manage', exact: true }).first().click();
    await page().getByLabel('Advance by').fill('4h');
    await page().getByRole('button', { name: 'Advance', exact: true }).click();
    await expect(page().locator('.alert-success').textContent()).resolves.toContain('The clock moved');
    await p.shot('14-trainer-panel');

    await page().getByRole('link', { name: 'Licenses', exact: true }).click();
    await page().getByLabel('Enter 1 to 10 PAKs or token IDs, separated by commas').fill('DEMOPENDING');
    await page().getByRole('button', { name: 'Fulfill' }).click();
    await expect(page().locator('.steps .current').textContent()).resolves.toBe(
      '1. Assign Smart Account and SKUs',
    );
    await expect(
      page()
        .getByLabel(/Quantity to Assign for L-AC-PLS-LIC= on PAK DEMOPENDING/)
        .inputValue(),
    ).resolves.toBe('50');
    await p.shot('15-pending-pak-active');
  });

  it('the register-all-quantity pop-up warns and keeps the choice only when confirmed', async () => {
    await page().getByRole('link', { name: 'Licenses', exact: true }).click();
    await page().getByLabel('Enter 1 to 10 PAKs or token IDs, separated by commas').fill('DEMOPLSPERP');
    await page().getByRole('button', { name: 'Fulfill' }).click();
    let warning = '';
    page().once('dialog', (dialog) => {
      warning = dialog.message();
      void dialog.dismiss();
    });
    const box = page().getByLabel('Register all quantity');
    await box.click();
    expect(warning).toContain('IT IS IMPORTANT THAT YOU DO NOT SELECT TO REGISTER ALL QUANTITY');
    await expect(box.isChecked()).resolves.toBe(false);
    page().once('dialog', (dialog) => void dialog.accept());
    await box.click();
    await expect(box.isChecked()).resolves.toBe(true);
  });

  it('with the pop-up blocker setting there is no pop-up, and registering all quantity deactivates the PAK', async () => {
    await page().getByRole('link', { name: 'Trainer panel', exact: true }).click();
    await page().getByRole('link', { name: 'Manage', exact: true }).first().click();
    await page().getByLabel('Pop-up blocker').check();
    await page().getByRole('button', { name: 'Save settings' }).click();
    await expect(page().locator('.alert-success').textContent()).resolves.toBe('Settings saved.');

    await page().getByRole('link', { name: 'Licenses', exact: true }).click();
    await page().getByLabel('Enter 1 to 10 PAKs or token IDs, separated by commas').fill('DEMOPLSPERP');
    await page().getByRole('button', { name: 'Fulfill' }).click();
    const dialogs: string[] = [];
    page().on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page().getByLabel('Register all quantity').click();
    await expect(page().getByLabel('Register all quantity').isChecked()).resolves.toBe(true);
    expect(dialogs).toEqual([]);
    await page().getByRole('button', { name: 'Next', exact: true }).click();
    await page().locator('#device-0').fill('JAD222605K8');
    await page().getByRole('button', { name: 'Next', exact: true }).click();
    await page()
      .getByLabel(/I Agree with the/)
      .check();
    await page().getByRole('button', { name: 'Submit', exact: true }).click();
    await expect(page().locator('.alert-warning').textContent()).resolves.toBe(
      'PAK DEMOPLSPERP is now deactivated: all of its quantity was registered.',
    );
    await p.shot('16-register-all-with-popup-blocker');
  });
});

describe('Demo and Evaluation', () => {
  it('a 4-week demo license for a new ASA, the key by email', async () => {
    await openOtherLicenses('Demo and Evaluation...');
    await page().getByLabel('ASA Serial number:').fill('JAD222609ZZ');
    await page().getByRole('button', { name: 'Submit', exact: true }).click();
    await expect(page().locator('#agreeToTerms-error').textContent()).resolves.toBe(
      'You must agree with the Terms of the License Agreement before you submit',
    );
    await expect(page().getByLabel('ASA Serial number:').inputValue()).resolves.toBe('JAD222609ZZ');
    await p.shot('18-demo-license-terms');
    await page()
      .getByLabel(/I Agree with the/)
      .check();
    await page().getByRole('button', { name: 'Submit', exact: true }).click();
    await expect(page().locator('.alert-success').textContent()).resolves.toContain(
      'The License has been sent to - john.doe@example.com',
    );
    // Newest first: the demo key's email tops the inbox.
    const body = await openMail('Your Cisco ASA 5500 Series Adaptive Security Appliance activation key');
    expect(body).toContain('JAD222609ZZ');
  });
});

describe('On a phone-sized screen', () => {
  it('pages fit the width; wide tables scroll inside their own frame', async () => {
    await page().setViewportSize({ width: 390, height: 844 });
    for (const path of [
      '/portal/',
      '/portal/transactions',
      '/portal/share/use',
      '/portal/trainer/sandboxes/default',
    ]) {
      await page().goto(`${p.base}${path}`);
      const overflow = await page().evaluate('document.documentElement.scrollWidth - window.innerWidth');
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await page().goto(`${p.base}/portal/`);
    await p.shot('17-phone-home');
  });
});

describe('Across the whole session', () => {
  it('no page raised a script error, broke the content-security-policy or missed an asset', () => {
    expect(p.problems).toEqual([]);
  });
});
