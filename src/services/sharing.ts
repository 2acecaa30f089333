import { strToU8, zipSync } from 'fflate';
import { checkActivationCodeUsable, newActivationCode } from '../domain/activation-code.js';
import { findSku, PRODUCT_FAMILY } from '../domain/catalog.js';
import { emailDate } from '../domain/dates.js';
import { checkDevice, shareableTier, VPN_ONLY_NOT_TRANSFERABLE_MESSAGE } from '../domain/device-rules.js';
import { parseSendTo } from '../domain/email-address.js';
import { DomainError, conflict, forbidden, invalid, notFound, unprocessable } from '../domain/errors.js';
import { validateSerial } from '../domain/serial.js';
import type { DeviceLicenseRow } from '../storage/devices.js';
import type { UserRow } from '../storage/users.js';
import type { WriteHook } from './idempotency.js';
import type { ServiceDeps } from './deps.js';
import { activeLicenses, grantLicenses } from './devices.js';
import { schedule } from './due-work.js';
import { captureMail } from './mailbox.js';
import { TERMS_NOT_AGREED_MESSAGE } from './registrations.js';
import type { Sandbox } from './sandbox.js';
import { recordTransaction } from './transactions.js';

export const SHARE_NOT_REGISTRANT_MESSAGE =
  'This process must be done using the Cisco.com ID that registered the original Product Activation Key. If this employee is no longer with your company, you will need to open up a ticket with Cisco Global Licensing for further assistance. Choose the Contact Us option on the License Registration Portal for further instructions on opening a licensing support case.';
export const ACTIVATION_CODE_SUBMITTED =
  'The request for an activation code has been successfully submitted. Email confirmation will be sent to these email addresses -';
export const SHARE_PROCESSING_MESSAGE = 'Transaction is continuing to be processed';

export interface ActivationCodeRequest {
  product: string;
  sourceSerial: string;
  targetSerial: string;
  sendTo?: string | string[];
}

export interface SourceSkuRow {
  lineId: number;
  productSku: string;
  optionSku: string;
  quantity: number;
  licenseStartDate: string;
  licenseEndDate: string | null;
  description: string;
  shareReason: string;
  pak: string;
  shareable: boolean;
  notShareableReason: string | null;
}

/** Source licenses this user may share: one row per PAK line on the source ASA. */
function sourceRows(
  sandbox: Sandbox,
  user: UserRow,
  serial: string,
): { all: DeviceLicenseRow[]; mine: SourceSkuRow[] } {
  const all = activeLicenses(sandbox, serial);
  const byLine = new Map<number, SourceSkuRow>();
  for (const l of all) {
    if (byLine.has(l.pakLineId) || sandbox.store.paks.registrant(l.pak) !== user.ccoId) continue;
    const sku = findSku(l.sku);
    const share = shareableTier(sku?.tier ?? 'plus');
    byLine.set(l.pakLineId, {
      lineId: l.pakLineId,
      productSku: l.sku,
      optionSku: '',
      quantity: l.quantity,
      licenseStartDate: l.startDate,
      licenseEndDate: l.endDate,
      description: sku?.description ?? l.sku,
      shareReason: '',
      pak: l.pak,
      shareable: share.shareable,
      notShareableReason: share.shareable ? null : share.reason,
    });
  }
  return { all, mine: [...byLine.values()] };
}

function checkSerials(input: { sourceSerial: string; targetSerial: string }) {
  const source = validateSerial(input.sourceSerial, 'sourceSerial');
  const target = validateSerial(input.targetSerial, 'targetSerial');
  if (source === target) {
    throw invalid(
      'SHARE_SAME_SERIAL',
      'targetSerial: the Target ASA Serial Number must differ from the Source ASA Serial Number',
      {
        field: 'targetSerial',
      },
    );
  }
  return { source, target };
}

