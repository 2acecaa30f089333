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
/** attempt() for a use case that answers later (a snapshot import). */
export async function attemptAsync<T>(
  fn: () => Promise<T>,
  rows: readonly string[] = [],
): Promise<{ ok: true; value: T } | { ok: false; errors: FieldErrors; error: DomainError; status: number }> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    if (err instanceof DomainError)
      return { ok: false, errors: fieldErrors(err, rows), error: err, status: statusOf(err) };
    throw err;
  }
}

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

/** A multipart/form-data post as @fastify/multipart attaches it: fields and files as part objects. */
type UploadBody = Record<
  string,
  { value?: unknown; filename?: string; toBuffer?: () => Promise<Buffer> } | undefined
>;

export function uploadField(body: unknown, name: string): string {
  const value = (body as UploadBody | undefined)?.[name]?.value;
  return typeof value === 'string' ? value : '';
}

/** The uploaded file of that field, or null when none was chosen. */
export async function uploadFile(
  body: unknown,
  name: string,
): Promise<{ filename: string; content: Buffer } | null> {
  const part = (body as UploadBody | undefined)?.[name];
  if (!part?.toBuffer || !part.filename) return null;
  const content = await part.toBuffer();
  return content.length === 0 ? null : { filename: part.filename, content };
}
