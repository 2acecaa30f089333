/**
 * Reading and typing in the ASA console page (xterm.js): the terminal's rows as text, and keys
 * sent to it as a person types or pastes them.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** What the terminal shows now: its rows, one line each, trailing blanks trimmed. */
export async function screen(page: Page): Promise<string> {
  const rows = await page.locator('#console .xterm-rows > div').allTextContents();
  return rows.map((r) => r.replace(/\u00a0/g, ' ').trimEnd()).join('\n');
}

/** Waits until the screen matches, and returns it. */
export async function waitForScreen(page: Page, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const until = performance.now() + timeoutMs;
  let text = '';
  while (performance.now() < until) {
    text = await screen(page);
    if (pattern.test(text)) return text;
    await page.waitForTimeout(50);
  }
  expect(text, `console never showed ${pattern}`).toMatch(pattern);
  return text;
}

export async function openConsole(page: Page): Promise<void> {
  await expect(page.locator('#console-status').textContent()).resolves.toBeDefined();
  await page.waitForSelector('#console[data-state=open]');
  await waitForScreen(page, />$/m);
  await page.locator('#console').click();
}

/** Types a line and Enter, as keystrokes. */
export async function typeLine(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** Pastes text into the terminal (one input event, as the clipboard delivers it). */
export async function paste(page: Page, text: string): Promise<void> {
  await page.keyboard.insertText(text);
}
