import { describe, expect, it } from 'vitest';
import { fixture, featureNames, layout, MODELS, referenceOf, simulatedShowVersion } from './asa-fidelity.js';

describe("show version has the real device's line kinds, in the real order, with the real spacing", () => {
  for (const model of MODELS) {
    const ref = referenceOf(model);
    it(`${model.model}: as ${ref.file} (${ref.device})`, () => {
      const ours = simulatedShowVersion(model, ref);
      const real = fixture(ref.file);
      // Where the model is a relative of the reference, the lines only one of them has (documented).
      const options = { foreign: ref.foreign, ignoreBlanks: ref.ignoreBlanks, skip: ownLines(model.family) };
      expect(layout(ours, { ...options, drop: ref.redacted })).toEqual(layout(real, options));
      if (ref.exact) expect(featureNames(ours)).toEqual(featureNames(real));
    });
  }
});

/** Line kinds one platform prints and its reference's platform does not (docs/simulated-asas.md). */
function ownLines(family: string): string[] {
  switch (family) {
    case 'ssp':
      // The 5585-X has no baseboard management controller, nor the 5500-X's "ASA:" share line.
      return [
        'Baseboard Management Controller (revision 0x1) Firmware Version:',
        '            ASA:',
        'blank',
      ];
    case 'asa5505':
      // The 5520 of the reference has an external CompactFlash slot, and a Shared License server's row.
      return ['Slot 1:', '  Shared AnyConnect Premium Peers :'];
    default:
      return [];
  }
}

describe('no line exists only to satisfy a parser', () => {
  it('PAK-licensed units print no Model Id, License mode or Platform License State', () => {
    for (const model of MODELS.filter((m) => m.platform === 'asa')) {
      const out = simulatedShowVersion(model);
      expect(out, model.model).not.toMatch(/^(Model Id:|License mode:|.* Platform License State:)/m);
    }
  });

  it('the ASAv prints the real ASAv lines: Model Id, Slot 1, "ASAv Platform License State", no term column', () => {
    const asav = MODELS.find((m) => m.platform === 'asav')!;
    const out = simulatedShowVersion(asav);
    expect(out).toContain(
      'Model Id:   ASAv10\nInternal ATA Compact Flash, 8192MB\nSlot 1: ATA Compact Flash, 8192MB\n',
    );
    expect(out).toContain('License mode: Smart Licensing\nASAv Platform License State: Unlicensed\n');
    expect(out).toContain('\tMaximum VLANs                     : 50\n');
    expect(out).not.toContain('perpetual');
  });
});
