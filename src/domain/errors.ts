/**
 * A rule broken by a request. `kind` says which class of HTTP status it maps to; the http layer owns
 * the mapping, so the domain stays free of transport concerns.
 */
export type ErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'unprocessable';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('invalid', code, message, details);
export const notFound = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('not_found', code, message, details);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('conflict', code, message, details);
export const unprocessable = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('unprocessable', code, message, details);
export const forbidden = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('forbidden', code, message, details);
