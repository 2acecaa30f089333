/** Regressions found by the reliability suite's fuzzing (issue 7): each was a 500, some left a sandbox broken. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
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

const RANGE = 'the sandbox clock runs from 1970-01-01T00:00:00.000Z to 9000-12-31T23:59:59.999Z';

async function clockAndSettings(f: Fixture) {
  const info = await t.call<{ clock: unknown; settings: unknown }>('GET', `/__admin/sandboxes/${f.sandbox}`);
  expect(info.status).toBe(200);
  return { clock: info.body.clock, settings: info.body.settings };
}

describe('Durations over 100 years are refused, and the sandbox keeps working', () => {
  it('advancing the clock by 40000000000000000000000000h is 400 INVALID_DURATION; the clock has not moved', async () => {
    const f = await sandboxWithUsers(t);
    const before = await clockAndSettings(f);
    const r = await t.call<ErrorBody>('POST', `/__admin/sandboxes/${f.sandbox}/clock`, {
      body: { action: 'advance', by: '40000000000000000000000000h' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({
      code: 'INVALID_DURATION',
      message: 'by must be at most 36500d (100 years)',
      details: { field: 'by', value: '40000000000000000000000000h' },
    });
    expect(await clockAndSettings(f)).toEqual(before);
  });

  it('a mail delay of 9999999999w is 400 INVALID_DURATION; the settings are unchanged', async () => {
    const f = await sandboxWithUsers(t);
    const before = await clockAndSettings(f);
    const r = await t.call<ErrorBody>('PATCH', `/__admin/sandboxes/${f.sandbox}/settings`, {
      body: { mailDelay: '9999999999w' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('mailDelay must be at most 36500d (100 years)');
    expect(await clockAndSettings(f)).toEqual(before);
  });
});

describe('The sandbox clock stays between 1970 and the end of 9000', () => {
  it('a sandbox cannot start in 9999: 400 CLOCK_OUT_OF_RANGE, and no sandbox is created', async () => {
    const r = await t.call<ErrorBody>('POST', '/__admin/sandboxes', {
      body: { id: 'far-future', scenario: 'demo', startTime: '9999-12-31T23:59:59.999Z' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({
      code: 'CLOCK_OUT_OF_RANGE',
      message: `startTime: ${RANGE}`,
      details: { field: 'startTime' },
    });
    expect((await t.call('GET', '/__admin/sandboxes/far-future')).status).toBe(404);
  });

  it('setting the clock to 9999 is 400; advancing past 9000 from its last day is 409; the clock stays', async () => {
    const f = await sandboxWithUsers(t);
    const set = await t.call<ErrorBody>('POST', `/__admin/sandboxes/${f.sandbox}/clock`, {
      body: { action: 'set', to: '9999-12-31T23:59:59.999Z' },
    });
    expect(set.status).toBe(400);
    expect(set.body.error.code).toBe('CLOCK_OUT_OF_RANGE');

    const lastDay = await t.call('POST', `/__admin/sandboxes/${f.sandbox}/clock`, {
      body: { action: 'set', to: '9000-12-31T00:00:00.000Z' },
    });
    expect(lastDay.status).toBe(200);
    const before = await clockAndSettings(f);
    const past = await t.call<ErrorBody>('POST', `/__admin/sandboxes/${f.sandbox}/clock`, {
      body: { action: 'advance', by: '2d' },
    });
    expect(past.status).toBe(409);
    expect(past.body.error).toEqual({
      code: 'CLOCK_OUT_OF_RANGE',
      message: `by: ${RANGE}`,
      details: { field: 'by' },
    });
    expect(await clockAndSettings(f)).toEqual(before);
  });
});

describe('Transactions History pages: an offset beyond 1,000,000,000 is a 400, not a database error', () => {
  it('offset=100000000000000000000 names the field', async () => {
    const f = await sandboxWithUsers(t);
    const r = await t.call<ErrorBody>('GET', '/api/v1/transactions?offset=100000000000000000000', {
      token: f.jdoe,
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_ERROR');
    expect(r.body.error.message).toBe('offset: must be <= 1000000000');
  });
});

describe("URLs Fastify's router refuses come back in the error shape", () => {
  it('a broken %-escape is 400 BAD_URL', async () => {
    const f = await sandboxWithUsers(t);
    const r = await t.call<ErrorBody>('GET', '/api/v1/devices/%E0%A4%A', { token: f.jdoe });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: {
        code: 'BAD_URL',
        message: "The URL is not valid: '/api/v1/devices/%E0%A4%A' is not a valid url component",
      },
    });
  });

  it('a path parameter over 100 characters is 414 PATH_PARAMETER_TOO_LONG', async () => {
    const f = await sandboxWithUsers(t);
    const r = await t.call<ErrorBody>('GET', `/api/v1/devices/${'A'.repeat(101)}`, { token: f.jdoe });
    expect(r.status).toBe(414);
    expect(r.body).toEqual({
      error: { code: 'PATH_PARAMETER_TOO_LONG', message: 'A path parameter is longer than 100 characters' },
    });
  });
});
