/** Get Other Licenses > Demo and Evaluation: the 4-week AnyConnect Plus/Apex (ASA) demo license. */
import { encodeActivationKey, NO_FEATURES } from '../domain/activation-key.js';
import { addDays, emailDate, isoDate } from '../domain/dates.js';
import { parseSendTo } from '../domain/email-address.js';
import { invalid } from '../domain/errors.js';
import {
  checkEvaluation,
  DEFAULT_EVALUATIONS_PER_SERIAL,
  DEMO_LICENSE_PRODUCT,
  EVALUATION_DAYS,
} from '../domain/ledger.js';
import { validateSerial } from '../domain/serial.js';
import type { UserRow } from '../storage/users.js';
import type { ServiceDeps } from './deps.js';
import type { WriteHook } from './idempotency.js';
import { captureMail } from './mailbox.js';
import { TERMS_NOT_AGREED_MESSAGE } from './registrations.js';
import type { Sandbox } from './sandbox.js';
import { recordTransaction } from './transactions.js';

/**
 * Get Other Licenses -> Demo and Evaluation -> Security Products -> AnyConnect Plus/Apex (ASA) Demo
 * License: "4-week Apex evaluation licenses that incorporate all Plus license functionality".
 */
export function requestDemoLicense(
  deps: ServiceDeps,
  sandbox: Sandbox,
  user: UserRow,
  input: { serial: string; sendTo?: string | string[]; agreeToTerms: boolean },
  hook?: WriteHook<unknown>,
) {
  const serial = validateSerial(input.serial, 'serial');
  const sendTo = parseSendTo(input.sendTo ?? user.email, 'sendTo');
  if (input.agreeToTerms !== true)
    throw invalid('TERMS_NOT_AGREED', TERMS_NOT_AGREED_MESSAGE, { field: 'agreeToTerms' });
  const store = sandbox.store;
  return store.write(() => {
    hook?.begin();
    const now = sandbox.nowMs();
    const today = isoDate(now);
    checkEvaluation(serial, store.devices.evaluations(serial), today, DEFAULT_EVALUATIONS_PER_SERIAL);
    const endDate = addDays(today, EVALUATION_DAYS);
    const activationKey = encodeActivationKey(sandbox.secret(), serial, {
      ...NO_FEATURES,
      anyconnectTerm: true,
      evaluationUntil: endDate,
    });
    const transactionId = recordTransaction(sandbox, user, {
      type: 'demo-license',
      processing: false,
      sendTo,
    });
    store.devices.insertEvaluation({
      serial,
      ccoId: user.ccoId,
      transactionId,
      startDate: today,
      endDate,
      activationKey,
    });
    store.devices.ensure(serial, now);
    captureMail(deps, sandbox, {
      template: 'demo-license',
      to: sendTo,
      transactionId,
      delayMs: sandbox.settings().mailDelayMs,
      data: {
        serial,
        activationKey,
        transactionId,
        startDate: emailDate(today),
        endDate: emailDate(endDate),
      },
    });
    const result = {
      transactionId,
      product: DEMO_LICENSE_PRODUCT,
      serial,
      startDate: today,
      endDate,
      message: `The License has been sent to - ${sendTo.join(', ')}`,
    };
    hook?.commit(result);
    return result;
  });
}
