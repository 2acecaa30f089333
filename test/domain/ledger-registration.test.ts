import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  REGISTER_ALL_QUANTITY_WARNING,
  available,
  planAllocation,
  type LineState,
} from '../../src/domain/ledger.js';
import { DomainError } from '../../src/domain/errors.js';
import { refusal } from './support.js';

const PLUS_BANDING = 'L-AC-PLS-LIC=';
const APEX_BANDING = 'L-AC-APX-LIC=';
const PLUS_PERPETUAL = 'L-AC-PLS-P-G';
const APEX_3YR = 'L-AC-APX-3YR-G';
const VPN_ONLY = 'L-AC-VPNO-500=';

const banding = (over: Partial<LineState> = {}): LineState => ({
  id: 1,
  pak: 'PAKBAND0001',
  sku: PLUS_BANDING,
  quantity: 26,
  assigned: 0,
  multiUse: false,
  ...over,
});
const multiUse = (over: Partial<LineState> = {}): LineState => ({
  id: 2,
  pak: 'PAKMULTI001',
  sku: PLUS_PERPETUAL,
  quantity: 99999,
  assigned: 0,
  multiUse: true,
  ...over,
});
const vpnOnly = (over: Partial<LineState> = {}): LineState => ({
  id: 3,
  pak: 'PAKVPNO0001',
  sku: VPN_ONLY,
  quantity: 1,
  assigned: 0,
  multiUse: false,
  ...over,
});

describe('Quantity Available is what the PAK line has left', () => {
  it('is the line quantity less what is assigned', () => {
    expect(available(banding({ quantity: 26, assigned: 0 }))).toBe(26);
    expect(available(banding({ quantity: 26, assigned: 20 }))).toBe(6);
    expect(available(multiUse({ assigned: 3 }))).toBe(99996);
  });
});

describe('Select SKU Quantities: a banding line (L-AC-PLS-LIC= / L-AC-APX-LIC=) is assigned whole by default', () => {
  it('assigns all 26 users of the PAK to the ASA', () => {
    const line = banding();
    expect(planAllocation([line], undefined, 1, false)).toEqual({
      allocations: [{ line, quantity: 26, perDevice: 26 }],
      deactivatePaks: [],
    });
  });

  it('hands back the very line it was given, unchanged', () => {
    const line = banding();
    const plan = planAllocation([line], undefined, 1, false);
    expect(plan.allocations[0]?.line).toBe(line);
    expect(line.assigned).toBe(0);
  });

  it('assigns whatever is left of a partly assigned line', () => {
    const line = banding({ quantity: 26, assigned: 20 });
    expect(planAllocation([line], undefined, 1, false).allocations).toEqual([
      { line, quantity: 6, perDevice: 6 },
    ]);
  });

  it('assigns the whole line however many ASAs are registered', () => {
    const line = banding({ quantity: 102, sku: APEX_BANDING });
    expect(planAllocation([line], undefined, 3, false).allocations).toEqual([
      { line, quantity: 102, perDevice: 102 },
    ]);
  });

  it('treats an empty request list like no request: every line with quantity left', () => {
    const line = banding();
    expect(planAllocation([line], [], 1, false).allocations).toEqual([{ line, quantity: 26, perDevice: 26 }]);
  });

  it('assigning all of a banding line, even with register all, deactivates nothing', () => {
    const line = banding();
    expect(planAllocation([line], [{ sku: PLUS_BANDING, registerAll: true }], 1, false)).toEqual({
      allocations: [{ line, quantity: 26, perDevice: 26 }],
      deactivatePaks: [],
    });
  });
});

