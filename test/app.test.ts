import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { ScenarioError } from '../src/domain/scenario.js';
import { ManualTime } from './helpers/build.js';

const LAB = `# A lab with one user and one active PAK
clock:
  start: 2026-03-02T09:00:00Z
  frozen: true
users:
  - ccoId: jdoe
    email: john.doe@example.com
    name: John Doe
orders:
  - ccoId: jdoe
    shippedAt: -2d
    lines:
      - sku: L-AC-PLS-P-G
        pak: LABPERPETUA
`;

let dir: string;
let scenarios: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lps-boot-'));
  scenarios = join(dir, 'scenarios');
  mkdirSync(scenarios);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => writeFileSync(join(scenarios, name), text);

async function start(dataDir = ':memory:') {
  const built = await buildApp({
    dataDir,
    adminToken: null,
    seed: 'demo',
    scenariosDir: scenarios,
    time: new ManualTime(),
  });
  const get = async <T>(url: string, token?: string) => {
    const r = await built.app.inject({ url, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: r.statusCode, body: JSON.parse(r.body) as T };
  };
  return { ...built, get };
}

type Users = { users: Array<{ ccoId: string; token: string }> };
type List = { sandboxes: Array<{ id: string; scenario: string }> };

describe('Boot loads SCENARIOS_DIR, one sandbox per file, and only then is the server ready', () => {
  it('/readyz is 503 until boot has loaded every file, then 200', async () => {
    write('lab.yaml', LAB);
    write('shop.json', JSON.stringify({ clock: { frozen: true } }));
    const s = await start();
    try {
      expect((await s.get('/readyz')).status).toBe(503);
      expect(await s.boot()).toEqual({ scenarios: ['lab', 'shop'] });
      expect((await s.get('/readyz')).status).toBe(200);
      const list = await s.get<List>('/__admin/sandboxes');
      expect(list.body.sandboxes.map((x) => [x.id, x.scenario])).toEqual([
        ['default', 'demo'],
        ['lab', 'lab'],
        ['shop', 'shop'],
      ]);
      const users = await s.get<Users>('/__admin/sandboxes/lab/users');
      const pak = await s.get('/api/v1/paks?ids=LABPERPETUA', users.body.users[0]?.token);
      expect(pak.status).toBe(200);
    } finally {
      await s.app.close();
    }
  });

  it('a loaded scenario is a named scenario: every test can create its own fresh copy', async () => {
    write('lab.yaml', LAB);
    const s = await start();
    try {
      await s.boot();
      const r = await s.app.inject({
        method: 'POST',
        url: '/__admin/sandboxes',
        payload: { id: 'lab-2', scenario: 'lab' },
      });
      expect(r.statusCode).toBe(201);
      const copy = JSON.parse(r.body) as Users & { scenario: string; clock: { now: string } };
      expect(copy).toMatchObject({ scenario: 'lab', clock: { now: '2026-03-02T09:00:00.000Z' } });
      const original = await s.get<Users>('/__admin/sandboxes/lab/users');
      expect(copy.users[0]?.token).not.toBe(original.body.users[0]?.token);
    } finally {
      await s.app.close();
    }
  });

  it('a bad file stops boot with its file, line, path and problem, and no sandbox of any file is left', async () => {
    write('a-good.yaml', LAB);
    write('lab.yaml', LAB.replace('L-AC-PLS-P-G', 'L-AC-FOO'));
    const s = await start();
    try {
      const failure = await s.boot().catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(ScenarioError);
      expect((failure as ScenarioError).message).toBe(
        `${join(scenarios, 'lab.yaml')}:13: orders[0].lines[0].sku: L-AC-FOO is not an AnyConnect part in the catalog`,
      );
      expect((await s.get('/readyz')).status).toBe(503);
      expect((await s.get<List>('/__admin/sandboxes')).body.sandboxes).toEqual([]);
    } finally {
      await s.app.close();
    }
  });

  it('a file whose id is default replaces the demo default sandbox', async () => {
    write('default.yaml', 'users:\n  - ccoId: trainee\n    email: trainee@example.com\n    name: Trainee\n');
    const s = await start();
    try {
      await s.boot();
      const users = await s.get<Users>('/__admin/sandboxes/default/users');
      expect(users.body.users.map((u) => u.ccoId)).toEqual(['trainee']);
    } finally {
      await s.app.close();
    }
  });
});

describe('On a persistent DATA_DIR, a restart keeps what was built from an unchanged file', () => {
  it('unchanged: the sandbox keeps its state and tokens; changed: it is rebuilt from the file', async () => {
    write('lab.yaml', LAB);
    const dataDir = join(dir, 'data');
    let s = await start(dataDir);
    await s.boot();
    const token = (await s.get<Users>('/__admin/sandboxes/lab/users')).body.users[0]?.token as string;
    const reg = await s.app.inject({
      method: 'POST',
      url: '/api/v1/registrations',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        paks: 'LABPERPETUA',
        devices: ['JAD222605K8'],
        lines: [{ sku: 'L-AC-PLS-P-G', quantity: 1 }],
        agreeToTerms: true,
      },
    });
    expect(reg.statusCode).toBe(201);
    await s.app.close();

    s = await start(dataDir);
    await s.boot();
    expect((await s.get<{ total: number }>('/api/v1/transactions', token)).body.total).toBe(1);
    await s.app.close();

    write('lab.yaml', LAB.replace('John Doe', 'Johnny Doe'));
    s = await start(dataDir);
    await s.boot();
    expect((await s.get('/api/v1/transactions', token)).status).toBe(401);
    const users = await s.get<Users & { users: Array<{ name: string }> }>('/__admin/sandboxes/lab/users');
    expect(users.body.users[0]?.name).toBe('Johnny Doe');
    await s.app.close();
  });
});
