/**
 * The real server in this process on an ephemeral port, and Debian's Chromium (never a downloaded
 * browser) driven by playwright-core with a fresh profile.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildApp, type BuiltApp } from '../../src/app.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export interface Portal {
  built: BuiltApp;
  base: string;
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors, console errors (a CSP violation shows up here), failed asset loads. */
  problems: string[];
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startPortal(options: { adminToken?: string | null } = {}): Promise<Portal> {
  const built = await buildApp({ dataDir: ':memory:', adminToken: options.adminToken ?? null, seed: 'demo' });
  const address = await built.app.listen({ host: '127.0.0.1', port: 0 });
  await built.boot();
  const profile = mkdtempSync(join(tmpdir(), 'lps-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 860 },
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  // A page answered 400 with the form's errors is expected; a script or stylesheet missing is not.
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
      problems.push(`console: ${msg.text()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== 'document')
      problems.push(`${res.status()} ${res.url()}`);
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    built,
    base: address,
    context,
    page,
    problems,
    shot: async (name) => {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    close: async () => {
      await context.close();
      await built.app.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