/** Get Activation Codes: "Apply the licensed features of an existing device to additional devices." */
export function requestActivationCode(
  deps: ServiceDeps,
  sandbox: Sandbox,
  user: UserRow,
  input: ActivationCodeRequest,
  /** The one-time form key's record, committed with the effect (see idempotency.ts). */
  hook?: WriteHook<unknown>,
) {
  if (input.product !== PRODUCT_FAMILY) {
    throw invalid(
      'PRODUCT_UNKNOWN',
      `product: the Share License Process here covers ${PRODUCT_FAMILY}, not "${input.product}"`,
      {
        field: 'product',
      },
    );
  }
  const { source, target } = checkSerials(input);
  const sendTo = parseSendTo(input.sendTo ?? user.email, 'sendTo');
  const { all, mine } = sourceRows(sandbox, user, source);
  if (all.length === 0) {
    throw notFound(
      'SOURCE_HAS_NO_LICENSES',
      `sourceSerial: ASA serial number ${source} has no licenses to share`,
      { field: 'sourceSerial' },
    );
  }
  if (mine.length === 0)
    throw forbidden('SHARE_NOT_REGISTRANT', SHARE_NOT_REGISTRANT_MESSAGE, { field: 'sourceSerial' });
  if (!mine.some((r) => r.shareable)) {
    throw unprocessable(
      'LICENSE_NOT_SHAREABLE',
      mine[0]?.notShareableReason ?? VPN_ONLY_NOT_TRANSFERABLE_MESSAGE,
      { field: 'sourceSerial' },
    );
  }
  const store = sandbox.store;
  return store.write(() => {
    hook?.begin();
    const now = sandbox.nowMs();
    const expiresMs = now + sandbox.settings().activationCodeTtlMs;
    let code = newActivationCode(sandbox.random);
    while (store.activationCodes.exists(code)) code = newActivationCode(sandbox.random);
    const transactionId = recordTransaction(sandbox, user, {
      type: 'activation-code',
      processing: false,
      sendTo,
    });
    store.activationCodes.insert({
      code,
      ccoId: user.ccoId,
      sourceSerial: source,
      targetSerial: target,
      transactionId,
      createdMs: now,
      expiresMs,
    });
    captureMail(deps, sandbox, {
      template: 'device-registration',
      to: sendTo,
      transactionId,
      delayMs: sandbox.settings().mailDelayMs,
      data: {
        activationCode: code,
        sourceSerial: source,
        targetSerial: target,
        expiresAt: emailDate(new Date(expiresMs).toISOString().slice(0, 10)),
      },
    });
    const result = {
      transactionId,
      message: `${ACTIVATION_CODE_SUBMITTED} ${sendTo.join(', ')}`,
      sentTo: sendTo,
      expiresAt: new Date(expiresMs).toISOString(),
    };
    hook?.commit(result);
    return result;
  });
}

function usableCode(sandbox: Sandbox, user: UserRow, code: string) {
  const entered = code.trim().toUpperCase();
  const row = sandbox.store.activationCodes.get(entered);
  if (!row || row.ccoId !== user.ccoId) {
    throw notFound(
      'ACTIVATION_CODE_INVALID',
      `The activation code ${code.trim()} is not valid for ${user.ccoId}`,
      { field: 'activationCode' },
    );
  }
  checkActivationCodeUsable(row.code, row.expiresMs, row.usedMs, sandbox.nowMs());
  return row;
}

/** Use Activation Codes, steps 1-2: the Source and Target Details and the Source SKU Selection table. */
export function shareOptions(sandbox: Sandbox, user: UserRow, code: string) {
  const row = usableCode(sandbox, user, code);
  return {
    activationCode: row.code,
    sourceSerial: row.sourceSerial,
    targetSerial: row.targetSerial,
    expiresAt: new Date(row.expiresMs).toISOString(),
    skus: sourceRows(sandbox, user, row.sourceSerial).mine,
  };
}

export interface ShareInput {
  activationCode: string;
  /** lineIds from the Source SKU Selection; all shareable rows when absent. */
  lines?: number[];
  sendTo?: string | string[];
  endUser?: { name?: string; company?: string; email?: string };
  agreeToTerms: boolean;
}

