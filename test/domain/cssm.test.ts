import { describe, expect, it } from 'vitest';
import {
  complianceStatus,
  defaultVirtualAccount,
  lineStatus,
  parseAccountType,
  parseCommerceAccessLevel,
  parseExpiresAfterDays,
  parseExportControlled,
  parseFlag,
  parsePage,
  planTransfer,
  type HeldLine,
} from '../../src/domain/cssm.js';
import { DomainError } from '../../src/domain/errors.js';

const fails = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a DomainError');
};

describe('The account type path segment comes in either case', () => {
  it.each(['CUSTOMER', 'customer', 'Customer', 'HOLDING', 'holding'])('%s is accepted', (raw) => {
    expect(parseAccountType(raw, 'accountType')).toBe(raw.toUpperCase());
  });

  it('anything else names the field', () => {
    const err = fails(() => parseAccountType('partner', 'accountType'));
    expect(err.code).toBe('INVALID_ACCOUNT_TYPE');
    expect(err.message).toBe('accountType: the account type is CUSTOMER or HOLDING, not partner');
  });
});

describe('Flags and enumerations as Cisco clients send them', () => {
  it('isDefault is a boolean or "true"/"false" in any case', () => {
    expect(parseFlag('false', 'isDefault')).toBe(false);
    expect(parseFlag('TRUE', 'isDefault')).toBe(true);
    expect(parseFlag(true, 'isDefault')).toBe(true);
    expect(parseFlag(undefined, 'isDefault')).toBeUndefined();
    expect(fails(() => parseFlag('yes', 'isDefault')).message).toBe(
      'isDefault: must be true or false, not "yes"',
    );
  });

  it('exportControlled is "Allowed" (default) or "Not Allowed"', () => {
    expect(parseExportControlled(undefined, 'exportControlled')).toBe(true);
    expect(parseExportControlled('Allowed', 'exportControlled')).toBe(true);
    expect(parseExportControlled('not  allowed', 'exportControlled')).toBe(false);
    expect(fails(() => parseExportControlled('Denied', 'exportControlled')).code).toBe(
      'INVALID_EXPORT_CONTROLLED',
    );
  });

  it('expiresAfterDays is 1 to 365, 30 by default, a number or digits', () => {
    expect(parseExpiresAfterDays(undefined, 'expiresAfterDays')).toBe(30);
    expect(parseExpiresAfterDays(365, 'expiresAfterDays')).toBe(365);
    expect(parseExpiresAfterDays('7', 'expiresAfterDays')).toBe(7);
    for (const bad of [0, 366, 1.5, 'soon']) {
      expect(fails(() => parseExpiresAfterDays(bad, 'expiresAfterDays')).message).toBe(
        `expiresAfterDays: a token expires after 1 to 365 days, not ${bad}`,
      );
    }
  });

  it('commerceAccessLevel is PUBLIC (default) or PRIVATE', () => {
    expect(parseCommerceAccessLevel(undefined, 'c')).toBe('PUBLIC');
    expect(parseCommerceAccessLevel('private', 'c')).toBe('PRIVATE');
    expect(fails(() => parseCommerceAccessLevel('OPEN', 'c')).code).toBe('INVALID_COMMERCE_ACCESS_LEVEL');
  });

  it('paging: limit 1..max with a default, offset 0 or more', () => {
    expect(parsePage(undefined, undefined, { fallback: 50, max: 1000 })).toEqual({ limit: 50, offset: 0 });
    expect(fails(() => parsePage(0, 0, { fallback: 50, max: 1000 })).message).toBe(
      'limit: must be a whole number from 1 to 1000',
    );
    expect(fails(() => parsePage(10, -1, { fallback: 50, max: 1000 })).code).toBe('INVALID_OFFSET');
  });
});

describe('The default Virtual Account', () => {
  it('is the flagged one, else the one named Default, else the first', () => {
    expect(
      defaultVirtualAccount([
        { name: 'Default', isDefault: false },
        { name: 'Lab', isDefault: true },
      ]),
    ).toBe('Lab');
    expect(
      defaultVirtualAccount([
        { name: 'Alpha', isDefault: false },
        { name: 'DEFAULT', isDefault: false },
      ]),
    ).toBe('DEFAULT');
    expect(defaultVirtualAccount([{ name: 'Alpha', isDefault: false }])).toBe('Alpha');
    expect(defaultVirtualAccount([])).toBeNull();
  });
});

