import { describe, expect, it } from 'vitest';
import { CATALOG, findSku, hasContract } from '../../src/domain/catalog.js';
import {
  LedgerInvariantError,
  carriedEntitlement,
  checkEvaluation,
  checkLine,
  lineUnit,
  planAllocation,
  provisionOnRegistration,
  provisionOnSharingRequest,
  refuseRegisteredTwice,
  unitsToReturn,
  type LineState,
} from '../../src/domain/ledger.js';
import { planContract, planOrderLine } from '../../src/domain/order.js';
import { refusal } from './support.js';

const SHIP_APR_26_2016 = Date.UTC(2016, 3, 26, 15);
const line = (over: Partial<LineState> = {}): LineState => ({
  id: 1,
  pak: 'PAKMULTI001',
  sku: 'L-AC-PLS-P-G',
  quantity: 99999,
  assigned: 0,
  multiUse: true,
  ...over,
});

describe('The ledger invariants: 0 ≤ assigned ≤ purchased, 0 ≤ provisioned ≤ carried', () => {
  it('accepts a line within its bounds', () => {
    expect(() => checkLine({ ...line({ assigned: 99999 }), entitlement: 10, provisioned: 10 })).not.toThrow();
  });

  it('a line assigned beyond what was bought is a bug, not a refusal', () => {
    expect(() => checkLine(line({ assigned: 100000 }))).toThrow(LedgerInvariantError);
    expect(() => checkLine(line({ assigned: -1 }))).toThrow(LedgerInvariantError);
  });

  it('a Smart Account provisioning beyond what the PAK carries is a bug', () => {
    expect(() => checkLine({ ...line(), entitlement: 102, provisioned: 306 })).toThrow(
      'ledger invariant broken: PAK PAKMULTI001 L-AC-PLS-P-G: 306 provisioned to Smart Accounts of 102 carried',
    );
  });
});

describe('How a PAK line counts', () => {
  it('banding parts count authorized users, multi-use parts ASAs out of 99999, VPN Only and retired parts ASAs', () => {
    expect(lineUnit('L-AC-PLS-LIC=')).toBe('users');
    expect(lineUnit('L-AC-APX-LIC=')).toBe('users');
    expect(lineUnit('L-AC-PLS-P-G')).toBe('multi-use');
    expect(lineUnit('L-AC-APX-3YR-G')).toBe('multi-use');
    expect(lineUnit('L-AC-VPNO-100=')).toBe('per-asa');
    expect(lineUnit('L-ASA-AC-E-5510=')).toBe('per-asa');
  });
});

describe('Are there any additional limitations of the AnyConnect-only licenses? VPN Only takes no user count', () => {
  it('refuses users on a VPN Only line, naming the field', () => {
    const err = refusal(() => planOrderLine({ sku: 'L-AC-VPNO-100=', users: 5 }, 2, SHIP_APR_26_2016));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe('FIELD_NOT_APPLICABLE');
    expect(err.message).toBe(
      'lines[2].users: L-AC-VPNO-100= is licensed per ASA by concurrent connections (100), not by authorized users; it takes no user count',
    );
    expect(err.details).toEqual({ field: 'lines[2].users' });
  });

  it('a VPN Only line of quantity 4 gives four ASAs, one per registration', () => {
    const vpno = line({ sku: 'L-AC-VPNO-100=', quantity: 4, multiUse: false, pak: 'PAKVPNO0001' });
    expect(planAllocation([vpno], undefined, 1, false).allocations).toEqual([
      { line: vpno, quantity: 1, perDevice: 1 },
    ]);
    expect(
      refusal(() => planAllocation([vpno], [{ sku: 'L-AC-VPNO-100=', quantity: 4 }], 1, false)).code,
    ).toBe('QUANTITY_ONE_PER_DEVICE');
  });
});