/** Use Activation Codes, step 3 (Review) and submit: "Transaction is continuing to be processed". */
export function useActivationCode(
  deps: ServiceDeps,
  sandbox: Sandbox,
  user: UserRow,
  input: ShareInput,
  hook?: WriteHook<unknown>,
) {
  const sendTo = parseSendTo(input.sendTo ?? user.email, 'sendTo');
  if (input.agreeToTerms !== true)
    throw invalid('TERMS_NOT_AGREED', TERMS_NOT_AGREED_MESSAGE, { field: 'agreeToTerms' });
  const store = sandbox.store;
  return store.write(() => {
    hook?.begin();
    const code = usableCode(sandbox, user, input.activationCode);
    const rows = sourceRows(sandbox, user, code.sourceSerial).mine;
    let chosen = rows.filter((r) => r.shareable);
    if (input.lines !== undefined) {
      if (input.lines.length === 0)
        throw invalid('NO_LICENSES_SELECTED', 'lines: select at least one license to share', {
          field: 'lines',
        });
      chosen = input.lines.map((id, i) => {
        const row = rows.find((r) => r.lineId === id);
        if (!row)
          throw invalid(
            'LINE_NOT_ON_SOURCE',
            `lines[${i}]: ${id} is not a license on ${code.sourceSerial} that you can share`,
            { field: `lines[${i}]` },
          );
        if (!row.shareable)
          throw unprocessable('LICENSE_NOT_SHAREABLE', row.notShareableReason as string, {
            field: `lines[${i}]`,
            sku: row.productSku,
          });
        return row;
      });
    }
    if (chosen.length === 0)
      throw unprocessable('LICENSE_NOT_SHAREABLE', VPN_ONLY_NOT_TRANSFERABLE_MESSAGE, { field: 'lines' });
    const onTarget = new Set(activeLicenses(sandbox, code.targetSerial).map((l) => l.pakLineId));
    if (chosen.every((r) => onTarget.has(r.lineId))) {
      throw conflict('ALREADY_ON_TARGET', `Every selected license is already on ${code.targetSerial}`, {
        field: 'lines',
      });
    }
    checkDevice(
      code.targetSerial,
      activeLicenses(sandbox, code.targetSerial).map((l) => findSku(l.sku)?.tier ?? 'plus'),
      chosen.map((r) => ({ sku: r.productSku, tier: findSku(r.productSku)?.tier ?? 'plus' })),
      store.asaDevices.get(code.targetSerial)?.failoverRole ?? null,
    );

    const now = sandbox.nowMs();
    const transactionId = recordTransaction(sandbox, user, {
      type: 'share',
      processing: true,
      sendTo,
      endUser: input.endUser,
    });
    if (!store.activationCodes.use(code.code, now, transactionId)) {
      throw unprocessable(
        'ACTIVATION_CODE_USED',
        `The activation code ${code.code} has already been used. Request another code.`,
        {
          field: 'activationCode',
        },
      );
    }
    for (const r of chosen.filter((c) => !onTarget.has(c.lineId))) {
      store.registrations.insertShareLine({
        transactionId,
        pakLineId: r.lineId,
        quantity: r.quantity,
        sourceSerial: code.sourceSerial,
        targetSerial: code.targetSerial,
      });
    }
    schedule(sandbox, now + sandbox.settings().shareDelayMs, 'complete-share', { transactionId });
    const result = {
      transactionId,
      status: 'processing' as const,
      message: SHARE_PROCESSING_MESSAGE,
      sourceSerial: code.sourceSerial,
      targetSerial: code.targetSerial,
      licenses: chosen.map((r) => ({
        sku: r.productSku,
        quantity: r.quantity,
        licenseStartDate: r.licenseStartDate,
        licenseEndDate: r.licenseEndDate,
      })),
    };
    hook?.commit(result);
    return result;
  });
}

/**
 * The share completes on the sandbox clock: the target gets the licenses and its own key, and the
 * "Your Cisco Product license keys" email carries it in a ZIP. If the target changed meanwhile so the
 * licenses no longer fit, the transaction fails and nothing is granted.
 */
export function completeShare(
  deps: ServiceDeps,
  sandbox: Sandbox,
  payload: { transactionId: string },
  dueMs: number,
): void {
  const store = sandbox.store;
  const tx = store.transactions.get(payload.transactionId);
  if (!tx || tx.status !== 'processing') return;
  const lines = store.registrations.shareLines(tx.id);
  const target = lines[0]?.targetSerial as string;
  const source = lines[0]?.sourceSerial as string;
  try {
    store.write(() =>
      grantLicenses(
        sandbox,
        target,
        lines.map((l) => ({
          pakLineId: l.pakLineId,
          sku: store.paks.line(l.pakLineId)?.sku as string,
          quantity: l.quantity,
        })),
        { transactionId: tx.id, ccoId: tx.ccoId, nowMs: dueMs, sharedFrom: source },
      ),
    );
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    store.transactions.fail(tx.id, dueMs);
    return;
  }
  const activationKey = store.devices.get(target)?.activationKey as string;
  const licenses = lines.map((l) => {
    const line = store.paks.line(l.pakLineId);
    return {
      sku: line?.sku,
      quantity: l.quantity,
      pak: line?.pak,
      startDate: emailDate(line?.startDate ?? null),
      endDate: emailDate(line?.endDate ?? null),
    };
  });
  const licenseFile = `ASAACTNCFEAT#${tx.id}.lic`;
  const zipFile = `ASAACTNCFEAT_${tx.id}.zip`;
  const text = deps.files.render('asa-license.lic', {
    serial: target,
    sourceSerial: source,
    transactionId: tx.id,
    activationKey,
    licenses,
  });
  const zip = zipSync({ [licenseFile]: strToU8(text) }, { mtime: new Date(dueMs) });
  captureMail(deps, sandbox, {
    template: 'license-keys',
    to: tx.sendTo,
    transactionId: tx.id,
    data: { licenseFile, zipFile, transactionId: tx.id },
    attachments: [{ filename: zipFile, contentType: 'application/zip', content: zip }],
  });
  store.transactions.complete(tx.id, dueMs);
}