describe('How do the new licenses work with the ASA? A multi-use PAK (99999) is registered 1 per ASA', () => {
  it('assigns 1 for one ASA by default', () => {
    const line = multiUse();
    expect(planAllocation([line], undefined, 1, false)).toEqual({
      allocations: [{ line, quantity: 1, perDevice: 1 }],
      deactivatePaks: [],
    });
  });

  it('assigns 1 per ASA when several are added', () => {
    const line = multiUse({ sku: APEX_3YR });
    expect(planAllocation([line], undefined, 4, false).allocations).toEqual([
      { line, quantity: 4, perDevice: 1 },
    ]);
  });

  it('assigns a VPN Only line its 1', () => {
    const line = vpnOnly();
    expect(planAllocation([line], undefined, 1, false).allocations).toEqual([
      { line, quantity: 1, perDevice: 1 },
    ]);
  });

  it('by default plans every line of every PAK entered that still has quantity, skipping spent ones', () => {
    const spent = banding({ id: 10, pak: 'PAKSPENT001', assigned: 26 });
    const band = banding({ id: 11, sku: APEX_BANDING, quantity: 50, assigned: 10 });
    const multi = multiUse({ id: 12, assigned: 7 });
    const plan = planAllocation([spent, band, multi], undefined, 2, false);
    expect(plan.allocations).toEqual([
      { line: band, quantity: 40, perDevice: 40 },
      { line: multi, quantity: 2, perDevice: 1 },
    ]);
    expect(plan.deactivatePaks).toEqual([]);
  });

  it('refuses a Quantity to Assign above the device count: the units would vanish from the PAK', () => {
    const err = refusal(() => planAllocation([multiUse()], [{ sku: PLUS_PERPETUAL, quantity: 3 }], 2, false));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe('QUANTITY_ONE_PER_DEVICE');
    expect(err.message).toBe(
      'lines[0].quantity: L-AC-PLS-P-G on PAK PAKMULTI001 is multi-use and assigns exactly 1 per ASA: 2 devices take a Quantity to Assign of 2, not 3',
    );
  });

  it('refuses 99998 for one ASA (the PAK would be spent without being deactivated)', () => {
    const err = refusal(() =>
      planAllocation([multiUse()], [{ sku: PLUS_PERPETUAL, quantity: 99998 }], 1, false),
    );
    expect(err.code).toBe('QUANTITY_ONE_PER_DEVICE');
    expect(err.details).toMatchObject({ field: 'lines[0].quantity', quantityPerDevice: 1, devices: 1 });
  });

  it('refuses fewer than 1 per ASA, naming the field', () => {
    const err = refusal(() => planAllocation([multiUse()], [{ sku: PLUS_PERPETUAL, quantity: 2 }], 3, false));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe('QUANTITY_ONE_PER_DEVICE');
    expect(err.message).toBe(
      'lines[0].quantity: L-AC-PLS-P-G on PAK PAKMULTI001 is multi-use and assigns exactly 1 per ASA: 3 devices take a Quantity to Assign of 3, not 2',
    );
    expect(err.details).toEqual({
      field: 'lines[0].quantity',
      pak: 'PAKMULTI001',
      sku: PLUS_PERPETUAL,
      quantityAvailable: 99999,
      quantityToAssign: 2,
      quantityPerDevice: 1,
      devices: 3,
    });
  });

  it('accepts exactly the device count, and each ASA holds 1', () => {
    const line = multiUse();
    expect(planAllocation([line], [{ sku: PLUS_PERPETUAL, quantity: 2 }], 2, false).allocations).toEqual([
      { line, quantity: 2, perDevice: 1 },
    ]);
  });
});