describe('Register each PAK to each ASA — once: the same PAK to the same serial twice is refused', () => {
  it('names the Add Device row, the serial and the PAK', () => {
    const l = line();
    const plan = planAllocation([l], undefined, 2, false);
    const err = refusal(() =>
      refuseRegisteredTwice(
        [{ serial: 'JAD2222B', pakLineId: 1, pak: l.pak, sku: l.sku }],
        plan.allocations,
        ['JAD1111A', 'JAD2222B'],
      ),
    );
    expect(err.kind).toBe('conflict');
    expect(err.code).toBe('ALREADY_REGISTERED');
    expect(err.message).toBe(
      'devices[1]: PAK PAKMULTI001 (L-AC-PLS-P-G) is already registered to serial number JAD2222B',
    );
  });

  it('another PAK line on the same serial is fine', () => {
    const plan = planAllocation([line()], undefined, 1, false);
    expect(() =>
      refuseRegisteredTwice([{ serial: 'JAD1111A', pakLineId: 9, pak: 'X', sku: 'Y' }], plan.allocations, [
        'JAD1111A',
      ]),
    ).not.toThrow();
  });
});

describe('What happens with my ASA license key during a RMA? It gives back exactly what it took', () => {
  it('a multi-use registration gives back 1 per returned ASA', () => {
    expect(unitsToReturn('L-AC-PLS-P-G', { quantity: 3, returned: 0 }, 1, 2)).toBe(1);
    expect(unitsToReturn('L-AC-PLS-P-G', { quantity: 3, returned: 2 }, 1, 0)).toBe(1);
  });

  it('a banding registration gives its users back when its last ASA is returned', () => {
    expect(unitsToReturn('L-AC-APX-LIC=', { quantity: 102, returned: 0 }, 1, 1)).toBe(0);
    expect(unitsToReturn('L-AC-APX-LIC=', { quantity: 102, returned: 0 }, 1, 0)).toBe(102);
  });

  it('never gives back more than was taken', () => {
    expect(unitsToReturn('L-AC-PLS-P-G', { quantity: 1, returned: 1 }, 1, 0)).toBe(0);
    expect(unitsToReturn('L-AC-APX-LIC=', { quantity: 102, returned: 102 }, 1, 0)).toBe(0);
  });
});

describe('Smart Account entitlement: never more than the PAK carries, whichever way it gets there', () => {
  const apex = { pak: 'DEMOAPX0102', sku: 'L-AC-APX-LIC=', entitlement: 102, provisioned: 0 };
  const allocation = (q: number) => ({ line: line({ sku: 'L-AC-APX-LIC=' }), quantity: q, perDevice: q });

  it('a PAK carries its users, or the 99999 expansion of a multi-use part bought without a user count', () => {
    expect(carriedEntitlement({ quantity: 102, authorizedUsers: 102 })).toBe(102);
    expect(carriedEntitlement({ quantity: 99999, authorizedUsers: null })).toBe(99999);
    expect(carriedEntitlement({ quantity: 99999, authorizedUsers: 250 })).toBe(250);
  });

  it('step 1 of the wizard provisions the users it assigns, at most what is left', () => {
    expect(provisionOnRegistration(apex, allocation(40))).toBe(40);
    expect(provisionOnRegistration({ ...apex, provisioned: 80 }, allocation(40))).toBe(22);
    expect(provisionOnRegistration({ ...apex, provisioned: 102 }, allocation(40))).toBe(0);
  });

  it('a multi-use registration provisions the rest of what the PAK carries once', () => {
    const perp = { pak: 'DEMOPLSPERP', sku: 'L-AC-PLS-P-G', entitlement: 99999, provisioned: 0 };
    expect(provisionOnRegistration(perp, { line: line(), quantity: 1, perDevice: 1 })).toBe(99999);
    expect(
      provisionOnRegistration({ ...perp, provisioned: 99999 }, { line: line(), quantity: 1, perDevice: 1 }),
    ).toBe(0);
  });

  it('a sharing request provisions what is left and refuses a PAK already wholly in a Smart Account', () => {
    expect(provisionOnSharingRequest([{ ...apex, provisioned: 2 }], false)).toEqual([100]);
    const err = refusal(() => provisionOnSharingRequest([{ ...apex, provisioned: 102 }], false));
    expect(err.code).toBe('PAK_ALREADY_PROVISIONED');
    expect(err.message).toBe(
      'pak: PAK DEMOAPX0102 is already provisioned to a Smart Account: all 102 of its entitlement is there',
    );
  });

  it('a second sharing request while one is processed is refused', () => {
    const err = refusal(() => provisionOnSharingRequest([apex], true));
    expect(err.code).toBe('SHARING_REQUEST_PENDING');
  });
});

