/** ASA serial numbers as typed into "ASA Serial number" rows (Add Device adds a row). */
import { invalid } from './errors.js';

export const SERIAL_BLANK_MESSAGE = 'Serial number cannot be blank';
/** ASA `show version` serials are 11 characters (JAD222605K8); older and virtual ASAs vary a little. */
const SERIAL_PATTERN = /^[A-Za-z0-9]{4,20}$/;

/**
 * The portal treats a row that is empty, or that carries a stray space before or after the serial,
 * as blank; the FAQ: "You most likely accidentally pasted in a trailing space after your serial number."
 */
export function validateSerial(value: string, field: string, row?: number): string {
  const details: Record<string, unknown> = { field, value };
  if (row !== undefined) details.row = row;
  if (value.trim() === '' || value !== value.trim()) {
    throw invalid('SERIAL_BLANK', SERIAL_BLANK_MESSAGE, details);
  }
  if (!SERIAL_PATTERN.test(value)) {
    throw invalid(
      'SERIAL_INVALID',
      `${field}: "${value}" is not an ASA serial number; use the serial that 'show version' reports (4 to 20 letters and digits)`,
      details,
    );
  }
  return value.toUpperCase();
}

/** Validates every Add Device row; each error names its row (1-based) and field. */
export function validateDeviceRows(rows: readonly string[], field = 'devices'): string[] {
  if (rows.length === 0) {
    throw invalid('SERIAL_BLANK', SERIAL_BLANK_MESSAGE, { field, row: 1 });
  }
  const serials = rows.map((row, i) => validateSerial(row, `${field}[${i}]`, i + 1));
  const seen = new Set<string>();
  serials.forEach((s, i) => {
    if (seen.has(s)) {
      throw invalid('SERIAL_DUPLICATE', `${field}[${i}]: serial number ${s} is entered twice`, {
        field: `${field}[${i}]`,
        row: i + 1,
        value: s,
      });
    }
    seen.add(s);
  });
  return serials;
}
