/** Share License Process activation codes: "Activation Code : XXXXXXXXXX". */
import { unprocessable } from './errors.js';
import { randomUpperAlnum, type Random } from './random.js';

export const ACTIVATION_CODE_LENGTH = 10;
export const DEFAULT_ACTIVATION_CODE_TTL_MS = 30 * 86_400_000;

export function newActivationCode(random: Random): string {
  return randomUpperAlnum(random, ACTIVATION_CODE_LENGTH);
}

export function checkActivationCodeUsable(
  code: string,
  expiresMs: number,
  usedMs: number | null,
  nowMs: number,
): void {
  if (usedMs !== null) {
    throw unprocessable(
      'ACTIVATION_CODE_USED',
      `The activation code ${code} has already been used. Request another code.`,
      {
        field: 'activationCode',
      },
    );
  }
  if (nowMs >= expiresMs) {
    throw unprocessable(
      'ACTIVATION_CODE_EXPIRED',
      `The activation code ${code} has expired. If intending to use an activation code but find it has expired, request another code.`,
      { field: 'activationCode', expiredAt: new Date(expiresMs).toISOString() },
    );
  }
}