describe('IT IS IMPORTANT THAT YOU DO NOT SELECT TO REGISTER ALL QUANTITY ON THE LICENSE TOOL', () => {
  const warning =
    'IT IS IMPORTANT THAT YOU DO NOT SELECT TO REGISTER ALL QUANTITY ON THE LICENSE TOOL OR YOU WILL DEACTIVATE YOUR PRODUCT ACTIVATION KEY.';

  it('warns in the FAQ words', () => {
    expect(REGISTER_ALL_QUANTITY_WARNING).toBe(warning);
  });

  it('by default the licensing site will not let you register all quantity of a multi-use PAK', () => {
    const err = refusal(() =>
      planAllocation([multiUse()], [{ sku: PLUS_PERPETUAL, registerAll: true }], 1, false),
    );
    expect(err.kind).toBe('unprocessable');
    expect(err.code).toBe('REGISTER_ALL_QUANTITY');
    expect(err.message).toBe(warning);
    expect(err.details).toEqual({
      field: 'lines[0].quantity',
      pak: 'PAKMULTI001',
      sku: PLUS_PERPETUAL,
      quantityAvailable: 99999,
      quantityToAssign: 99999,
    });
  });

  it('refuses typing the whole 99999 as the Quantity to Assign just the same', () => {
    const err = refusal(() =>
      planAllocation([multiUse()], [{ sku: PLUS_PERPETUAL, quantity: 99999 }], 1, false),
    );
    expect(err.code).toBe('REGISTER_ALL_QUANTITY');
    expect(err.message).toBe(warning);
  });

  it('register all takes what is left, not the original 99999', () => {
    const err = refusal(() =>
      planAllocation(
        [multiUse({ assigned: 40 })],
        [{ sku: PLUS_PERPETUAL, registerAll: true, quantity: 1 }],
        1,
        false,
      ),
    );
    expect(err.code).toBe('REGISTER_ALL_QUANTITY');
    expect(err.details).toMatchObject({ quantityAvailable: 99959, quantityToAssign: 99959 });
  });

  it('with a pop-up blocker it is not enforced: the PAK is assigned whole and listed for deactivation', () => {
    const line = multiUse();
    expect(planAllocation([line], [{ sku: PLUS_PERPETUAL, registerAll: true }], 1, true)).toEqual({
      allocations: [{ line, quantity: 99999, perDevice: 1 }],
      deactivatePaks: ['PAKMULTI001'],
    });
  });

  it('taking the last of a multi-use PAK by default also registers all quantity', () => {
    const line = multiUse({ assigned: 99998 });
    expect(refusal(() => planAllocation([line], undefined, 1, false)).code).toBe('REGISTER_ALL_QUANTITY');
    expect(planAllocation([line], undefined, 1, true)).toEqual({
      allocations: [{ line, quantity: 1, perDevice: 1 }],
      deactivatePaks: ['PAKMULTI001'],
    });
  });

  it('lists a PAK once even when several of its multi-use lines are registered whole', () => {
    const a = multiUse({ id: 21, sku: 'L-AC-PLS-3YR-G' });
    const b = multiUse({ id: 22, sku: 'L-AC-APX-3YR-G' });
    const plan = planAllocation(
      [a, b],
      [
        { sku: 'L-AC-PLS-3YR-G', registerAll: true },
        { sku: 'L-AC-APX-3YR-G', registerAll: true },
      ],
      1,
      true,
    );
    expect(plan.deactivatePaks).toEqual(['PAKMULTI001']);
    expect(plan.allocations.map((x) => x.quantity)).toEqual([99999, 99999]);
  });

  it('only the PAK registered whole is deactivated, not the others in the same registration', () => {
    const whole = multiUse({ id: 31, pak: 'PAKWHOLE001' });
    const partial = multiUse({ id: 32, pak: 'PAKPART0001', sku: APEX_3YR });
    const plan = planAllocation(
      [whole, partial],
      [{ pak: 'PAKWHOLE001', sku: PLUS_PERPETUAL, registerAll: true }, { sku: APEX_3YR }],
      1,
      true,
    );
    expect(plan.deactivatePaks).toEqual(['PAKWHOLE001']);
    expect(plan.allocations).toEqual([
      { line: whole, quantity: 99999, perDevice: 1 },
      { line: partial, quantity: 1, perDevice: 1 },
    ]);
  });
});