describe('How do I receive a trial AnyConnect Apex license? One 4-week evaluation per ASA', () => {
  const first = [{ startDate: '2026-03-02', endDate: '2026-03-30' }];

  it('the first request for a serial is granted', () => {
    expect(() => checkEvaluation('JAD1', [], '2026-03-02', 1)).not.toThrow();
  });

  it('never two at a time', () => {
    expect(refusal(() => checkEvaluation('JAD1', first, '2026-03-10', 1)).code).toBe('DEMO_LICENSE_ACTIVE');
  });

  it('after it ends, asking again does not chain another 28 days', () => {
    const err = refusal(() => checkEvaluation('JAD1', first, '2026-03-30', 1));
    expect(err.code).toBe('DEMO_LICENSE_USED');
    expect(err.message).toBe(
      'Serial number JAD1 already had its 4-week AnyConnect Plus/Apex (ASA) Demo License (2026-03-02 to 2026-03-30); an evaluation is not renewable: buy a license',
    );
  });

  it('a sandbox setting can allow more, still bounded', () => {
    expect(() => checkEvaluation('JAD1', first, '2026-03-30', 2)).not.toThrow();
    expect(refusal(() => checkEvaluation('JAD1', [...first, ...first], '2026-05-30', 2)).code).toBe(
      'DEMO_LICENSE_USED',
    );
  });
});

describe('How do I access the Software Center? A contract for term licenses and SWSS, not for perpetual ones', () => {
  it('the catalog has SWSS for Plus Perpetual and for every VPN Only size', () => {
    const swss = CATALOG.filter((s) => s.kind === 'swss');
    expect(swss.map((s) => s.supports)).toEqual([
      'L-AC-PLS-P-G',
      ...CATALOG.filter((s) => s.kind === 'vpn-only').map((s) => s.sku),
    ]);
    expect(findSku('CON-ECMU-LACPLSPG')?.description).toBe(
      'SWSS UPGRADES AnyConnect Plus Perpetual License (software support service)',
    );
  });

  it('term licenses and SWSS have a contract; Plus Perpetual, VPN Only and retired parts alone do not', () => {
    const withContract = CATALOG.filter(hasContract).map((s) => s.kind);
    expect(new Set(withContract)).toEqual(new Set(['banding', 'block-term', 'swss']));
  });

  it('the contract starts one day after ship and ends with the last term it covers', () => {
    const plans = [
      planOrderLine({ sku: 'L-AC-PLS-LIC=', users: 26, termMonths: 13 }, 0, SHIP_APR_26_2016),
      planOrderLine({ sku: 'L-AC-APX-3YR-G' }, 1, SHIP_APR_26_2016),
    ];
    expect(planContract(plans, SHIP_APR_26_2016)).toEqual({ startDate: '2016-04-27', endDate: '2019-04-27' });
  });

  it('a Plus Perpetual order alone gets no contract; with its SWSS it does', () => {
    const perpetual = planOrderLine({ sku: 'L-AC-PLS-P-G' }, 0, SHIP_APR_26_2016);
    expect(planContract([perpetual], SHIP_APR_26_2016)).toBeNull();
    const swss = planOrderLine({ sku: 'CON-ECMU-LACPLSPG', termMonths: 36 }, 1, SHIP_APR_26_2016);
    expect(swss).toMatchObject({ service: true, contract: true, termMonths: 36, startDate: '2016-04-27' });
    expect(planContract([perpetual, swss], SHIP_APR_26_2016)).toEqual({
      startDate: '2016-04-27',
      endDate: '2019-04-27',
    });
  });

  it('a SWSS line takes no user count', () => {
    const err = refusal(() => planOrderLine({ sku: 'CON-ECMU-LACVPNO100', users: 5 }, 0, SHIP_APR_26_2016));
    expect(err.code).toBe('FIELD_NOT_APPLICABLE');
    expect(err.details).toEqual({ field: 'lines[0].users' });
  });

  it('VPN Only and retired parts alone get no contract', () => {
    const vpno = planOrderLine({ sku: 'L-AC-VPNO-100=' }, 0, SHIP_APR_26_2016);
    expect(planContract([vpno], SHIP_APR_26_2016)).toBeNull();
  });
});
