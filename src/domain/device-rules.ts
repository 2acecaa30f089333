/**
 * What may sit together on one ASA, per the FAQ:
 * - "Discontinued Essentials or Premium licenses do not co-exist on the same hardware as newer Plus,
 *   Apex or VPN Only licenses. Additionally, VPN Only licenses do not co-exist on the same hardware
 *   with Plus or Apex licenses."
 * - "All older AnyConnect licenses will be removed and replaced by the new licensing model when you
 *   install your new Product Activation Key (PAK)."
 * - VPN Only is per ASA, not additive, not shareable; "For active/standby pairs, only the primary
 *   headend is required to have a VPN Only license."
 */
import type { Tier } from './catalog.js';
import { unprocessable } from './errors.js';

export const VPN_ONLY_COEXISTENCE_MESSAGE =
  'VPN Only licenses do not co-exist on the same hardware with Plus or Apex licenses.';
export const LEGACY_COEXISTENCE_MESSAGE =
  'Discontinued Essentials or Premium licenses do not co-exist on the same hardware as newer Plus, Apex or VPN Only licenses.';
export const VPN_ONLY_NOT_ADDITIVE_MESSAGE =
  "VPN-only license are not additive meaning that you can't start with a set number of licenses (e.g. 500 at time x) and then increase capacity over time (e.g. add 100 more at time x + y).";
export const VPN_ONLY_PER_ASA_MESSAGE =
  'The VPN-only are applied per individual ASA and there is no sharing of licenses between ASAs, unlike AnyConnect Plus and Apex, which provide this capability.';
export const VPN_ONLY_NOT_TRANSFERABLE_MESSAGE =
  'The VPN Only licenses cannot be transferred, rehosted, shared, combined, split, or directly upgraded to another VPN Only license size.';
export const VPN_ONLY_STANDBY_MESSAGE =
  'For active/standby pairs, only the primary headend is required to have a VPN Only license.';

export type LicenseModel = 'term' | 'vpn-only' | 'legacy';

export function modelOf(tier: Tier): LicenseModel {
  if (tier === 'plus' || tier === 'apex') return 'term';
  if (tier === 'vpn-only') return 'vpn-only';
  return 'legacy';
}

export interface DevicePlan {
  /** Retired licenses the new-model license replaces on this device. */
  replaceLegacy: boolean;
}

export interface IncomingLicense {
  tier: Tier;
  sku: string;
}

/**
 * Decides whether `incoming` licenses may be added to a device that holds `current` (active) ones.
 * `role` is the device's failover role when the sandbox knows the ASA.
 */
export function checkDevice(
  serial: string,
  current: readonly Tier[],
  incoming: readonly IncomingLicense[],
  role: 'primary' | 'secondary' | null,
): DevicePlan {
  const has = (m: LicenseModel) => current.some((t) => modelOf(t) === m);
  const adds = (m: LicenseModel) => incoming.some((l) => modelOf(l.tier) === m);
  const details = (rule: string) => ({ serial, rule, incoming: incoming.map((l) => l.sku) });

  if (adds('legacy') && (has('term') || has('vpn-only') || adds('term') || adds('vpn-only'))) {
    throw unprocessable('LEGACY_COEXISTENCE', LEGACY_COEXISTENCE_MESSAGE, details('coexistence'));
  }
  if ((adds('vpn-only') && (has('term') || adds('term'))) || (adds('term') && has('vpn-only'))) {
    throw unprocessable('VPN_ONLY_COEXISTENCE', VPN_ONLY_COEXISTENCE_MESSAGE, details('coexistence'));
  }
  if (adds('vpn-only')) {
    if (has('vpn-only') || incoming.filter((l) => modelOf(l.tier) === 'vpn-only').length > 1) {
      throw unprocessable('VPN_ONLY_NOT_ADDITIVE', VPN_ONLY_NOT_ADDITIVE_MESSAGE, details('not-additive'));
    }
    if (role === 'secondary')
      throw unprocessable('VPN_ONLY_STANDBY', VPN_ONLY_STANDBY_MESSAGE, details('standby'));
  }
  return { replaceLegacy: has('legacy') && (adds('term') || adds('vpn-only')) };
}

/** A VPN Only line goes to exactly one ASA. */
export function checkVpnOnlyDeviceCount(incoming: readonly IncomingLicense[], deviceCount: number): void {
  if (deviceCount > 1 && incoming.some((l) => modelOf(l.tier) === 'vpn-only')) {
    throw unprocessable('VPN_ONLY_SINGLE_DEVICE', VPN_ONLY_PER_ASA_MESSAGE, {
      rule: 'per-asa',
      devices: deviceCount,
      incoming: incoming.map((l) => l.sku),
    });
  }
}

/** Only AnyConnect Plus and Apex licenses can be shared to another ASA. */
export function shareableTier(tier: Tier): { shareable: true } | { shareable: false; reason: string } {
  if (modelOf(tier) === 'term') return { shareable: true };
  if (tier === 'vpn-only') return { shareable: false, reason: VPN_ONLY_NOT_TRANSFERABLE_MESSAGE };
  return {
    shareable: false,
    reason: 'Discontinued AnyConnect licenses are locked to a single ASA and cannot be shared.',
  };
}