describe('Quantity to Assign cannot exceed the Quantity Available', () => {
  it('refuses 27 of a 26-user line with QUANTITY_NOT_AVAILABLE', () => {
    const err = refusal(() => planAllocation([banding()], [{ sku: PLUS_BANDING, quantity: 27 }], 1, false));
    expect(err.kind).toBe('conflict');
    expect(err.code).toBe('QUANTITY_NOT_AVAILABLE');
    expect(err.message).toBe(
      'Quantity to Assign 27 for L-AC-PLS-LIC= on PAK PAKBAND0001 exceeds the Quantity Available 26',
    );
    expect(err.details).toEqual({
      field: 'lines[0].quantity',
      pak: 'PAKBAND0001',
      sku: PLUS_BANDING,
      quantityAvailable: 26,
      quantityToAssign: 27,
    });
  });

  it('refuses more ASAs than a multi-use line has left', () => {
    const err = refusal(() => planAllocation([multiUse({ assigned: 99998 })], undefined, 2, true));
    expect(err.code).toBe('QUANTITY_NOT_AVAILABLE');
    expect(err.message).toBe(
      'Quantity to Assign 2 for L-AC-PLS-P-G on PAK PAKMULTI001 exceeds the Quantity Available 1',
    );
    expect(err.details).toMatchObject({ field: 'lines.quantity', quantityAvailable: 1, quantityToAssign: 2 });
  });

  it('refuses a second registration of a VPN Only line: it is per individual ASA', () => {
    const err = refusal(() => planAllocation([vpnOnly()], [{ sku: VPN_ONLY, quantity: 2 }], 1, false));
    expect(err.code).toBe('QUANTITY_NOT_AVAILABLE');
    expect(err.message).toBe(
      'Quantity to Assign 2 for L-AC-VPNO-500= on PAK PAKVPNO0001 exceeds the Quantity Available 1',
    );
  });

  it('property: a plan never assigns more than a line has left, nor less than 1', () => {
    const lineArb = fc
      .record({
        quantity: fc.integer({ min: 1, max: 99999 }),
        used: fc.integer({ min: 0, max: 99999 }),
        multiUse: fc.boolean(),
      })
      .map(({ quantity, used, multiUse: mu }) => ({
        quantity,
        assigned: Math.min(used, quantity),
        multiUse: mu,
      }));
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 10 }),
        fc.boolean(),
        fc.option(fc.integer({ min: -5, max: 100_000 }), { nil: undefined }),
        (specs, devices, popupBlocker, quantity) => {
          const lines = specs.map((s, i) => ({ id: i + 1, pak: `PAK${i}`, sku: `SKU-${i}`, ...s }));
          const requests = quantity === undefined ? undefined : lines.map((l) => ({ sku: l.sku, quantity }));
          let plan;
          try {
            plan = planAllocation(lines, requests, devices, popupBlocker);
          } catch (e) {
            expect(e).toBeInstanceOf(DomainError);
            return;
          }
          for (const { line, quantity: q } of plan.allocations) {
            expect(q).toBeGreaterThanOrEqual(1);
            expect(q).toBeLessThanOrEqual(available(line));
            if (line.multiUse) expect(q).toBeGreaterThanOrEqual(devices);
            if (line.multiUse && q === available(line)) expect(plan.deactivatePaks).toContain(line.pak);
          }
          if (!popupBlocker) expect(plan.deactivatePaks).toEqual([]);
          for (const pak of plan.deactivatePaks) {
            expect(
              plan.allocations.some(
                (a) => a.line.pak === pak && a.line.multiUse && a.quantity === available(a.line),
              ),
            ).toBe(true);
          }
        },
      ),
    );
  });
});

describe('All quantity already assigned: nothing left to register', () => {
  it('refuses with NOTHING_TO_ASSIGN, naming each PAK once', () => {
    const lines = [
      banding({ id: 1, pak: 'PAKAAAA0001', assigned: 26 }),
      banding({ id: 2, pak: 'PAKAAAA0001', sku: APEX_BANDING, quantity: 2, assigned: 2 }),
      vpnOnly({ id: 3, pak: 'PAKBBBB0002', assigned: 1 }),
    ];
    const err = refusal(() => planAllocation(lines, undefined, 1, false));
    expect(err.kind).toBe('conflict');
    expect(err.code).toBe('NOTHING_TO_ASSIGN');
    expect(err.message).toBe('All quantity on PAK/s PAKAAAA0001,PAKBBBB0002 has already been assigned');
    expect(err.details).toEqual({ field: 'lines' });
  });

  it('refuses an empty request list on spent lines the same way', () => {
    const err = refusal(() => planAllocation([multiUse({ assigned: 99999 })], [], 1, true));
    expect(err.code).toBe('NOTHING_TO_ASSIGN');
    expect(err.message).toBe('All quantity on PAK/s PAKMULTI001 has already been assigned');
  });
});

