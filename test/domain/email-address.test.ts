import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { isEmailAddress, parseSendTo } from '../../src/domain/email-address.js';
import { refusal } from './support.js';

describe('Send To: Enter multiple email addresses separated by commas', () => {
  it('accepts one address', () => {
    expect(parseSendTo('admin@example.com')).toEqual(['admin@example.com']);
  });

  it('splits on commas, ignoring the spaces around them', () => {
    expect(parseSendTo(' admin@example.com ,netops@example.co.uk,  sec-team+asa@corp.example ')).toEqual([
      'admin@example.com',
      'netops@example.co.uk',
      'sec-team+asa@corp.example',
    ]);
  });

  it('accepts a list, whose entries may themselves hold commas', () => {
    expect(parseSendTo(['admin@example.com', 'a@example.org, b@example.org', ' '])).toEqual([
      'admin@example.com',
      'a@example.org',
      'b@example.org',
    ]);
  });

  it('lower-cases and sends once to an address entered twice', () => {
    expect(parseSendTo('Admin@Example.COM, admin@example.com,,netops@example.com')).toEqual([
      'admin@example.com',
      'netops@example.com',
    ]);
  });

  it.each([[''], ['  '], [' , ,']])('refuses %j with SEND_TO_REQUIRED', (input) => {
    const err = refusal(() => parseSendTo(input));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe('SEND_TO_REQUIRED');
    expect(err.message).toBe('sendTo: enter at least one email address to send the license to');
    expect(err.details).toEqual({ field: 'sendTo' });
  });

  it('refuses an empty list under the field it is given', () => {
    const err = refusal(() => parseSendTo([], 'recipients'));
    expect(err.code).toBe('SEND_TO_REQUIRED');
    expect(err.message).toBe('recipients: enter at least one email address to send the license to');
    expect(err.details).toEqual({ field: 'recipients' });
  });

  it('refuses a bad address with SEND_TO_INVALID, naming it and its position', () => {
    const err = refusal(() => parseSendTo('admin@example.com, youremailaddress'));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe('SEND_TO_INVALID');
    expect(err.message).toBe('sendTo: "youremailaddress" is not a valid email address');
    expect(err.details).toEqual({ field: 'sendTo[1]', value: 'youremailaddress' });
  });

  it('refuses addresses separated by semicolons instead of commas', () => {
    const err = refusal(() => parseSendTo('a@example.com; b@example.com'));
    expect(err.code).toBe('SEND_TO_INVALID');
    expect(err.message).toBe('sendTo: "a@example.com; b@example.com" is not a valid email address');
  });
});

describe('A valid email address: one @, a dotted domain, no spaces', () => {
  it.each([
    'do-not-reply@cisco.com',
    'licensing@cisco.com',
    'first.last+tag@mail.example.co.uk',
    'x@a-b.io',
    'AnyConnect-pricing@cisco.com',
    "o'brien@example.com",
  ])('accepts %s', (address) => {
    expect(isEmailAddress(address)).toBe(true);
  });

  it.each([
    ['no @', 'licensing.cisco.com'],
    ['two @', 'a@b@cisco.com'],
    ['an undotted domain', 'admin@localhost'],
    ['a space', 'ad min@cisco.com'],
    ['a domain label starting with a hyphen', 'a@-cisco.com'],
    ['a domain label ending with a hyphen', 'a@cisco-.com'],
    ['an empty local part', '@cisco.com'],
    ['an empty domain label', 'a@cisco..com'],
    ['a display name', 'Admin <admin@cisco.com>'],
    ['a comma', 'a,b@cisco.com'],
    ['nothing', ''],
  ])('refuses %s', (_label, address) => {
    expect(isEmailAddress(address)).toBe(false);
  });

  it('refuses addresses longer than 254 characters', () => {
    const domain = '.example.com';
    const at254 = `${'a'.repeat(64)}@${'b'.repeat(254 - 65 - domain.length)}${domain}`;
    expect(at254.length).toBe(254);
    expect(isEmailAddress(at254)).toBe(true);
    const at255 = `${'a'.repeat(65)}@${'b'.repeat(254 - 65 - domain.length)}${domain}`;
    expect(isEmailAddress(at255)).toBe(false);
  });

  it('property: parseSendTo returns unique lower-case valid addresses, or refuses', () => {
    const address = fc
      .tuple(
        fc.stringMatching(/^[A-Za-z0-9._+-]{1,10}$/),
        fc.stringMatching(/^[A-Za-z0-9]{1,8}\.[A-Za-z]{2,4}$/),
      )
      .map(([local, domain]) => `${local}@${domain}`);
    fc.assert(
      fc.property(
        fc.array(address, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(',', ', ', ' ,  '),
        (list, sep) => {
          const result = parseSendTo(list.join(sep));
          expect(result).toEqual([...new Set(list.map((a) => a.toLowerCase()))]);
          for (const a of result) expect(isEmailAddress(a)).toBe(true);
        },
      ),
    );
  });
});
