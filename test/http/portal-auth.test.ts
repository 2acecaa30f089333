import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type ErrorBody, type TestApp } from '../helpers/build.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const UNAUTHORIZED = {
  error: {
    code: 'UNAUTHORIZED',
    message: 'Log in with your Cisco.com ID: send Authorization: Bearer <user token>',
  },
};

describe('A portal call without a user token is refused before anything else is looked at (issue 7 security)', () => {
  it('an invalid registration body without a token is 401, not a validation error telling what is wrong', async () => {
    const r = await t.call<ErrorBody>('POST', '/api/v1/registrations', { body: { devices: 'not a list' } });
    expect(r.status).toBe(401);
    expect(r.body).toEqual(UNAUTHORIZED);
  });

  it('a query string out of range without a token is 401 too', async () => {
    const r = await t.call<ErrorBody>('GET', '/api/v1/transactions?limit=0');
    expect(r.status).toBe(401);
    expect(r.body).toEqual(UNAUTHORIZED);
  });

  it('a body over the size limit from an unknown token is 401 INVALID_TOKEN: it is never read', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/registrations',
      headers: { authorization: 'Bearer lps_unknown', 'content-type': 'application/json' },
      payload: JSON.stringify({ paks: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(r.statusCode).toBe(401);
    expect(JSON.parse(r.body).error.code).toBe('INVALID_TOKEN');
  });
});
