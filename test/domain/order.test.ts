import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  BANDING_START_MAX_DAYS_AHEAD,
  BANDING_TERM_MONTHS,
  DEFAULT_ACTIVATION_DELAY_MS,
  MAX_ACTIVATION_DELAY_MS,
  MAX_USERS,
  PAK_LENGTH,
  newPak,
  planOrderLine,
  termStartAfterShip,
  validateActivationDelay,
} from '../../src/domain/order.js';
import { CATALOG, MULTI_USE_QUANTITY, findSku } from '../../src/domain/catalog.js';
import { addDays, isoDate } from '../../src/domain/dates.js';
import { refusal, replayRandom } from './support.js';

const HOUR = 3_600_000;
/** "if an order ships on October 25th 2014, service start date is October 26th." */
const SHIP_OCT_25_2014 = Date.UTC(2014, 9, 25, 15, 30);
const SHIP_APR_26_2016 = Date.UTC(2016, 3, 26, 9, 0);
const sku = (s: string) => {
  const found = findSku(s);
  if (!found) throw new Error(`test setup: ${s} missing from the catalog`);
  return found;
};

describe('How does license expiration work? The contract is set to become active one day after ship', () => {
  it('an order shipped on October 25th 2014 starts service on October 26th', () => {
    expect(termStartAfterShip(SHIP_OCT_25_2014)).toBe('2014-10-26');
  });

  it('counts the ship day in UTC, from its first to its last millisecond', () => {
    expect(termStartAfterShip(Date.UTC(2014, 9, 25, 0, 0, 0, 0))).toBe('2014-10-26');
    expect(termStartAfterShip(Date.UTC(2014, 9, 25, 23, 59, 59, 999))).toBe('2014-10-26');
    expect(termStartAfterShip(Date.UTC(2014, 9, 26, 0, 0, 0, 0))).toBe('2014-10-27');
  });

  it('rolls over months, years and leap days', () => {
    expect(termStartAfterShip(Date.UTC(2015, 11, 31, 12))).toBe('2016-01-01');
    expect(termStartAfterShip(Date.UTC(2016, 1, 28, 12))).toBe('2016-02-29');
    expect(termStartAfterShip(Date.UTC(2015, 1, 28, 12))).toBe('2015-03-01');
  });

  it('every non-banding part starts one day after ship', () => {
    for (const s of ['L-AC-PLS-P-G', 'L-AC-PLS-3YR-G', 'L-AC-APX-1YR-G', 'L-AC-VPNO-500=']) {
      expect(planOrderLine({ sku: s }, 0, SHIP_OCT_25_2014).startDate).toBe('2014-10-26');
    }
  });
});

