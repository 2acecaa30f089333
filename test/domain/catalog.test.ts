import { describe, it, expect } from 'vitest';
import {
  CATALOG,
  MULTI_USE_QUANTITY,
  PRODUCT_FAMILY,
  RETIRED_PARTS_LAST_ORDER_DATE,
  RETIRED_PRODUCT_FAMILY,
  findSku,
  isMultiUse,
  productFamily,
  type Sku,
} from '../../src/domain/catalog.js';

const get = (s: string): Sku => {
  const found = findSku(s);
  expect(found, `${s} should be in the catalog`).toBeDefined();
  return found as Sku;
};

describe('What are the available authorized (user) counts? The banding parts L-AC-PLS-LIC= and L-AC-APX-LIC=', () => {
  it('Plus and Apex banding parts are in the catalog, current and not multi-use', () => {
    expect(get('L-AC-PLS-LIC=')).toMatchObject({ tier: 'plus', kind: 'banding', retired: false });
    expect(get('L-AC-APX-LIC=')).toMatchObject({ tier: 'apex', kind: 'banding', retired: false });
    expect(isMultiUse(get('L-AC-PLS-LIC='))).toBe(false);
    expect(isMultiUse(get('L-AC-APX-LIC='))).toBe(false);
  });
});

describe('Can I buy a perpetual AnyConnect license? Plus is offered perpetual in addition to 1, 3 or 5 year terms', () => {
  it('L-AC-PLS-P-G is perpetual Plus and multi-use', () => {
    const sku = get('L-AC-PLS-P-G');
    expect(sku).toMatchObject({ tier: 'plus', kind: 'perpetual', retired: false });
    expect(sku.termMonths).toBeUndefined();
    expect(isMultiUse(sku)).toBe(true);
  });

  it.each([
    ['L-AC-PLS-1YR-G', 'plus', 12, 'AnyConnect Plus 1 Year Term License'],
    ['L-AC-PLS-3YR-G', 'plus', 36, 'AnyConnect Plus 3 Year Term License'],
    ['L-AC-PLS-5YR-G', 'plus', 60, 'AnyConnect Plus 5 Year Term License'],
    ['L-AC-APX-1YR-G', 'apex', 12, 'AnyConnect Apex 1 Year Term License'],
    ['L-AC-APX-3YR-G', 'apex', 36, 'AnyConnect Apex 3 Year Term License'],
    ['L-AC-APX-5YR-G', 'apex', 60, 'AnyConnect Apex 5 Year Term License'],
  ])('%s is a %s block-term part of %i months, multi-use', (s, tier, termMonths, description) => {
    const sku = get(s);
    expect(sku).toEqual({ sku: s, description, tier, kind: 'block-term', termMonths, retired: false });
    expect(isMultiUse(sku)).toBe(true);
  });

  it('there is no 2-year block term', () => {
    expect(findSku('L-AC-PLS-2YR-G')).toBeUndefined();
  });
});

describe('Why does a part expand 99999 times? Not for the banding or VPN Only SKUs (L-AC-VPNO-xxxx=)', () => {
  it('the expansion quantity is 99999', () => {
    expect(MULTI_USE_QUANTITY).toBe(99999);
  });

  it('only perpetual and block-term parts are multi-use', () => {
    for (const sku of CATALOG) {
      expect(isMultiUse(sku)).toBe(sku.kind === 'perpetual' || sku.kind === 'block-term');
    }
  });

  it.each([
    ['L-AC-VPNO-25=', 25],
    ['L-AC-VPNO-50=', 50],
    ['L-AC-VPNO-100=', 100],
    ['L-AC-VPNO-250=', 250],
    ['L-AC-VPNO-500=', 500],
    ['L-AC-VPNO-750=', 750],
    ['L-AC-VPNO-1K=', 1000],
    ['L-AC-VPNO-2500=', 2500],
    ['L-AC-VPNO-5K=', 5000],
    ['L-AC-VPNO-10K=', 10000],
  ])('%s is VPN Only for %i concurrent connections, one ASA, perpetual', (s, connections) => {
    const sku = get(s);
    expect(sku).toMatchObject({ tier: 'vpn-only', kind: 'vpn-only', connections, retired: false });
    expect(sku.description).toBe(
      `AnyConnect VPN Only License, ${connections} concurrent connections (perpetual)`,
    );
    expect(isMultiUse(sku)).toBe(false);
  });
});

describe('When were the original AnyConnect/VPN SKUs phased out? Completed as of August 31st, 2015', () => {
  it('the last order date is 2015-08-31', () => {
    expect(RETIRED_PARTS_LAST_ORDER_DATE).toBe('2015-08-31');
  });

  it('the Essentials, Premium, Shared and Mobile parts are retired, one per ASA', () => {
    const retired = CATALOG.filter((s) => s.retired);
    expect(retired.map((s) => s.sku).sort()).toEqual(
      [
        'L-ASA-AC-E-5510=',
        'L-ASA-AC-E-5520=',
        'L-ASA-AC-M-5510=',
        'L-ASA-AC-SH-1000=',
        'L-ASA-AC-SSL-25=',
        'L-ASA-AC-SSL-250=',
      ].sort(),
    );
    for (const s of retired) {
      expect(s.kind).toBe('retired');
      expect(['essentials', 'premium', 'shared', 'mobile']).toContain(s.tier);
      expect(isMultiUse(s)).toBe(false);
    }
    expect(get('L-ASA-AC-SSL-250=').connections).toBe(250);
    expect(get('L-ASA-AC-SH-1000=')).toMatchObject({ tier: 'shared', connections: 1000 });
  });

  it('only retired parts are of the retired kind', () => {
    for (const s of CATALOG) expect(s.retired).toBe(s.kind === 'retired');
  });
});

describe('Product Family: ASA AnyConnect Term and Content', () => {
  it('names the product family shown in the wizard', () => {
    expect(PRODUCT_FAMILY).toBe('ASA AnyConnect Term and Content');
    expect(productFamily(get('L-AC-PLS-LIC='))).toBe('ASA AnyConnect Term and Content');
    expect(productFamily(get('L-AC-VPNO-500='))).toBe('ASA AnyConnect Term and Content');
  });

  it('retired parts belong to the legacy family', () => {
    expect(RETIRED_PRODUCT_FAMILY).toBe('ASA AnyConnect Legacy (Essentials/Premium/Shared/Mobile)');
    expect(productFamily(get('L-ASA-AC-E-5510='))).toBe(RETIRED_PRODUCT_FAMILY);
  });
});

describe('Looking up a part', () => {
  it('every part is listed once and found by its exact SKU', () => {
    const names = CATALOG.map((s) => s.sku);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBe(36);
    for (const s of CATALOG) expect(findSku(s.sku)).toBe(s);
  });

  it('is exact: case and a missing = do not match', () => {
    expect(findSku('l-ac-pls-lic=')).toBeUndefined();
    expect(findSku('L-AC-PLS-LIC')).toBeUndefined();
    expect(findSku('')).toBeUndefined();
  });

  it('the catalog cannot be changed', () => {
    expect(Object.isFrozen(CATALOG)).toBe(true);
  });
});
