/**
 * Post/Redirect/Get with a one-time form key. A form that changes state carries a random key; the
 * effect and the key's record (the result the page shows) commit in one transaction, through the
 * same idempotency records as the API's Idempotency-Key. The post answers 303 to a result page read
 * from that record, so reloading it, going Back, or submitting the same form twice repeats nothing.
 */
import { notFound } from '../../domain/errors.js';
import { randomUpperAlnum } from '../../domain/random.js';
import {
  fingerprint,
  findStoredResponse,
  IdempotentReplay,
  idempotentWrite,
  type IdempotencyRequest,
  type WriteHook,
} from '../../services/idempotency.js';
import type { PortalSession } from '../auth.js';
import type { RouteContext } from '../context.js';

const FORM_KEY = /^[A-Z0-9]{24}$/;

export const newFormKey = (ctx: RouteContext) => randomUpperAlnum(ctx.deps.random, 24);

/** The posted key, or a fresh one when a form came without a well-formed key (then no guard against a repeat). */
export const formKeyFrom = (ctx: RouteContext, posted: string) =>
  FORM_KEY.test(posted) ? posted : newFormKey(ctx);

function keyOf(session: PortalSession, form: string, key: string): IdempotencyRequest {
  // The form's name is the "parameters": one key serves one form.
  return {
    ccoId: session.user.ccoId,
    key: `form:${key}`,
    fingerprint: fingerprint('POST', `/portal/${form}`, null),
  };
}

/** Runs the effect once per key; a repeat gets the first result without running it. */
export function oneTimeForm<T>(
  session: PortalSession,
  form: string,
  key: string,
  effect: (hook: WriteHook<T>) => T,
): T {
  const req = keyOf(session, form, key);
  try {
    return effect(idempotentWrite<T>(session.sandbox, req, 303));
  } catch (err) {
    if (err instanceof IdempotentReplay) return err.response.body as T;
    throw err;
  }
}

/** The result a form's key recorded, for its result page. */
export function storedResult<T>(session: PortalSession, form: string, key: string): T {
  const stored = FORM_KEY.test(key) ? findStoredResponse(session.sandbox, keyOf(session, form, key)) : null;
  if (!stored) {
    throw notFound(
      'RESULT_NOT_FOUND',
      'This result page has expired (results are kept for 24 hours of sandbox time); find the transaction in Manage > Transactions History',
      { key },
    );
  }
  return stored.body as T;
}
