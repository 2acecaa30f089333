import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { SERIAL_BLANK_MESSAGE, validateDeviceRows, validateSerial } from '../../src/domain/serial.js';
import { refusal } from './support.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split('');
const serialArb = fc.string({ unit: fc.constantFrom(...ALNUM), minLength: 4, maxLength: 20 });

describe('Why am I receiving a Serial number cannot be blank error message when registering a license', () => {
  it('uses the portal wording', () => {
    expect(SERIAL_BLANK_MESSAGE).toBe('Serial number cannot be blank');
  });

  it('refuses a serial pasted with a trailing space, naming the row', () => {
    const err = refusal(() => validateDeviceRows(['JAD222605K8 ']));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe('SERIAL_BLANK');
    expect(err.message).toBe('Serial number cannot be blank');
    expect(err.details).toEqual({ field: 'devices[0]', value: 'JAD222605K8 ', row: 1 });
  });

  it('refuses a serial pasted with a leading space', () => {
    const err = refusal(() => validateDeviceRows(['JAD222605K8', ' JMX1234X0AB']));
    expect(err.code).toBe('SERIAL_BLANK');
    expect(err.message).toBe('Serial number cannot be blank');
    expect(err.details).toEqual({ field: 'devices[1]', value: ' JMX1234X0AB', row: 2 });
  });

  it.each([
    ['a trailing tab', 'JAD222605K8\t'],
    ['a trailing newline', 'JAD222605K8\n'],
    ['a trailing non-breaking space', 'JAD222605K8\u00a0'],
    ['spaces on both sides', '  JAD222605K8  '],
  ])('treats %s as blank', (_label, value) => {
    const err = refusal(() => validateSerial(value, 'serial'));
    expect(err.code).toBe('SERIAL_BLANK');
    expect(err.message).toBe('Serial number cannot be blank');
  });

  it('refuses the empty row left by Add Device without a second serial, as row 2', () => {
    const err = refusal(() => validateDeviceRows(['JAD222605K8', '']));
    expect(err.code).toBe('SERIAL_BLANK');
    expect(err.message).toBe('Serial number cannot be blank');
    expect(err.details).toEqual({ field: 'devices[1]', value: '', row: 2 });
  });

  it('refuses a row of nothing but spaces', () => {
    const err = refusal(() => validateDeviceRows(['JAD222605K8', 'JMX1234X0AB', '   ']));
    expect(err.code).toBe('SERIAL_BLANK');
    expect(err.details).toEqual({ field: 'devices[2]', value: '   ', row: 3 });
  });

  it('refuses a form with no rows at all as a blank first row', () => {
    const err = refusal(() => validateDeviceRows([]));
    expect(err.code).toBe('SERIAL_BLANK');
    expect(err.message).toBe('Serial number cannot be blank');
    expect(err.details).toEqual({ field: 'devices', row: 1 });
  });

  it('names rows under the field it is given', () => {
    const err = refusal(() => validateDeviceRows(['JAD222605K8 '], 'targets'));
    expect(err.details).toEqual({ field: 'targets[0]', value: 'JAD222605K8 ', row: 1 });
  });

  it('reports no row when a single serial field is checked on its own', () => {
    const err = refusal(() => validateSerial('', 'sourceSerial'));
    expect(err.code).toBe('SERIAL_BLANK');
    expect(err.details).toEqual({ field: 'sourceSerial', value: '' });
  });

  it('property: any valid serial with a stray space before or after is blank', () => {
    fc.assert(
      fc.property(serialArb, fc.constantFrom(' ', '  ', '\t'), fc.boolean(), (serial, pad, before) => {
        const err = refusal(() => validateSerial(before ? pad + serial : serial + pad, 'serial'));
        expect(err.code).toBe('SERIAL_BLANK');
        expect(err.message).toBe('Serial number cannot be blank');
      }),
    );
  });
});

