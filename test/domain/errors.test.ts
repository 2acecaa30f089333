import { describe, it, expect } from 'vitest';
import {
  DomainError,
  conflict,
  forbidden,
  invalid,
  notFound,
  unprocessable,
} from '../../src/domain/errors.js';

describe('A broken rule is a DomainError carrying its kind, code, message and details', () => {
  it('is an Error named DomainError', () => {
    const err = invalid('SERIAL_BLANK', 'Serial number cannot be blank', { row: 2 });
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(DomainError);
    expect(err.name).toBe('DomainError');
    expect(err.code).toBe('SERIAL_BLANK');
    expect(err.message).toBe('Serial number cannot be blank');
    expect(err.details).toEqual({ row: 2 });
  });

  it.each([
    [invalid, 'invalid'],
    [notFound, 'not_found'],
    [conflict, 'conflict'],
    [unprocessable, 'unprocessable'],
    [forbidden, 'forbidden'],
  ] as const)('%o makes the %s kind', (make, kind) => {
    const err = make('CODE', 'message');
    expect(err.kind).toBe(kind);
    expect(err.details).toBeUndefined();
  });
});