describe('What are the available authorized (user) counts: the banding parts L-AC-PLS-LIC= and L-AC-APX-LIC=', () => {
  it('an order of 873 users for 30 months gives one PAK line of 873, not expanded', () => {
    expect(planOrderLine({ sku: 'L-AC-PLS-LIC=', users: 873, termMonths: 30 }, 0, SHIP_OCT_25_2014)).toEqual({
      sku: sku('L-AC-PLS-LIC='),
      orderQuantity: 1,
      entitlement: 873,
      service: false,
      contract: true,
      quantity: 873,
      multiUse: false,
      authorizedUsers: 873,
      termMonths: 30,
      startDate: '2014-10-26',
      endDate: '2017-04-26',
    });
  });

  it('defaults the term to 12 months from one day after ship', () => {
    const plan = planOrderLine({ sku: 'L-AC-APX-LIC=', users: 26 }, 0, SHIP_APR_26_2016);
    expect(plan.termMonths).toBe(12);
    expect(plan.startDate).toBe('2016-04-27');
    expect(plan.endDate).toBe('2017-04-27');
    expect(plan.sku.tier).toBe('apex');
  });

  it('ends the term on the same day of the month, clamped to the month end', () => {
    const plan = planOrderLine({ sku: 'L-AC-PLS-LIC=', users: 10, termMonths: 12 }, 0, Date.UTC(2016, 1, 28));
    expect(plan.startDate).toBe('2016-02-29');
    expect(plan.endDate).toBe('2017-02-28');
  });

  describe('banding needs an authorized user count', () => {
    it.each([
      ['missing', undefined],
      ['zero', 0],
      ['negative', -5],
      ['fractional', 10.5],
      ['above a million', MAX_USERS + 1],
    ])('refuses a user count that is %s with USERS_REQUIRED', (_label, users) => {
      const err = refusal(() => planOrderLine({ sku: 'L-AC-PLS-LIC=', users }, 0, SHIP_OCT_25_2014));
      expect(err.kind).toBe('invalid');
      expect(err.code).toBe('USERS_REQUIRED');
      expect(err.message).toBe(
        'lines[0].users: L-AC-PLS-LIC= needs an authorized user count from 1 to 1000000',
      );
      expect(err.details).toEqual({ field: 'lines[0].users' });
    });

    it('names the order line it refuses', () => {
      const err = refusal(() => planOrderLine({ sku: 'L-AC-APX-LIC=' }, 3, SHIP_OCT_25_2014));
      expect(err.message).toBe(
        'lines[3].users: L-AC-APX-LIC= needs an authorized user count from 1 to 1000000',
      );
      expect(err.details).toEqual({ field: 'lines[3].users' });
    });

    it('accepts 1 and 1,000,000 users', () => {
      expect(MAX_USERS).toBe(1_000_000);
      expect(planOrderLine({ sku: 'L-AC-PLS-LIC=', users: 1 }, 0, SHIP_OCT_25_2014).quantity).toBe(1);
      expect(planOrderLine({ sku: 'L-AC-PLS-LIC=', users: MAX_USERS }, 0, SHIP_OCT_25_2014).quantity).toBe(
        MAX_USERS,
      );
    });
  });

  describe('the term of a banding part is 12 to 60 months', () => {
    it('publishes the range', () => {
      expect(BANDING_TERM_MONTHS).toEqual({ min: 12, max: 60 });
    });

    it.each([11, 61, 0, 30.5])('refuses a %s-month term with INVALID_TERM', (termMonths) => {
      const err = refusal(() =>
        planOrderLine({ sku: 'L-AC-APX-LIC=', users: 100, termMonths }, 2, SHIP_OCT_25_2014),
      );
      expect(err.kind).toBe('invalid');
      expect(err.code).toBe('INVALID_TERM');
      expect(err.message).toBe('lines[2].termMonths: the term of L-AC-APX-LIC= is 12 to 60 months');
      expect(err.details).toEqual({ field: 'lines[2].termMonths' });
    });

    it('accepts 12 and 60 months', () => {
      const twelve = planOrderLine({ sku: 'L-AC-PLS-LIC=', users: 100, termMonths: 12 }, 0, SHIP_OCT_25_2014);
      expect(twelve.endDate).toBe('2015-10-26');
      const sixty = planOrderLine({ sku: 'L-AC-PLS-LIC=', users: 100, termMonths: 60 }, 0, SHIP_OCT_25_2014);
      expect(sixty.endDate).toBe('2019-10-26');
    });

    it('property: every whole term from 12 to 60 months is accepted and kept', () => {
      fc.assert(
        fc.property(fc.integer({ min: 12, max: 60 }), (termMonths) => {
          const plan = planOrderLine({ sku: 'L-AC-PLS-LIC=', users: 50, termMonths }, 0, SHIP_OCT_25_2014);
          expect(plan.termMonths).toBe(termMonths);
          expect(plan.endDate !== null && plan.endDate > plan.startDate).toBe(true);
        }),
      );
    });
  });

  describe('term starts on date X, up to 60 days in the future (from one day after ship)', () => {
    const message =
      'lines[0].startDate: the term starts between one day after ship (2014-10-26) and 60 days ahead';

    it('publishes the 60-day window', () => {
      expect(BANDING_START_MAX_DAYS_AHEAD).toBe(60);
    });

    it('accepts one day after ship, the earliest start', () => {
      const plan = planOrderLine(
        { sku: 'L-AC-PLS-LIC=', users: 26, startDate: '2014-10-26' },
        0,
        SHIP_OCT_25_2014,
      );
      expect(plan.startDate).toBe('2014-10-26');
    });

    it('accepts 60 days after ship, the latest start, and runs the term from there', () => {
      const plan = planOrderLine(
        { sku: 'L-AC-PLS-LIC=', users: 26, termMonths: 13, startDate: '2014-12-24' },
        0,
        SHIP_OCT_25_2014,
      );
      expect(plan.startDate).toBe('2014-12-24');
      expect(plan.endDate).toBe('2016-01-24');
    });

    it.each([
      ['the ship day itself', '2014-10-25'],
      ['a day before ship', '2014-10-24'],
      ['61 days after ship', '2014-12-25'],
      ['a year ahead', '2015-10-26'],
    ])('refuses %s with INVALID_START_DATE', (_label, startDate) => {
      const err = refusal(() =>
        planOrderLine({ sku: 'L-AC-PLS-LIC=', users: 26, startDate }, 0, SHIP_OCT_25_2014),
      );
      expect(err.kind).toBe('invalid');
      expect(err.code).toBe('INVALID_START_DATE');
      expect(err.message).toBe(message);
      expect(err.details).toEqual({ field: 'lines[0].startDate' });
    });

    it.each([['26-Oct-2014'], ['2014-10-32'], ['2014-02-30'], ['2014-1-5'], ['']])(
      'refuses %j as not a date with INVALID_DATE',
      (startDate) => {
        const err = refusal(() =>
          planOrderLine({ sku: 'L-AC-APX-LIC=', users: 26, startDate }, 1, SHIP_OCT_25_2014),
        );
        expect(err.code).toBe('INVALID_DATE');
        expect(err.message).toBe('lines[1].startDate must be a date as YYYY-MM-DD');
        expect(err.details).toEqual({ field: 'lines[1].startDate' });
      },
    );

    it('property: a start 1 to 60 days after ship is kept, anything else in the year around it is refused', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: Date.UTC(2014, 0, 1), max: Date.UTC(2030, 0, 1) }),
          fc.integer({ min: -30, max: 120 }),
          (shipMs, ahead) => {
            const startDate = addDays(isoDate(shipMs), ahead);
            const line = { sku: 'L-AC-APX-LIC=', users: 10, startDate };
            if (ahead >= 1 && ahead <= 60) {
              expect(planOrderLine(line, 0, shipMs).startDate).toBe(startDate);
            } else {
              expect(refusal(() => planOrderLine(line, 0, shipMs)).code).toBe('INVALID_START_DATE');
            }
          },
        ),
      );
    });
  });
});

