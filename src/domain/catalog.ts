/**
 * The AnyConnect parts a sales order can carry, as the FAQ describes them. Pure data plus the rules
 * that turn an order line into the PAK's SKU line.
 */

export const PRODUCT_FAMILY = 'ASA AnyConnect Term and Content';
export const RETIRED_PRODUCT_FAMILY = 'ASA AnyConnect Legacy (Essentials/Premium/Shared/Mobile)';
export const MULTI_USE_QUANTITY = 99999;
/** "The phase out began January 2015 and completed as of August 31st, 2015." */
export const RETIRED_PARTS_LAST_ORDER_DATE = '2015-08-31';

export type Tier = 'plus' | 'apex' | 'vpn-only' | 'essentials' | 'premium' | 'shared' | 'mobile';

/** "Both VPN Only and Plus Perpetual licenses require a SWSS contract on all head-ends". */
export const SWSS_TERM_MONTHS = { min: 12, max: 60, fallback: 12 };

export type SkuKind =
  /** L-AC-PLS-LIC= / L-AC-APX-LIC=: chosen user count, term 12-60 months, start up to 60 days ahead. */
  | 'banding'
  /** L-AC-PLS-3YR-G and friends: fixed term, expands to 99999 (multi-use). */
  | 'block-term'
  /** L-AC-PLS-P-G: perpetual Plus, expands to 99999 (multi-use). */
  | 'perpetual'
  /** L-AC-VPNO-xxx=: perpetual, one ASA, concurrent connections. */
  | 'vpn-only'
  /** Discontinued Essentials / Premium / Shared / Mobile parts, per ASA. */
  | 'retired'
  /** Software Support Service (SWSS) for Plus Perpetual or VPN Only: a service contract, no PAK. */
  | 'swss';

export interface Sku {
  sku: string;
  description: string;
  tier: Tier;
  kind: SkuKind;
  /** Fixed term of a block-term part. */
  termMonths?: number;
  /** Concurrent connections of a VPN Only part or sessions of a retired Premium/Shared part. */
  connections?: number;
  /** The license part a SWSS part supports. */
  supports?: string;
  retired: boolean;
}

const VPN_ONLY_SIZES: Array<[string, number]> = [
  ['25', 25],
  ['50', 50],
  ['100', 100],
  ['250', 250],
  ['500', 500],
  ['750', 750],
  ['1K', 1000],
  ['2500', 2500],
  ['5K', 5000],
  ['10K', 10000],
];

const BLOCK_TERMS: Array<[string, number]> = [
  ['1YR', 12],
  ['3YR', 36],
  ['5YR', 60],
];

function buildCatalog(): Sku[] {
  const skus: Sku[] = [
    {
      sku: 'L-AC-PLS-LIC=',
      description: 'AnyConnect Plus License (banding: user count, term and start date chosen)',
      tier: 'plus',
      kind: 'banding',
      retired: false,
    },
    {
      sku: 'L-AC-APX-LIC=',
      description: 'AnyConnect Apex License (banding: user count, term and start date chosen)',
      tier: 'apex',
      kind: 'banding',
      retired: false,
    },
    {
      sku: 'L-AC-PLS-P-G',
      description: 'AnyConnect Plus Perpetual License',
      tier: 'plus',
      kind: 'perpetual',
      retired: false,
    },
  ];
  for (const [label, months] of BLOCK_TERMS) {
    skus.push(
      {
        sku: `L-AC-PLS-${label}-G`,
        description: `AnyConnect Plus ${months / 12} Year Term License`,
        tier: 'plus',
        kind: 'block-term',
        termMonths: months,
        retired: false,
      },
      {
        sku: `L-AC-APX-${label}-G`,
        description: `AnyConnect Apex ${months / 12} Year Term License`,
        tier: 'apex',
        kind: 'block-term',
        termMonths: months,
        retired: false,
      },
    );
  }
  for (const [label, connections] of VPN_ONLY_SIZES) {
    skus.push({
      sku: `L-AC-VPNO-${label}=`,
      description: `AnyConnect VPN Only License, ${connections} concurrent connections (perpetual)`,
      tier: 'vpn-only',
      kind: 'vpn-only',
      connections,
      retired: false,
    });
  }
  // Cisco names software support parts CON-ECMU-<licence part without dashes>: "SWSS UPGRADES".
  skus.push({
    sku: 'CON-ECMU-LACPLSPG',
    description: 'SWSS UPGRADES AnyConnect Plus Perpetual License (software support service)',
    tier: 'plus',
    kind: 'swss',
    supports: 'L-AC-PLS-P-G',
    retired: false,
  });
  for (const [label, connections] of VPN_ONLY_SIZES) {
    skus.push({
      sku: `CON-ECMU-LACVPNO${label}`,
      description: `SWSS UPGRADES AnyConnect VPN Only License, ${connections} connections (software support service)`,
      tier: 'vpn-only',
      kind: 'swss',
      supports: `L-AC-VPNO-${label}=`,
      connections,
      retired: false,
    });
  }
  skus.push(
    {
      sku: 'L-ASA-AC-E-5510=',
      description: 'AnyConnect Essentials License for ASA 5510 (discontinued)',
      tier: 'essentials',
      kind: 'retired',
      retired: true,
    },
    {
      sku: 'L-ASA-AC-E-5520=',
      description: 'AnyConnect Essentials License for ASA 5520 (discontinued)',
      tier: 'essentials',
      kind: 'retired',
      retired: true,
    },
    {
      sku: 'L-ASA-AC-SSL-25=',
      description: 'AnyConnect Premium 25 SSL VPN Peers (discontinued)',
      tier: 'premium',
      kind: 'retired',
      connections: 25,
      retired: true,
    },
    {
      sku: 'L-ASA-AC-SSL-250=',
      description: 'AnyConnect Premium 250 SSL VPN Peers (discontinued)',
      tier: 'premium',
      kind: 'retired',
      connections: 250,
      retired: true,
    },
    {
      sku: 'L-ASA-AC-SH-1000=',
      description: 'AnyConnect Premium Shared License, 1000 sessions (discontinued)',
      tier: 'shared',
      kind: 'retired',
      connections: 1000,
      retired: true,
    },
    {
      sku: 'L-ASA-AC-M-5510=',
      description: 'AnyConnect Mobile License for ASA 5510 (discontinued)',
      tier: 'mobile',
      kind: 'retired',
      retired: true,
    },
  );
  return skus;
}

export const CATALOG: readonly Sku[] = Object.freeze(buildCatalog());
const BY_SKU = new Map(CATALOG.map((s) => [s.sku, s]));

export function findSku(sku: string): Sku | undefined {
  return BY_SKU.get(sku);
}

export function isMultiUse(sku: Sku): boolean {
  return sku.kind === 'perpetual' || sku.kind === 'block-term';
}

/** Term licenses and SWSS come with a service contract; perpetual licenses and retired parts do not. */
export function hasContract(sku: Sku): boolean {
  return sku.kind === 'banding' || sku.kind === 'block-term' || sku.kind === 'swss';
}

export function productFamily(sku: Sku): string {
  return sku.retired ? RETIRED_PRODUCT_FAMILY : PRODUCT_FAMILY;
}
