import { describe, expect, it } from 'vitest';
import { classOf, parseClassRequest, progressOf, traineeSandboxId } from '../../src/domain/classroom.js';
import { DomainError } from '../../src/domain/errors.js';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.message;
    throw err;
  }
  return null;
};

describe('A class is its trainee sandboxes, named after it', () => {
  it('lab has lab-01 … lab-12; a sandbox ID tells its class', () => {
    expect(traineeSandboxId('lab', 0)).toBe('lab-01');
    expect(traineeSandboxId('lab', 11)).toBe('lab-12');
    expect(classOf('lab-07')).toBe('lab');
    expect(classOf('default')).toBeNull();
  });

  it('the form is checked field by field', () => {
    expect(parseClassRequest({ name: ' Lab ', size: '3', asas: '' })).toEqual({
      name: 'lab',
      size: 3,
      asasPerTrainee: 2,
    });
    expect(refusal(() => parseClassRequest({ name: 'a b', size: '3', asas: '2' }))).toMatch(/^name: /);
    expect(refusal(() => parseClassRequest({ name: 'lab', size: '0', asas: '2' }))).toBe(
      'size: a whole number from 1 to 40',
    );
    expect(refusal(() => parseClassRequest({ name: 'lab', size: '2', asas: '9' }))).toBe(
      'asas: a whole number from 0 to 4',
    );
  });
});

describe("A trainee's progress through the FAQ flow", () => {
  const asas = (installed: string[]) =>
    ['A1', 'A2'].map((serial) => ({ serial, keyInstalled: installed.includes(serial) }));

  it('registered, then installed on the registered ASA, then shared, then the target licensed', () => {
    expect(progressOf({ registeredSerials: [], shares: [], asas: asas([]) })).toEqual({
      registered: false,
      installed: false,
      shared: false,
      secondLicensed: false,
    });
    expect(progressOf({ registeredSerials: ['A1'], shares: [], asas: asas(['A2']) }).installed).toBe(false);
    const share = { sourceSerial: 'A1', targetSerial: 'A2', completed: true };
    expect(progressOf({ registeredSerials: ['A1'], shares: [share], asas: asas(['A1', 'A2']) })).toEqual({
      registered: true,
      installed: true,
      shared: true,
      secondLicensed: true,
    });
    expect(
      progressOf({ registeredSerials: ['A1'], shares: [{ ...share, completed: false }], asas: asas(['A1']) })
        .shared,
    ).toBe(false);
  });
});