describe('Why does a part expand 99999 times when I buy an AnyConnect Plus perpetual or non-banding Plus or Apex license', () => {
  it('the expansion quantity is 99999', () => {
    expect(MULTI_USE_QUANTITY).toBe(99999);
  });

  it('Plus perpetual L-AC-PLS-P-G expands to 99999 multi-use with no end date', () => {
    expect(planOrderLine({ sku: 'L-AC-PLS-P-G' }, 0, SHIP_OCT_25_2014)).toEqual({
      sku: sku('L-AC-PLS-P-G'),
      orderQuantity: 1,
      entitlement: 99999,
      service: false,
      contract: false,
      quantity: 99999,
      multiUse: true,
      authorizedUsers: null,
      termMonths: null,
      startDate: '2014-10-26',
      endDate: null,
    });
  });

  it.each([
    ['L-AC-PLS-1YR-G', 12, '2015-10-26'],
    ['L-AC-PLS-3YR-G', 36, '2017-10-26'],
    ['L-AC-PLS-5YR-G', 60, '2019-10-26'],
    ['L-AC-APX-1YR-G', 12, '2015-10-26'],
    ['L-AC-APX-3YR-G', 36, '2017-10-26'],
    ['L-AC-APX-5YR-G', 60, '2019-10-26'],
  ])('block-term %s expands to 99999 multi-use for %i months', (s, months, endDate) => {
    expect(planOrderLine({ sku: s }, 0, SHIP_OCT_25_2014)).toEqual({
      sku: sku(s),
      orderQuantity: 1,
      entitlement: 99999,
      service: false,
      contract: true,
      quantity: 99999,
      multiUse: true,
      authorizedUsers: null,
      termMonths: months,
      startDate: '2014-10-26',
      endDate,
    });
  });

  it('records a user count given with a block-term part without changing the 99999', () => {
    const plan = planOrderLine({ sku: 'L-AC-APX-3YR-G', users: 250 }, 0, SHIP_OCT_25_2014);
    expect(plan.authorizedUsers).toBe(250);
    expect(plan.quantity).toBe(99999);
  });

  it.each([[0], [-1], [2.5], [MAX_USERS + 1]])(
    'refuses a user count of %s on a non-banding part with INVALID_USERS',
    (users) => {
      const err = refusal(() => planOrderLine({ sku: 'L-AC-PLS-P-G', users }, 4, SHIP_OCT_25_2014));
      expect(err.kind).toBe('invalid');
      expect(err.code).toBe('INVALID_USERS');
      expect(err.message).toBe('lines[4].users must be a whole number from 1 to 1000000');
      expect(err.details).toEqual({ field: 'lines[4].users' });
    },
  );

  it('the expansion is not applicable to the banding parts', () => {
    for (const s of ['L-AC-PLS-LIC=', 'L-AC-APX-LIC=']) {
      const plan = planOrderLine({ sku: s, users: 26 }, 0, SHIP_OCT_25_2014);
      expect(plan.multiUse).toBe(false);
      expect(plan.quantity).toBe(26);
    }
  });

  it('the expansion is not applicable to VPN Only: one ASA, quantity 1, perpetual', () => {
    expect(planOrderLine({ sku: 'L-AC-VPNO-500=' }, 0, SHIP_APR_26_2016)).toEqual({
      sku: sku('L-AC-VPNO-500='),
      orderQuantity: 1,
      entitlement: 1,
      service: false,
      contract: false,
      quantity: 1,
      multiUse: false,
      authorizedUsers: null,
      termMonths: null,
      startDate: '2016-04-27',
      endDate: null,
    });
  });

  it('every VPN Only size has quantity 1', () => {
    const vpnOnly = CATALOG.filter((s) => s.kind === 'vpn-only');
    expect(vpnOnly.length).toBe(10);
    for (const s of vpnOnly) {
      const plan = planOrderLine({ sku: s.sku }, 0, SHIP_APR_26_2016);
      expect(plan.quantity).toBe(1);
      expect(plan.multiUse).toBe(false);
    }
  });

  it.each([
    ['termMonths', { termMonths: 36 }],
    ['startDate', { startDate: '2014-10-30' }],
  ])('refuses %s on a part that is not banding with FIELD_NOT_APPLICABLE', (name, extra) => {
    const err = refusal(() => planOrderLine({ sku: 'L-AC-PLS-3YR-G', ...extra }, 1, SHIP_OCT_25_2014));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe('FIELD_NOT_APPLICABLE');
    expect(err.message).toBe(
      `lines[1].${name} applies only to the banding parts L-AC-PLS-LIC= and L-AC-APX-LIC=, not L-AC-PLS-3YR-G`,
    );
    expect(err.details).toEqual({ field: `lines[1].${name}` });
  });

  it('refuses a start date on VPN Only too', () => {
    const err = refusal(() =>
      planOrderLine({ sku: 'L-AC-VPNO-1K=', startDate: '2016-05-01' }, 0, SHIP_APR_26_2016),
    );
    expect(err.code).toBe('FIELD_NOT_APPLICABLE');
    expect(err.message).toBe(
      'lines[0].startDate applies only to the banding parts L-AC-PLS-LIC= and L-AC-APX-LIC=, not L-AC-VPNO-1K=',
    );
  });
});