describe("This serial number MUST be obtained by using 'show version'", () => {
  it('accepts the 11-character serial show version reports and returns it upper case', () => {
    expect(validateSerial('JAD222605K8', 'serial')).toBe('JAD222605K8');
    expect(validateSerial('jad222605k8', 'serial')).toBe('JAD222605K8');
  });

  it('refuses a malformed serial with SERIAL_INVALID, naming the field and value', () => {
    const err = refusal(() => validateDeviceRows(['JAD-222605K8']));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe('SERIAL_INVALID');
    expect(err.message).toBe(
      `devices[0]: "JAD-222605K8" is not an ASA serial number; use the serial that 'show version' reports (4 to 20 letters and digits)`,
    );
    expect(err.details).toEqual({ field: 'devices[0]', value: 'JAD-222605K8', row: 1 });
  });

  it.each([
    ['the email placeholder', 'ASA-SHOW-VERSION-SERIAL-NUMBER'],
    ['a space inside the serial', 'JAD 222605K8'],
    ['three characters', 'JAD'],
    ['21 characters', 'A'.repeat(21)],
    ['punctuation', 'JAD222605K8!'],
    ['a UUID-style serial', '00000000-0000-0000-0000'],
  ])('refuses %s as invalid, not blank', (_label, value) => {
    expect(refusal(() => validateSerial(value, 'serial')).code).toBe('SERIAL_INVALID');
  });

  it('accepts 4 and 20 letters and digits', () => {
    expect(validateSerial('9A8b', 'serial')).toBe('9A8B');
    expect(validateSerial('x'.repeat(20), 'serial')).toBe('X'.repeat(20));
  });

  it('checks rows in order and reports the first bad one', () => {
    const err = refusal(() => validateDeviceRows(['JAD222605K8', 'BAD-1', '']));
    expect(err.code).toBe('SERIAL_INVALID');
    expect(err.details).toMatchObject({ row: 2, field: 'devices[1]' });
  });

  it('property: every string of 4 to 20 letters and digits is accepted, upper-cased', () => {
    fc.assert(
      fc.property(serialArb, (serial) => {
        expect(validateSerial(serial, 'serial')).toBe(serial.toUpperCase());
      }),
    );
  });
});

describe('If you have more than one ASA, click Add Device: each serial is entered once', () => {
  it('returns every row, upper-cased, in the order entered', () => {
    expect(validateDeviceRows(['jad222605k8', 'JMX1234X0AB', 'FCH2019V1AB'])).toEqual([
      'JAD222605K8',
      'JMX1234X0AB',
      'FCH2019V1AB',
    ]);
  });

  it('refuses the same serial twice, naming the second row', () => {
    const err = refusal(() => validateDeviceRows(['JAD222605K8', 'JAD222605K8']));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe('SERIAL_DUPLICATE');
    expect(err.message).toBe('devices[1]: serial number JAD222605K8 is entered twice');
    expect(err.details).toEqual({ field: 'devices[1]', row: 2, value: 'JAD222605K8' });
  });

  it('treats serials differing only in case as the same ASA', () => {
    const err = refusal(() => validateDeviceRows(['JMX1234X0AB', 'JAD222605K8', 'jad222605k8']));
    expect(err.code).toBe('SERIAL_DUPLICATE');
    expect(err.message).toBe('devices[2]: serial number JAD222605K8 is entered twice');
    expect(err.details).toEqual({ field: 'devices[2]', row: 3, value: 'JAD222605K8' });
  });

  it('property: distinct serials pass and come back upper-cased, any repeat is refused', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(serialArb, { minLength: 1, maxLength: 8, selector: (s) => s.toUpperCase() }),
        (serials) => {
          expect(validateDeviceRows(serials)).toEqual(serials.map((s) => s.toUpperCase()));
          const withRepeat = [...serials, serials[0] as string];
          const err = refusal(() => validateDeviceRows(withRepeat));
          expect(err.code).toBe('SERIAL_DUPLICATE');
          expect(err.details).toMatchObject({ row: withRepeat.length });
        },
      ),
    );
  });
});
