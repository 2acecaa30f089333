import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint, idempotentWrite, IdempotentReplay } from '../../src/services/idempotency.js';
import { register } from '../../src/services/registrations.js';
import {
  advance,
  buildTestApp,
  order,
  sandboxWithUsers,
  type ErrorBody,
  type Fixture,
  type TestApp,
} from '../helpers/build.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const body = {
  paks: 'IDEMPAK0001',
  lines: [{ sku: 'L-AC-PLS-LIC=', quantity: 1 }],
  devices: ['JAD222605K8'],
  agreeToTerms: true,
};

async function fixture(): Promise<Fixture> {
  const f = await sandboxWithUsers(t);
  await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-LIC=', users: 10, pak: 'IDEMPAK0001' }] });
  await t.call('DELETE', `/__admin/sandboxes/${f.sandbox}/mail`);
  return f;
}

const post = (f: Fixture, key: string | undefined, payload: object = body, token = f.jdoe) =>
  t.call<{ transactionId: string } & ErrorBody>('POST', '/api/v1/registrations', {
    token,
    body: payload,
    headers: key === undefined ? {} : { 'idempotency-key': key },
  });

/** Effects a registration leaves: transactions, emails, assigned quantity. */
async function effects(f: Fixture) {
  const tx = await t.call<{ total: number }>('GET', '/api/v1/transactions', { token: f.jdoe });
  const mail = await t.call<{ messages: unknown[] }>(
    'GET',
    `/__admin/sandboxes/${f.sandbox}/mail?folder=all`,
  );
  return {
    transactions: tx.body.total,
    emails: mail.body.messages.length,
    assigned: t.context.deps.dbs.get(f.sandbox)?.paks.lines('IDEMPAK0001')[0]?.assigned,
  };
}