describe('When were the original AnyConnect/VPN SKUs phased out? Completed as of August 31st, 2015', () => {
  const SEPT_1_2015 = Date.UTC(2015, 8, 1, 0, 0, 0);
  const AUG_31_2015_LATE = Date.UTC(2015, 7, 31, 23, 59, 59, 999);

  it('refuses a retired part shipping after August 31st, 2015 with SKU_RETIRED', () => {
    const err = refusal(() => planOrderLine({ sku: 'L-ASA-AC-SSL-25=' }, 2, SEPT_1_2015));
    expect(err.kind).toBe('unprocessable');
    expect(err.code).toBe('SKU_RETIRED');
    expect(err.message).toBe(
      'L-ASA-AC-SSL-25= was phased out as of August 31st, 2015 and can no longer be purchased',
    );
    expect(err.details).toEqual({ field: 'lines[2].sku', value: 'L-ASA-AC-SSL-25=' });
  });

  it('refuses every retired part after the phase out', () => {
    const retired = CATALOG.filter((s) => s.retired);
    expect(retired.length).toBeGreaterThan(0);
    for (const s of retired) {
      const err = refusal(() => planOrderLine({ sku: s.sku }, 0, SHIP_APR_26_2016));
      expect(err.code).toBe('SKU_RETIRED');
      expect(err.message).toBe(
        `${s.sku} was phased out as of August 31st, 2015 and can no longer be purchased`,
      );
    }
  });

  it('still allows a retired part shipping on the last day, August 31st, 2015', () => {
    const plan = planOrderLine({ sku: 'L-ASA-AC-SSL-250=' }, 0, AUG_31_2015_LATE);
    expect(plan).toEqual({
      sku: sku('L-ASA-AC-SSL-250='),
      orderQuantity: 1,
      entitlement: 1,
      service: false,
      contract: false,
      quantity: 1,
      multiUse: false,
      authorizedUsers: null,
      termMonths: null,
      startDate: '2015-09-01',
      endDate: null,
    });
  });

  it('allows retired parts before the phase out, one per ASA', () => {
    for (const s of CATALOG.filter((c) => c.retired)) {
      const plan = planOrderLine({ sku: s.sku }, 0, SHIP_OCT_25_2014);
      expect(plan.quantity).toBe(1);
      expect(plan.multiUse).toBe(false);
    }
  });

  it('never refuses a current part as retired', () => {
    for (const s of CATALOG.filter((c) => !c.retired)) {
      const line = s.kind === 'banding' ? { sku: s.sku, users: 10 } : { sku: s.sku };
      expect(planOrderLine(line, 0, SHIP_APR_26_2016).sku).toBe(s);
    }
  });
});