describe('Quantity to Assign must be a whole number of at least 1', () => {
  it.each([[0], [-3], [2.5]])('refuses %s with INVALID_QUANTITY', (quantity) => {
    const err = refusal(() => planAllocation([banding()], [{ sku: PLUS_BANDING, quantity }], 1, false));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe('INVALID_QUANTITY');
    expect(err.message).toBe('lines[0].quantity: Quantity to Assign must be a whole number of at least 1');
    expect(err.details).toEqual({
      field: 'lines[0].quantity',
      pak: 'PAKBAND0001',
      sku: PLUS_BANDING,
      quantityAvailable: 26,
      quantityToAssign: quantity,
    });
  });

  it('accepts part of a banding line', () => {
    const line = banding();
    expect(planAllocation([line], [{ sku: PLUS_BANDING, quantity: 10 }], 1, false).allocations).toEqual([
      { line, quantity: 10, perDevice: 10 },
    ]);
  });
});

describe('Select SKU Quantities: choosing which SKU lines to register', () => {
  const plus = banding({ id: 1, pak: 'PAKONE00001', sku: PLUS_BANDING });
  const apex = banding({ id: 2, pak: 'PAKONE00001', sku: APEX_BANDING, quantity: 102 });
  const perpetual = multiUse({ id: 3, pak: 'PAKTWO00002' });

  it('plans only the lines asked for, in the order asked', () => {
    const plan = planAllocation(
      [plus, apex, perpetual],
      [{ sku: PLUS_PERPETUAL }, { sku: APEX_BANDING, quantity: 2 }],
      1,
      false,
    );
    expect(plan.allocations).toEqual([
      { line: perpetual, quantity: 1, perDevice: 1 },
      { line: apex, quantity: 2, perDevice: 2 },
    ]);
  });

  it('matches the PAK named in the request whatever its case', () => {
    const plan = planAllocation([plus, apex], [{ pak: 'pakone00001', sku: APEX_BANDING }], 1, false);
    expect(plan.allocations).toEqual([{ line: apex, quantity: 102, perDevice: 102 }]);
  });

  it('refuses a SKU that is not on the PAKs entered with SKU_NOT_ON_PAK', () => {
    const err = refusal(() => planAllocation([plus, apex], [{ sku: 'L-AC-APX-5YR-G' }], 1, false));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe('SKU_NOT_ON_PAK');
    expect(err.message).toBe('lines[0]: L-AC-APX-5YR-G is not a SKU on the PAKs entered');
    expect(err.details).toEqual({ field: 'lines[0]' });
  });

  it('refuses a SKU that is not on the PAK named', () => {
    const err = refusal(() =>
      planAllocation(
        [plus, apex, perpetual],
        [{ sku: PLUS_BANDING }, { pak: 'PAKTWO00002', sku: APEX_BANDING }],
        1,
        false,
      ),
    );
    expect(err.code).toBe('SKU_NOT_ON_PAK');
    expect(err.message).toBe('lines[1]: L-AC-APX-LIC= is not a SKU on PAKTWO00002');
    expect(err.details).toEqual({ field: 'lines[1]' });
  });

  it('asks for the PAK when the SKU is on more than one with PAK_REQUIRED_FOR_SKU', () => {
    const other = banding({ id: 9, pak: 'PAKTHREE003' });
    const err = refusal(() => planAllocation([plus, other], [{ sku: PLUS_BANDING }], 1, false));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe('PAK_REQUIRED_FOR_SKU');
    expect(err.message).toBe('lines[0]: L-AC-PLS-LIC= is on more than one PAK; name the PAK');
    expect(err.details).toEqual({ field: 'lines[0].pak' });
    const plan = planAllocation([plus, other], [{ pak: 'PAKTHREE003', sku: PLUS_BANDING }], 1, false);
    expect(plan.allocations).toEqual([{ line: other, quantity: 26, perDevice: 26 }]);
  });

  it('refuses the same line listed twice with LINE_REPEATED', () => {
    const err = refusal(() =>
      planAllocation(
        [plus, apex],
        [
          { sku: PLUS_BANDING, quantity: 1 },
          { pak: 'PAKONE00001', sku: PLUS_BANDING },
        ],
        1,
        false,
      ),
    );
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe('LINE_REPEATED');
    expect(err.message).toBe('lines[1]: L-AC-PLS-LIC= on PAK PAKONE00001 is listed twice');
    expect(err.details).toEqual({ field: 'lines[1]' });
  });
});