describe('Entitlement lines: status and compliance', () => {
  it('a term line is PENDING before its start, ACTIVE through its end date, EXPIRED after', () => {
    expect(lineStatus('2026-03-03', '2027-03-03', '2026-03-02')).toBe('PENDING');
    expect(lineStatus('2026-03-03', '2027-03-03', '2027-03-03')).toBe('ACTIVE');
    expect(lineStatus('2026-03-03', '2027-03-03', '2027-03-04')).toBe('EXPIRED');
    expect(lineStatus('2020-01-01', null, '2099-01-01')).toBe('ACTIVE');
  });

  it('more in use than held is Out of Compliance', () => {
    expect(complianceStatus(10, 10)).toBe('In Compliance');
    expect(complianceStatus(10, 11)).toBe('Out of Compliance');
  });
});

describe('A transfer takes lines in the order of its precedence, never more than can be spared', () => {
  const line = (entitlementId: number, quantity: number, endDate: string | null): HeldLine => ({
    entitlementId,
    license: 'AnyConnect Plus',
    startDate: '2026-01-01',
    endDate,
    quantity,
  });
  const held = [
    line(1, 10, '2027-01-01'),
    line(2, 10, '2029-01-01'),
    line(3, 5, null),
    line(4, 50, '2026-02-01'),
  ];
  const where = { field: 'licenses[0].quantity', virtualAccount: 'Default' };
  const today = '2026-03-02';

  it('LONGEST_TERM_FIRST starts with perpetual, then the latest end date', () => {
    expect(
      planTransfer(
        held,
        0,
        { license: 'AnyConnect Plus', quantity: 12, precedence: 'LONGEST_TERM_FIRST' },
        today,
        where,
      ),
    ).toEqual([
      { entitlementId: 3, quantity: 5 },
      { entitlementId: 2, quantity: 7 },
    ]);
  });

  it('SHORTEST_TERM_FIRST starts with the earliest end date; expired lines are never taken', () => {
    expect(
      planTransfer(
        held,
        0,
        { license: 'AnyConnect Plus', quantity: 12, precedence: 'SHORTEST_TERM_FIRST' },
        today,
        where,
      ),
    ).toEqual([
      { entitlementId: 1, quantity: 10 },
      { entitlementId: 2, quantity: 2 },
    ]);
  });

  it('licenseType TERM leaves perpetual lines alone', () => {
    expect(
      planTransfer(
        held,
        0,
        { license: 'AnyConnect Plus', licenseType: 'TERM', quantity: 3, precedence: 'LONGEST_TERM_FIRST' },
        today,
        where,
      ),
    ).toEqual([{ entitlementId: 2, quantity: 3 }]);
  });

  it('what devices use cannot be transferred', () => {
    const err = fails(() =>
      planTransfer(
        held,
        20,
        { license: 'AnyConnect Plus', quantity: 6, precedence: 'LONGEST_TERM_FIRST' },
        today,
        where,
      ),
    );
    expect(err.code).toBe('QUANTITY_NOT_AVAILABLE');
    expect(err.message).toBe(
      'licenses[0].quantity: cannot transfer 6 AnyConnect Plus from Virtual Account Default; 5 available',
    );
    expect(err.details).toEqual({ field: 'licenses[0].quantity', available: 5 });
  });

  it('a license the Virtual Account does not hold has 0 available', () => {
    const err = fails(() =>
      planTransfer(
        held,
        0,
        {
          license: 'AnyConnect Apex',
          licenseType: 'PERPETUAL',
          quantity: 1,
          precedence: 'LONGEST_TERM_FIRST',
        },
        today,
        where,
      ),
    );
    expect(err.message).toBe(
      'licenses[0].quantity: cannot transfer 1 AnyConnect Apex (PERPETUAL) from Virtual Account Default; 0 available',
    );
  });
});