describe('How do I order AnyConnect licenses for multiple independent customers? Quantity does not generate more PAKs', () => {
  it('an order line of L-AC-PLS-P-G Qty:2 plans one PAK line that carries both expansions', () => {
    const plan = planOrderLine({ sku: 'L-AC-PLS-P-G', quantity: 2 }, 0, SHIP_OCT_25_2014);
    expect(Array.isArray(plan)).toBe(false);
    expect(plan.orderQuantity).toBe(2);
    expect(plan.quantity).toBe(199998);
    expect(plan.multiUse).toBe(true);
  });

  it('a banding line of 50 users, quantity 3, carries 150 authorized users on one PAK', () => {
    const plan = planOrderLine({ sku: 'L-AC-APX-LIC=', users: 50, quantity: 3 }, 0, SHIP_OCT_25_2014);
    expect(plan.orderQuantity).toBe(3);
    expect(plan.quantity).toBe(150);
    expect(plan.authorizedUsers).toBe(150);
    expect(plan.entitlement).toBe(150);
  });

  it('a VPN Only line of quantity 4 licenses four ASAs on one PAK', () => {
    const plan = planOrderLine({ sku: 'L-AC-VPNO-100=', quantity: 4 }, 0, SHIP_APR_26_2016);
    expect(plan.orderQuantity).toBe(4);
    expect(plan.quantity).toBe(4);
    expect(plan.entitlement).toBe(4);
  });

  it('refuses a quantity above 1000 on one line', () => {
    const err = refusal(() => planOrderLine({ sku: 'L-AC-PLS-P-G', quantity: 1001 }, 0, SHIP_OCT_25_2014));
    expect(err.code).toBe('INVALID_QUANTITY');
  });

  it('refuses users times quantity above the authorized user limit', () => {
    const err = refusal(() =>
      planOrderLine({ sku: 'L-AC-PLS-LIC=', users: 600_000, quantity: 2 }, 0, SHIP_OCT_25_2014),
    );
    expect(err.message).toBe(
      'lines[0].quantity: 600000 users times quantity 2 is more than 1000000 authorized users',
    );
  });

  it.each([[0], [-1], [1.5]])('refuses an order quantity of %s with INVALID_QUANTITY', (quantity) => {
    const err = refusal(() => planOrderLine({ sku: 'L-AC-PLS-P-G', quantity }, 1, SHIP_OCT_25_2014));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe('INVALID_QUANTITY');
    expect(err.message).toBe('lines[1].quantity must be a whole number from 1 to 1000');
    expect(err.details).toEqual({ field: 'lines[1].quantity' });
  });
});

