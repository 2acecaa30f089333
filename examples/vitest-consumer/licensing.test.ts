/**
 * A consumer's test suite: the project under test (here, a tiny "license client") talks HTTP to the
 * simulator, which runs inside the test process. Copy this file into your project after
 * `npm install --save-dev license-portal-sim`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPortal, type Portal, type PortalSandbox } from 'license-portal-sim';

/** The code under test: what a licensing automation would do against the real portal. */
async function registerPak(baseUrl: string, token: string, pak: string, serial: string) {
  const res = await fetch(`${baseUrl}/api/v1/registrations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ paks: pak, devices: [serial], agreeToTerms: true }),
  });
  const body = (await res.json()) as { transactionId?: string; error?: { code: string; message: string } };
  if (!res.ok) throw new Error(body.error?.message);
  return body.transactionId as string;
}

let portal: Portal;
let sandbox: PortalSandbox;

beforeAll(async () => {
  portal = await startPortal();
});
afterAll(() => portal.close());
// A fresh sandbox per test: tests stay independent and can run in parallel against one server.
beforeEach(async () => {
  sandbox = await portal.createSandbox({ frozen: true });
});

describe('our license client', () => {
  it('registers a PAK and the activation key arrives by email', async () => {
    const tx = await registerPak(portal.url, sandbox.tokens.jdoe as string, 'DEMOPLS0026', 'JAD222605K8');
    expect(tx).toMatch(/^\d{10}$/);
    const mail = await portal.mailbox(sandbox.id, { subject: 'activation key' });
    expect(mail).toHaveLength(1);
  });

  it('surfaces the portal error for a PAK that is not active yet, and succeeds 4 hours later', async () => {
    await expect(
      registerPak(portal.url, sandbox.tokens.jdoe as string, 'DEMOPENDING', 'JAD222605K8'),
    ).rejects.toThrow('PAK/s or Token/s DEMOPENDING is / are either Invalid or Inactive');
    await portal.advanceClock(sandbox.id, '4h');
    await expect(
      registerPak(portal.url, sandbox.tokens.jdoe as string, 'DEMOPENDING', 'JAD222605K8'),
    ).resolves.toMatch(/^\d{10}$/);
  });
});
