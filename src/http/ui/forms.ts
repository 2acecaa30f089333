/** Reading HTML form posts, and placing a service's refusal next to the field it names. */
import { DomainError } from '../../domain/errors.js';
import { statusOf } from '../errors.js';

/** @fastify/formbody's parse: a repeated name gives an array. */
export type FormBody = Record<string, string | string[] | undefined>;

export function one(body: FormBody | undefined, name: string): string {
  const v = body?.[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

export function many(body: FormBody | undefined, name: string): string[] {
  const v = body?.[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export const checked = (body: FormBody | undefined, name: string) => one(body, name) !== '';

/**
 * Where a refusal goes on the page: `details.field` with list rows kept for the fields shown as rows
 * (`devices[1]` → "devices.1", the second Add Device row) and other indexes dropped (`sendTo[0]` →
 * "sendTo", the one Send To box). A refusal naming no field goes to the top of the form ("_form"),
 * except the FAQ's PAK message, which belongs to the PAK box.
 */
export function errorKey(err: DomainError, rows: readonly string[] = []): string {
  const d = err.details ?? {};
  let field = typeof d.field === 'string' ? d.field : Array.isArray(d.paks) ? 'paks' : '_form';
  if (field === 'ids') field = 'paks';
  if (rows.includes(field) && typeof d.row === 'number') field = `${field}[${d.row - 1}]`;
  const m = /^([A-Za-z_]+)(?:\[(\d+)\])?/.exec(field);
  if (!m) return '_form';
  const [, base, index] = m as unknown as [string, string, string | undefined];
  return index !== undefined && rows.includes(base) ? `${base}.${index}` : base;
}

export interface FieldErrors {
  [key: string]: string;
}

/**
 * The message as the page shows it, next to its field: the API's field path prefix
 * ("lines[0].quantity: ") means nothing on a form, so it is left out.
 */
export function formMessage(err: DomainError): string {
  const field = err.details?.field;
  return typeof field === 'string' && err.message.startsWith(`${field}: `)
    ? err.message.slice(field.length + 2)
    : err.message;
}

export function fieldErrors(err: DomainError, rows: readonly string[] = []): FieldErrors {
  return { [errorKey(err, rows)]: formMessage(err) };
}

/** Runs a use case; a DomainError becomes field errors for the page instead of an error response. */
export function attempt<T>(
  fn: () => T,
  rows: readonly string[] = [],
): { ok: true; value: T } | { ok: false; errors: FieldErrors; error: DomainError; status: number } {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    if (err instanceof DomainError)
      return { ok: false, errors: fieldErrors(err, rows), error: err, status: statusOf(err) };
    throw err;
  }
}