describe('An order line must name an AnyConnect part in the catalog', () => {
  it.each([['L-AC-PLS-2YR-G'], ['l-ac-pls-lic='], ['']])('refuses %j with UNKNOWN_SKU', (s) => {
    const err = refusal(() => planOrderLine({ sku: s }, 0, SHIP_OCT_25_2014));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe('UNKNOWN_SKU');
    expect(err.message).toBe(`lines[0].sku: ${s} is not an AnyConnect part in the catalog`);
    expect(err.details).toEqual({ field: 'lines[0].sku', value: s });
  });
});

describe('What happens if I lose my Product Activation Key (PAK)? A PAK is an 11-character code', () => {
  it('is 11 upper-case letters and digits', () => {
    expect(PAK_LENGTH).toBe(11);
    expect(newPak(replayRandom([0, 1, 25, 26, 35, 36, 45, 2, 3, 4, 5]))).toBe('ABZ09AJCDEF');
  });

  it('skips random bytes that would bias the alphabet', () => {
    // 252 = 7 * 36: bytes 252..255 are rejected, so every character stays equally likely.
    expect(newPak(replayRandom([252, 253, 254, 255, 0]))).toBe('AAAAAAAAAAA');
  });

  it('property: any random source yields 11 upper-case letters and digits', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 251 }), { minLength: 1, maxLength: 64 }), (bytes) => {
        expect(newPak(replayRandom(bytes))).toMatch(/^[A-Z0-9]{11}$/);
      }),
    );
  });
});

describe('I purchased Plus/Apex licenses 5 minutes ago: it may take up to 24 hours for a PAK to become active', () => {
  it('allow up to 4 hours by default, at most 24 hours', () => {
    expect(DEFAULT_ACTIVATION_DELAY_MS).toBe(4 * HOUR);
    expect(MAX_ACTIVATION_DELAY_MS).toBe(24 * HOUR);
  });

  it('accepts a delay from 0 to 24 hours', () => {
    expect(validateActivationDelay(0)).toBe(0);
    expect(validateActivationDelay(4 * HOUR)).toBe(4 * HOUR);
    expect(validateActivationDelay(24 * HOUR)).toBe(24 * HOUR);
  });

  it.each([[-1], [24 * HOUR + 1], [48 * HOUR]])(
    'refuses a delay of %s ms with INVALID_ACTIVATION_DELAY',
    (ms) => {
      const err = refusal(() => validateActivationDelay(ms));
      expect(err.kind).toBe('invalid');
      expect(err.code).toBe('INVALID_ACTIVATION_DELAY');
      expect(err.message).toBe(
        'activationDelay must be between 0 and 24h: a PAK becomes active within 24 hours of eDelivery',
      );
      expect(err.details).toEqual({ field: 'activationDelay' });
    },
  );

  it('names the field it is given', () => {
    const err = refusal(() => validateActivationDelay(25 * HOUR, 'settings.activationDelay'));
    expect(err.message).toBe(
      'settings.activationDelay must be between 0 and 24h: a PAK becomes active within 24 hours of eDelivery',
    );
    expect(err.details).toEqual({ field: 'settings.activationDelay' });
  });
});
