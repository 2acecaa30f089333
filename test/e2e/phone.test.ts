/**
 * At 390 × 844 (a phone) every input, button and link of every page is on the screen without
 * sideways scrolling: the test measures each control's box in Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type Portal } from './browser.js';

let p: Portal;
const WIDTH = 390;
const HEIGHT = 844;

beforeAll(async () => {
  p = await startPortal();
  const page = p.page;
  await page.goto(`${p.base}/portal/trainer/sandboxes/default/asas`);
  await page.getByLabel('Model').selectOption('ASA 5506-X');
  await page.getByLabel('Serial number (show version)').fill('JAD222605K8');
  await page.getByRole('button', { name: 'Create ASA' }).click();
  await page.goto(`${p.base}/portal/sign-in`);
  await page.getByLabel(/John Doe/).check();
  await page.locator('form:has(input[name=ccoId])').getByRole('button', { name: 'Sign in' }).click();
  await page.setViewportSize({ width: WIDTH, height: HEIGHT });
});
afterAll(async () => {
  await p?.close();
});

/** Controls a person uses whose box leaves the screen's width (hidden ones do not count). */
const OFF_SCREEN = `(() => {
  const out = [];
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href], summary')) {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY') continue;
    if (el.closest('.visually-hidden, .skip-link')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < -0.5 || r.right > window.innerWidth + 0.5)
      out.push((el.getAttribute('aria-label') || el.textContent || el.name || el.tagName).trim().slice(0, 40) + ' @' + Math.round(r.left) + '..' + Math.round(r.right));
  }
  return out;
})()`;

async function check(path: string, name: string) {
  await p.page.goto(`${p.base}${path}`);
  const overflow = await p.page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  expect(await p.page.evaluate(OFF_SCREEN), path).toEqual([]);
  await p.shot(`phone-${name}`);
}

describe('On a 390 × 844 phone screen, no control is off-screen', () => {
  it('the header and navigation leave most of the screen to the page', async () => {
    await p.page.goto(`${p.base}/portal/`);
    const main = await p.page.locator('main').boundingBox();
    expect(main?.y ?? HEIGHT).toBeLessThan(HEIGHT * 0.3);
  });

  it('wizard step 1: Quantity to Assign is on the screen', async () => {
    await p.page.goto(`${p.base}/portal/licenses/new?paks=DEMOPLS0026`);
    const qty = await p.page
      .getByLabel(/Quantity to Assign for L-AC-PLS-LIC= on PAK DEMOPLS0026/)
      .boundingBox();
    expect(qty).not.toBeNull();
    expect((qty?.x ?? 0) + (qty?.width ?? 0)).toBeLessThanOrEqual(WIDTH);
    expect(await p.page.evaluate(OFF_SCREEN)).toEqual([]);
    await p.shot('phone-register-step-1');
  });

  it.each([
    ['/portal/', 'home'],
    ['/portal/transactions', 'transactions'],
    ['/portal/devices', 'devices'],
    ['/portal/inbox', 'inbox'],
    ['/portal/asas', 'asas'],
    ['/portal/asas/JAD222605K8/console', 'console'],
    ['/portal/trainer/sandboxes/default/asas/JAD222605K8/console', 'trainer-console'],
    ['/portal/share/activation-codes', 'share-code'],
    ['/portal/share/use', 'share-use'],
    ['/portal/demo', 'demo'],
    ['/portal/smart-account-requests/new', 'smart-account-request'],
    ['/portal/trainer', 'trainer'],
    ['/portal/trainer/sandboxes/default', 'trainer-sandbox'],
    ['/portal/trainer/sandboxes/default/faults', 'trainer-faults'],
    ['/portal/trainer/sandboxes/default/asas', 'trainer-asas'],
    ['/portal/trainer/sandboxes/default/mail', 'trainer-mail'],
    ['/portal/trainer/sandboxes/default/requests', 'trainer-journal'],
    ['/portal/trainer/scenarios', 'trainer-scenarios'],
    ['/portal/trainer/classes', 'trainer-classes'],
  ])('%s', async (path, name) => {
    await check(path, name);
  });

  it('the trainer user table keeps tokens and "Sign in as" on the screen', async () => {
    await p.page.goto(`${p.base}/portal/trainer/sandboxes/default`);
    for (const el of await p.page.locator('#users code, #users button').all()) {
      const box = await el.boundingBox();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(WIDTH);
    }
  });

  it('no page raised a script error, broke the content-security-policy or missed an asset', () => {
    expect(p.problems).toEqual([]);
  });
});
