/**
 * ASA activation keys: five 32-bit words, "0x1a2b3c4d 0x… 0x… 0x… 0x…".
 *
 * The key encodes only the feature set the ASA unlocks, never a user count, tier or term date (the
 * FAQ: 'show version' cannot tell tier, user count or expiry, and a renewal needs no new key). So two
 * Plus or Apex PAKs on one ASA give the same key. Words 0-1 carry the features, masked per serial so
 * keys look unrelated across devices; words 2-4 are a MAC over serial and features under the
 * sandbox's secret, so a key verifies only against the serial it was made for.
 */
import { createHmac } from 'node:crypto';
import type { Tier } from './catalog.js';

export interface FeatureSet {
  /** AnyConnect Plus or Apex: the ASA is unlocked for its maximum hardware capacity. */
  anyconnectTerm: boolean;
  /** VPN Only concurrent connections (0 when none). */
  vpnOnlyPeers: number;
  essentials: boolean;
  /** Retired Premium peers (0 when none). */
  premiumPeers: number;
  sharedLicense: boolean;
  mobile: boolean;
  /** Last day (ISO date) of an evaluation license, null for none. */
  evaluationUntil: string | null;
}

export const NO_FEATURES: FeatureSet = Object.freeze({
  anyconnectTerm: false,
  vpnOnlyPeers: 0,
  essentials: false,
  premiumPeers: 0,
  sharedLicense: false,
  mobile: false,
  evaluationUntil: null,
});

const FORMAT_VERSION = 1;
const FLAG = {
  anyconnectTerm: 1,
  vpnOnly: 2,
  essentials: 4,
  premium: 8,
  shared: 16,
  mobile: 32,
  evaluation: 64,
};
const EPOCH_MS = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;

export interface LicenseFeatureSource {
  tier: Tier;
  connections?: number | null;
}

/** The features a device's licenses add up to. */
export function featuresOf(licenses: readonly LicenseFeatureSource[]): FeatureSet {
  const f: FeatureSet = { ...NO_FEATURES };
  for (const l of licenses) {
    switch (l.tier) {
      case 'plus':
      case 'apex':
        f.anyconnectTerm = true;
        break;
      case 'vpn-only':
        f.vpnOnlyPeers = Math.max(f.vpnOnlyPeers, l.connections ?? 0);
        break;
      case 'essentials':
        f.essentials = true;
        break;
      case 'premium':
        f.premiumPeers = Math.max(f.premiumPeers, l.connections ?? 0);
        break;
      case 'shared':
        f.sharedLicense = true;
        f.premiumPeers = Math.max(f.premiumPeers, l.connections ?? 0);
        break;
      case 'mobile':
        f.mobile = true;
        break;
    }
  }
  return f;
}

function featureWords(f: FeatureSet): [number, number] {
  let flags = 0;
  if (f.anyconnectTerm) flags |= FLAG.anyconnectTerm;
  if (f.vpnOnlyPeers > 0) flags |= FLAG.vpnOnly;
  if (f.essentials) flags |= FLAG.essentials;
  if (f.premiumPeers > 0) flags |= FLAG.premium;
  if (f.sharedLicense) flags |= FLAG.shared;
  if (f.mobile) flags |= FLAG.mobile;
  if (f.evaluationUntil !== null) flags |= FLAG.evaluation;
  const peers = Math.min(0xffff, Math.max(f.vpnOnlyPeers, f.premiumPeers));
  const evalDay =
    f.evaluationUntil === null
      ? 0
      : Math.round((Date.parse(`${f.evaluationUntil}T00:00:00Z`) - EPOCH_MS) / DAY_MS);
  return [((FORMAT_VERSION << 24) | flags) >>> 0, (((evalDay & 0xffff) << 16) | peers) >>> 0];
}

function wordsToFeatures(w0: number, w1: number): FeatureSet | null {
  if (w0 >>> 24 !== FORMAT_VERSION) return null;
  const flags = w0 & 0xffffff;
  const peers = w1 & 0xffff;
  const evalDay = w1 >>> 16;
  return {
    anyconnectTerm: (flags & FLAG.anyconnectTerm) !== 0,
    vpnOnlyPeers: flags & FLAG.vpnOnly ? peers : 0,
    essentials: (flags & FLAG.essentials) !== 0,
    premiumPeers: flags & FLAG.premium ? peers : 0,
    sharedLicense: (flags & FLAG.shared) !== 0,
    mobile: (flags & FLAG.mobile) !== 0,
    evaluationUntil:
      flags & FLAG.evaluation ? new Date(EPOCH_MS + evalDay * DAY_MS).toISOString().slice(0, 10) : null,
  };
}

function hmac(secret: string, ...parts: string[]): Buffer {
  return createHmac('sha256', secret).update(parts.join('\0')).digest();
}

const hex = (w: number) => `0x${(w >>> 0).toString(16).padStart(8, '0')}`;

export function encodeActivationKey(secret: string, serial: string, features: FeatureSet): string {
  const [f0, f1] = featureWords(features);
  const mask = hmac(secret, 'mask', serial);
  const mac = hmac(secret, 'mac', serial, String(f0), String(f1));
  const words = [
    (f0 ^ mask.readUInt32BE(0)) >>> 0,
    (f1 ^ mask.readUInt32BE(4)) >>> 0,
    mac.readUInt32BE(0),
    mac.readUInt32BE(4),
    mac.readUInt32BE(8),
  ];
  return words.map(hex).join(' ');
}

const KEY_PATTERN =
  /^\s*(0x[0-9a-fA-F]{1,8})\s+(0x[0-9a-fA-F]{1,8})\s+(0x[0-9a-fA-F]{1,8})\s+(0x[0-9a-fA-F]{1,8})\s+(0x[0-9a-fA-F]{1,8})\s*$/;

export function parseKeyWords(key: string): number[] | null {
  const m = KEY_PATTERN.exec(key);
  return m ? m.slice(1, 6).map((w) => Number.parseInt(w, 16) >>> 0) : null;
}

/** The feature set a key carries for this serial, or null when the key was not made for it. */
export function decodeActivationKey(secret: string, serial: string, key: string): FeatureSet | null {
  const words = parseKeyWords(key);
  if (!words) return null;
  const mask = hmac(secret, 'mask', serial);
  const f0 = ((words[0] as number) ^ mask.readUInt32BE(0)) >>> 0;
  const f1 = ((words[1] as number) ^ mask.readUInt32BE(4)) >>> 0;
  const mac = hmac(secret, 'mac', serial, String(f0), String(f1));
  const ok =
    words[2] === mac.readUInt32BE(0) && words[3] === mac.readUInt32BE(4) && words[4] === mac.readUInt32BE(8);
  return ok ? wordsToFeatures(f0, f1) : null;
}

export function verifyActivationKey(secret: string, serial: string, key: string): boolean {
  return decodeActivationKey(secret, serial, key) !== null;
}
