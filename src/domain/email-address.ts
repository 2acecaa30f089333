/** "Enter multiple email addresses separated by commas." */
import { invalid } from './errors.js';

/** Pragmatic address check: one @, a dotted domain, no spaces; what a web form would accept. */
const ADDRESS =
  /^[^\s@,;<>"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && ADDRESS.test(value);
}

export function parseSendTo(input: string | readonly string[], field = 'sendTo'): string[] {
  const parts = (typeof input === 'string' ? input.split(',') : input.flatMap((s) => s.split(',')))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (parts.length === 0) {
    throw invalid('SEND_TO_REQUIRED', `${field}: enter at least one email address to send the license to`, {
      field,
    });
  }
  parts.forEach((address, i) => {
    if (!isEmailAddress(address)) {
      throw invalid('SEND_TO_INVALID', `${field}: "${address}" is not a valid email address`, {
        field: `${field}[${i}]`,
        value: address,
      });
    }
  });
  return [...new Set(parts.map((a) => a.toLowerCase()))];
}