describe('Idempotency-Key: the first response is stored and replayed', () => {
  it('a replay returns the identical status and body, marked Idempotent-Replayed, and causes one effect (one transaction, one email)', async () => {
    const f = await fixture();
    const first = await post(f, 'order-42-register');
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const replay = await post(f, 'order-42-register');
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.text).toBe(first.text);
    expect(await effects(f)).toEqual({ transactions: 1, emails: 1, assigned: 1 });
  });

  it('the same parameters in another key order are the same request', async () => {
    const f = await fixture();
    const first = await post(f, 'k1');
    const reordered = await post(f, 'k1', {
      agreeToTerms: true,
      devices: ['JAD222605K8'],
      lines: [{ quantity: 1, sku: 'L-AC-PLS-LIC=' }],
      paks: 'IDEMPAK0001',
    });
    expect(reordered.headers['idempotent-replayed']).toBe('true');
    expect(reordered.text).toBe(first.text);
  });

  it('without a key every request is a new one', async () => {
    const f = await fixture();
    await post(f, undefined);
    await post(f, undefined, { ...body, devices: ['JAD222605K9'] });
    expect((await effects(f)).transactions).toBe(2);
  });

  it('concurrent requests with the same key give one effect; every one gets the same answer', async () => {
    const f = await fixture();
    const results = await Promise.all(Array.from({ length: 6 }, () => post(f, 'burst')));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    expect(results.filter((r) => r.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
    expect(await effects(f)).toEqual({ transactions: 1, emails: 1, assigned: 1 });
  });
});

describe('Idempotency-Key: Stripe rules', () => {
  it('the same key with different parameters is 409 IDEMPOTENCY_KEY_REUSED and changes nothing', async () => {
    const f = await fixture();
    await post(f, 'reused');
    const before = await effects(f);
    const r = await post(f, 'reused', { ...body, devices: ['JAD222605K9'] });
    expect(r.status).toBe(409);
    expect(r.body.error).toEqual({
      code: 'IDEMPOTENCY_KEY_REUSED',
      message:
        'Idempotency-Key reused was already used for a request with different parameters; use a new key for a new request',
      details: { field: 'Idempotency-Key' },
    });
    expect(await effects(f)).toEqual(before);
  });

  it('keys are scoped per user: another user may use the same key for their own request', async () => {
    const f = await fixture();
    await order(t, f.sandbox, {
      ccoId: 'asmith',
      lines: [{ sku: 'L-AC-PLS-LIC=', users: 5, pak: 'IDEMPAK0002' }],
    });
    await post(f, 'shared-key');
    const theirs = await post(f, 'shared-key', { ...body, paks: 'IDEMPAK0002' }, f.asmith);
    expect(theirs.status).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
  });

  it('a key expires after 24 hours of sandbox time: then it is a new request', async () => {
    const f = await fixture();
    const first = await post(f, 'daily');
    await advance(t, f.sandbox, '23h59m');
    expect((await post(f, 'daily')).headers['idempotent-replayed']).toBe('true');
    await advance(t, f.sandbox, '1m');
    // Free again, so another ASA may be registered under it (the same PAK to the same ASA would be refused).
    const next = { ...body, devices: ['JAD222605K9'] };
    const after = await post(f, 'daily', next);
    expect(after.status).toBe(201);
    expect(after.headers['idempotent-replayed']).toBeUndefined();
    expect(after.body.transactionId).not.toBe(first.body.transactionId);
    expect((await effects(f)).transactions).toBe(2);
    // The new answer is what the key replays from now on.
    expect((await post(f, 'daily', next)).text).toBe(after.text);
  });

  it('a request that failed (validation, or a refusal before any effect) stores nothing: the key stays free', async () => {
    const f = await fixture();
    const invalid = await post(f, 'retry-me', { ...body, agreeToTerms: false });
    expect(invalid.status).toBe(400);
    const unknown = await post(f, 'retry-me', { ...body, paks: 'NOSUCHPAK01' });
    expect(unknown.status).toBe(404);
    const schema = await post(f, 'retry-me', { ...body, devices: 'JAD222605K8' });
    expect(schema.status).toBe(400);
    expect(await effects(f)).toEqual({ transactions: 0, emails: 0, assigned: 0 });
    const ok = await post(f, 'retry-me');
    expect(ok.status).toBe(201);
    expect(ok.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses a key that is empty, too long or not printable ASCII', async () => {
    const f = await fixture();
    for (const key of ['', 'k'.repeat(256), 'clé']) {
      const r = await post(f, key);
      expect(r.status, key).toBe(400);
      expect(r.body.error).toEqual({
        code: 'INVALID_IDEMPOTENCY_KEY',
        message: 'Idempotency-Key: one key of 1 to 255 printable ASCII characters',
        details: { field: 'Idempotency-Key' },
      });
    }
    expect((await effects(f)).transactions).toBe(0);
  });

  it('GET requests ignore the header', async () => {
    const f = await fixture();
    const r = await t.call('GET', '/api/v1/transactions', {
      token: f.jdoe,
      headers: { 'idempotency-key': 'x' },
    });
    expect(r.status).toBe(200);
    expect(r.headers['idempotent-replayed']).toBeUndefined();
  });
});

describe('The stored response commits in the same transaction as the effect', () => {
  it('a request that passed the first look-up while another one committed the key replays inside its transaction, with no second effect', async () => {
    const f = await fixture();
    const sandbox = t.context.sandboxes.open(f.sandbox);
    const user = sandbox.store.users.get('jdoe');
    if (!user) throw new Error('no user');
    const request = {
      ccoId: 'jdoe',
      key: 'race',
      fingerprint: fingerprint('POST', '/api/v1/registrations', body),
    };
    // Both requests found no record before their write; the first one commits.
    const first = register(t.context.deps, sandbox, user, body, idempotentWrite(sandbox, request, 201));
    let replayed: unknown = null;
    try {
      register(t.context.deps, sandbox, user, body, idempotentWrite(sandbox, request, 201));
    } catch (err) {
      replayed = err;
    }
    expect(replayed).toBeInstanceOf(IdempotentReplay);
    expect((replayed as IdempotentReplay).response).toEqual({ status: 201, body: first });
    expect(await effects(f)).toEqual({ transactions: 1, emails: 1, assigned: 1 });

    const other = {
      ...request,
      fingerprint: fingerprint('POST', '/api/v1/registrations', { ...body, devices: ['X1234'] }),
    };
    expect(() => register(t.context.deps, sandbox, user, body, idempotentWrite(sandbox, other, 201))).toThrow(
      expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' }),
    );
    expect(await effects(f)).toEqual({ transactions: 1, emails: 1, assigned: 1 });
  });

  it('when storing the record fails, the registration is rolled back with it', async () => {
    const f = await fixture();
    const sandbox = t.context.sandboxes.open(f.sandbox);
    const user = sandbox.store.users.get('jdoe');
    if (!user) throw new Error('no user');
    const hook = {
      begin: () => undefined,
      commit: () => {
        throw new Error('disk full');
      },
    };
    expect(() => register(t.context.deps, sandbox, user, body, hook)).toThrow('disk full');
    expect(await effects(f)).toEqual({ transactions: 0, emails: 0, assigned: 0 });
  });

  it('every portal POST honours the key, even one whose use case takes no hook', async () => {
    // POST /api/v1/demo-licenses stores its answer after the fact: without the key, the second call
    // would be refused (DEMO_LICENSE_ACTIVE) and a second key emailed.
    const f = await sandboxWithUsers(t);
    const send = (serial: string) =>
      t.call<{ transactionId: string }>('POST', '/api/v1/demo-licenses', {
        token: f.jdoe,
        body: { serial, agreeToTerms: true },
        headers: { 'idempotency-key': 'demo-1' },
      });
    const first = await send('JAD222605K8');
    expect(first.status).toBe(201);
    const again = await send('JAD222605K8');
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const mail = await t.call<{ messages: unknown[] }>(
      'GET',
      `/__admin/sandboxes/${f.sandbox}/mail?subject=activation%20key`,
    );
    expect(mail.body.messages).toHaveLength(1);
    expect((await send('JAD222605K9')).status).toBe(409);
  });
});
