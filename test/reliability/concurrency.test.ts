/**
 * Races over real sockets against two server processes sharing one DATA_DIR: each process has its own
 * SQLite connections, so the only thing keeping quantities right is the database transaction.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Proc } from '../../bench/lib/processes.js';
import {
  call,
  flushRequestCount,
  latestMail,
  order,
  sandboxWithUser,
  startServer,
  type ErrorBody,
  type Reply,
} from './support/server.js';

let dataDir: string;
let servers: Proc[];
/** Alternates between the two processes. */
const base = (i: number) => (servers[i % servers.length] as Proc).url;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lps-race-'));
  // The first one creates the registry; the second opens the same files.
  const first = await startServer({ dataDir });
  servers = [first, await startServer({ dataDir })];
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(dataDir, { recursive: true, force: true });
  flushRequestCount();
});

const serial = (prefix: string, i: number) => `${prefix}${String(i).padStart(6, '0')}`;
const codes = (replies: Reply[]) => replies.map((r) => (r.body as ErrorBody).error?.code);

describe('200 concurrent registrations racing for one PAK line of 50 users', () => {
  it('assign exactly the 50 available; the other 150 are refused with 409 QUANTITY_NOT_AVAILABLE', async () => {
    const token = await sandboxWithUser(base(0), 'race-line');
    const [pak] = await order(base(0), 'race-line', 'jdoe', [{ sku: 'L-AC-PLS-LIC=', users: 50 }]);
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        call(base(i), 'POST', '/api/v1/registrations', {
          token,
          body: {
            paks: pak,
            devices: [serial('LINE', i)],
            lines: [{ sku: 'L-AC-PLS-LIC=', quantity: 1 }],
            agreeToTerms: true,
          },
        }),
      ),
    );
    const won = replies.filter((r) => r.status === 201);
    const lost = replies.filter((r) => r.status !== 201);
    expect(won).toHaveLength(50);
    expect(new Set(lost.map((r) => r.status))).toEqual(new Set([409]));
    expect(new Set(codes(lost))).toEqual(new Set(['QUANTITY_NOT_AVAILABLE']));

    const lookup = await call<{
      paks: Array<{ lines: Array<{ quantityAssigned: number; quantityAvailable: number }> }>;
    }>(base(1), 'GET', `/api/v1/paks?ids=${pak}`, { token });
    expect(lookup.body.paks[0]?.lines[0]).toMatchObject({ quantityAssigned: 50, quantityAvailable: 0 });
    const history = await call<{ total: number }>(base(0), 'GET', '/api/v1/transactions?limit=1', { token });
    expect(history.body.total).toBe(50);
    // Each winner's ASA holds its license; no loser's ASA holds anything.
    const devices = await Promise.all(
      replies.map((_, i) => call(base(i), 'GET', `/api/v1/devices/${serial('LINE', i)}`, { token })),
    );
    expect(devices.map((d) => d.status)).toEqual(replies.map((r) => (r.status === 201 ? 200 : 404)));
  });
});

describe('One VPN Only PAK raced by 20 devices', () => {
  it('goes to exactly one ASA; the other 19 are told it is already assigned (409)', async () => {
    const token = await sandboxWithUser(base(0), 'race-vpno');
    const [pak] = await order(base(0), 'race-vpno', 'jdoe', [{ sku: 'L-AC-VPNO-25=' }]);
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(base(i), 'POST', '/api/v1/registrations', {
          token,
          body: { paks: pak, devices: [serial('VPNO', i)], agreeToTerms: true },
        }),
      ),
    );
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    const lost = replies.filter((r) => r.status !== 201);
    expect(new Set(lost.map((r) => r.status))).toEqual(new Set([409]));
    expect(new Set(codes(lost))).toEqual(new Set(['NOTHING_TO_ASSIGN']));
    const history = await call<{ total: number }>(base(1), 'GET', '/api/v1/transactions?limit=1', { token });
    expect(history.body.total).toBe(1);
  });
});

describe('One activation code used by 20 concurrent shares', () => {
  it('starts exactly one share; the other 19 are told the code was used (422), and the target gets the license once', async () => {
    const token = await sandboxWithUser(base(0), 'race-share');
    const [pak] = await order(base(0), 'race-share', 'jdoe', [{ sku: 'L-AC-PLS-LIC=', users: 25 }]);
    const registered = await call(base(0), 'POST', '/api/v1/registrations', {
      token,
      body: { paks: pak, devices: ['SRC0000001'], agreeToTerms: true },
    });
    expect(registered.status).toBe(201);
    const requested = await call(base(1), 'POST', '/api/v1/activation-codes', {
      token,
      body: {
        product: 'ASA AnyConnect Term and Content',
        sourceSerial: 'SRC0000001',
        targetSerial: 'TGT0000001',
      },
    });
    expect(requested.status).toBe(201);
    const code = /Activation Code : (\w+)/.exec(
      await latestMail(base(0), 'race-share', 'Device Registration'),
    )?.[1];
    expect(code).toMatch(/^[A-Z0-9]{10}$/);

    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(base(i), 'POST', '/api/v1/shares', {
          token,
          body: { activationCode: code, agreeToTerms: true },
        }),
      ),
    );
    expect(replies.filter((r) => r.status === 202)).toHaveLength(1);
    const lost = replies.filter((r) => r.status !== 202);
    expect(new Set(lost.map((r) => r.status))).toEqual(new Set([422]));
    expect(new Set(codes(lost))).toEqual(new Set(['ACTIVATION_CODE_USED']));

    const moved = await call(base(0), 'POST', '/__admin/sandboxes/race-share/clock', {
      body: { action: 'advance', by: '15m' },
    });
    expect(moved.status).toBe(200);
    const target = await call<{ licenses: Array<{ sharedFrom: string | null }> }>(
      base(1),
      'GET',
      '/api/v1/devices/TGT0000001',
      { token },
    );
    expect(target.status).toBe(200);
    expect(target.body.licenses).toHaveLength(1);
    expect(target.body.licenses[0]?.sharedFrom).toBe('SRC0000001');
  });
});
