/** PAK registration is for the ASA 5500/5500-X only; the FAQ sends every other head-end elsewhere. */
import { unprocessable } from './errors.js';

export const PLATFORMS = ['asa', 'asav', 'ftd', 'isr-g2', 'csr1000v', 'asr1000', 'ise'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const NON_ASA_MESSAGE =
  'Please note that the physical Product Activation Key (PAK) registration on the Cisco licensing portal is only applicable to the ASA. For ASA and IOS head-ends as well as non-VPN use cases, please store the PAK in a safe place as proof of purchase. You will still need to complete Contract registration for SW Center access and TAC support.';
export const ASAV_MESSAGE =
  "ASAv, which utilizes Cisco Smart Licensing, doesn't require any AnyConnect license to be physically applied to the actual platform. The same licenses must still be purchased and you must still link the Contract number to your Cisco.com ID for SW Center access and tech support.";
export const FTD_MESSAGE =
  'In order to utilize AnyConnect with FTD 6.2.1 and later, please open up a case with Cisco Global Licensing (GLO). Once you supply the required information and your entitlement is validated, they will populate your license entitlement in your Smart account.';
export const ISE_MESSAGE =
  "Please note that purchasing either license option along side Identity Services Engine does not require any PAK file registration or loading into Identity Services Engine (AnyConnect's PAK files only get applied to the ASA).";

const MESSAGES: Record<Exclude<Platform, 'asa'>, string> = {
  asav: ASAV_MESSAGE,
  ftd: FTD_MESSAGE,
  'isr-g2': NON_ASA_MESSAGE,
  csr1000v: NON_ASA_MESSAGE,
  asr1000: NON_ASA_MESSAGE,
  ise: ISE_MESSAGE,
};

export function requireAsa(platform: Platform, field = 'platform'): void {
  if (platform !== 'asa') {
    throw unprocessable('PAK_REGISTRATION_ASA_ONLY', MESSAGES[platform], { field, platform });
  }
}
