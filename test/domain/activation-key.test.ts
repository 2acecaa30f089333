import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  NO_FEATURES,
  decodeActivationKey,
  encodeActivationKey,
  featuresOf,
  parseKeyWords,
  verifyActivationKey,
  type FeatureSet,
} from '../../src/domain/activation-key.js';

const SECRET = 'sandbox-secret-1';
const SERIAL = 'JAD222605K8';
const OTHER_SERIAL = 'JMX1234X0AB';
const KEY_FORMAT = /^0x[0-9a-f]{8} 0x[0-9a-f]{8} 0x[0-9a-f]{8} 0x[0-9a-f]{8} 0x[0-9a-f]{8}$/;

const PLUS: FeatureSet = { ...NO_FEATURES, anyconnectTerm: true };

const words = (key: string) => key.split(' ');
const withWord = (key: string, index: number, word: number) =>
  words(key)
    .map((w, i) => (i === index ? `0x${(word >>> 0).toString(16).padStart(8, '0')}` : w))
    .join(' ');

const serialArb = fc.stringMatching(/^[A-Z0-9]{4,20}$/);
const secretArb = fc.string({ minLength: 1, maxLength: 40 });
const isoDayArb = fc
  .integer({ min: Date.UTC(2000, 0, 1) / 86_400_000, max: Date.UTC(2099, 11, 31) / 86_400_000 })
  .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));
/** Realistic feature sets: VPN Only and retired Premium peers never coexist on one ASA (per the FAQ). */
const featuresArb: fc.Arbitrary<FeatureSet> = fc
  .record({
    anyconnectTerm: fc.boolean(),
    peers: fc.oneof(
      fc.constant({ vpnOnlyPeers: 0, premiumPeers: 0 }),
      fc.integer({ min: 1, max: 0xffff }).map((n) => ({ vpnOnlyPeers: n, premiumPeers: 0 })),
      fc.integer({ min: 1, max: 0xffff }).map((n) => ({ vpnOnlyPeers: 0, premiumPeers: n })),
    ),
    essentials: fc.boolean(),
    sharedLicense: fc.boolean(),
    mobile: fc.boolean(),
    evaluationUntil: fc.option(isoDayArb, { nil: null }),
  })
  .map(({ peers, ...rest }) => ({ ...rest, ...peers }));

describe('How do the new licenses work with the ASA? A second Plus or Apex PAK does not change the key', () => {
  it('a Plus PAK unlocks the ASA for its maximum hardware capacity and nothing else', () => {
    expect(featuresOf([{ tier: 'plus' }])).toEqual(PLUS);
    expect(featuresOf([{ tier: 'apex' }])).toEqual(PLUS);
  });

  it('a second Plus PAK gives the same features and the same key', () => {
    const one = featuresOf([{ tier: 'plus' }]);
    const two = featuresOf([{ tier: 'plus' }, { tier: 'plus' }]);
    expect(two).toEqual(one);
    expect(encodeActivationKey(SECRET, SERIAL, two)).toBe(encodeActivationKey(SECRET, SERIAL, one));
  });

  it('a Plus and an Apex PAK give the same key as Plus alone, or Apex alone', () => {
    const plus = encodeActivationKey(SECRET, SERIAL, featuresOf([{ tier: 'plus' }]));
    const apex = encodeActivationKey(SECRET, SERIAL, featuresOf([{ tier: 'apex' }]));
    const both = encodeActivationKey(SECRET, SERIAL, featuresOf([{ tier: 'plus' }, { tier: 'apex' }]));
    expect(both).toBe(plus);
    expect(apex).toBe(plus);
  });

  it("the key carries no tier, user count or expiry ('show version' cannot tell them)", () => {
    const decoded = decodeActivationKey(
      SECRET,
      SERIAL,
      encodeActivationKey(SECRET, SERIAL, featuresOf([{ tier: 'apex' }])),
    );
    expect(decoded).toEqual(PLUS);
  });

  it('the same features always give the same key', () => {
    expect(encodeActivationKey(SECRET, SERIAL, { ...PLUS })).toBe(encodeActivationKey(SECRET, SERIAL, PLUS));
  });
});

describe('What features a device licenses add up to', () => {
  it('no licenses, no features', () => {
    expect(featuresOf([])).toEqual(NO_FEATURES);
    expect(NO_FEATURES).toEqual({
      anyconnectTerm: false,
      vpnOnlyPeers: 0,
      essentials: false,
      premiumPeers: 0,
      sharedLicense: false,
      mobile: false,
      evaluationUntil: null,
    });
  });

  it('never alters NO_FEATURES', () => {
    featuresOf([{ tier: 'plus' }, { tier: 'vpn-only', connections: 500 }]);
    expect(Object.isFrozen(NO_FEATURES)).toBe(true);
    expect(NO_FEATURES.anyconnectTerm).toBe(false);
    expect(NO_FEATURES.vpnOnlyPeers).toBe(0);
  });

  it('VPN Only adds its concurrent connections; VPN Only licenses are not additive', () => {
    expect(featuresOf([{ tier: 'vpn-only', connections: 500 }])).toEqual({
      ...NO_FEATURES,
      vpnOnlyPeers: 500,
    });
    expect(
      featuresOf([
        { tier: 'vpn-only', connections: 100 },
        { tier: 'vpn-only', connections: 500 },
      ]).vpnOnlyPeers,
    ).toBe(500);
  });

  it('a license without a connection count adds no peers', () => {
    expect(featuresOf([{ tier: 'vpn-only' }]).vpnOnlyPeers).toBe(0);
    expect(featuresOf([{ tier: 'premium', connections: null }]).premiumPeers).toBe(0);
  });

  it('the retired Essentials, Premium, Shared and Mobile licenses', () => {
    expect(featuresOf([{ tier: 'essentials' }])).toEqual({ ...NO_FEATURES, essentials: true });
    expect(
      featuresOf([
        { tier: 'premium', connections: 25 },
        { tier: 'premium', connections: 250 },
      ]),
    ).toEqual({
      ...NO_FEATURES,
      premiumPeers: 250,
    });
    expect(featuresOf([{ tier: 'shared', connections: 1000 }])).toEqual({
      ...NO_FEATURES,
      sharedLicense: true,
      premiumPeers: 1000,
    });
    expect(featuresOf([{ tier: 'mobile' }])).toEqual({ ...NO_FEATURES, mobile: true });
  });
});

describe('ASA activation key format: five 0x words', () => {
  it('is five 0x-prefixed 8-digit lower-case hex words separated by single spaces', () => {
    expect(encodeActivationKey(SECRET, SERIAL, PLUS)).toMatch(KEY_FORMAT);
    expect(encodeActivationKey(SECRET, SERIAL, NO_FEATURES)).toMatch(KEY_FORMAT);
  });

  it('parses the five words as unsigned 32-bit numbers', () => {
    expect(parseKeyWords('0x00000000 0x0000000a 0x7fffffff 0x80000000 0xffffffff')).toEqual([
      0, 10, 0x7fffffff, 0x80000000, 0xffffffff,
    ]);
  });

  it('is forgiving about spacing, case and leading zeros, as typed into the ASA', () => {
    expect(parseKeyWords('  0x1   0xA\t0xBEEF 0xdeadBEEF 0x0  ')).toEqual([1, 10, 0xbeef, 0xdeadbeef, 0]);
  });

  it.each([
    ['four words', '0x1 0x2 0x3 0x4'],
    ['six words', '0x1 0x2 0x3 0x4 0x5 0x6'],
    ['a word without 0x', '0x1 0x2 3 0x4 0x5'],
    ['a nine-digit word', '0x1 0x2 0x123456789 0x4 0x5'],
    ['a non-hex digit', '0x1 0x2 0xg 0x4 0x5'],
    ['an empty string', ''],
    ['the email placeholder', 'YOUR-PRODUCT-ACTIVATION-KEY'],
  ])('refuses %s', (_label, key) => {
    expect(parseKeyWords(key)).toBeNull();
    expect(verifyActivationKey(SECRET, SERIAL, key)).toBe(false);
    expect(decodeActivationKey(SECRET, SERIAL, key)).toBeNull();
  });
});

describe('Decoding a key gives back the features it unlocks', () => {
  it.each<[string, FeatureSet]>([
    ['Plus or Apex', PLUS],
    ['nothing', NO_FEATURES],
    ['VPN Only 10000', { ...NO_FEATURES, vpnOnlyPeers: 10000 }],
    ['Premium 250 with Mobile', { ...NO_FEATURES, premiumPeers: 250, mobile: true }],
    [
      'Shared 1000 with Essentials',
      { ...NO_FEATURES, sharedLicense: true, premiumPeers: 1000, essentials: true },
    ],
    ['a 4-week Apex evaluation', { ...PLUS, evaluationUntil: '2016-05-25' }],
    ['an evaluation ending on a leap day', { ...PLUS, evaluationUntil: '2024-02-29' }],
  ])('%s', (_label, features) => {
    const key = encodeActivationKey(SECRET, SERIAL, features);
    expect(decodeActivationKey(SECRET, SERIAL, key)).toEqual(features);
    expect(verifyActivationKey(SECRET, SERIAL, key)).toBe(true);
  });

  it('decodes a key retyped in upper case with extra spaces', () => {
    const key = encodeActivationKey(SECRET, SERIAL, PLUS);
    const retyped = `  ${words(key)
      .map((w) => `0x${w.slice(2).toUpperCase()}`)
      .join('   ')} `;
    expect(decodeActivationKey(SECRET, SERIAL, retyped)).toEqual(PLUS);
  });

  it('property: encode then decode gives back any feature set, for any serial and secret', () => {
    fc.assert(
      fc.property(secretArb, serialArb, featuresArb, (secret, serial, features) => {
        const key = encodeActivationKey(secret, serial, features);
        expect(key).toMatch(KEY_FORMAT);
        expect(decodeActivationKey(secret, serial, key)).toEqual(features);
      }),
    );
  });
});

describe('The Serial number displayed must be the same serial number as show version or you will not be able to install the key', () => {
  it('the same features give a different key on a different serial', () => {
    expect(encodeActivationKey(SECRET, OTHER_SERIAL, PLUS)).not.toBe(
      encodeActivationKey(SECRET, SERIAL, PLUS),
    );
  });

  it('keys for different serials share no word, so they look unrelated', () => {
    const a = words(encodeActivationKey(SECRET, SERIAL, PLUS));
    const b = words(encodeActivationKey(SECRET, OTHER_SERIAL, PLUS));
    a.forEach((w, i) => expect(w).not.toBe(b[i]));
  });

  it('a key does not verify against another serial', () => {
    const key = encodeActivationKey(SECRET, SERIAL, PLUS);
    expect(verifyActivationKey(SECRET, SERIAL, key)).toBe(true);
    expect(verifyActivationKey(SECRET, OTHER_SERIAL, key)).toBe(false);
    expect(decodeActivationKey(SECRET, OTHER_SERIAL, key)).toBeNull();
  });

  it('a key made by another sandbox does not verify here', () => {
    const key = encodeActivationKey('another-sandbox-secret', SERIAL, PLUS);
    expect(verifyActivationKey(SECRET, SERIAL, key)).toBe(false);
    expect(encodeActivationKey(SECRET, SERIAL, PLUS)).not.toBe(key);
  });

  it('property: a key never verifies against another serial', () => {
    fc.assert(
      fc.property(secretArb, serialArb, serialArb, featuresArb, (secret, serial, other, features) => {
        fc.pre(serial !== other);
        const key = encodeActivationKey(secret, serial, features);
        expect(verifyActivationKey(secret, other, key)).toBe(false);
        expect(encodeActivationKey(secret, other, features)).not.toBe(key);
      }),
    );
  });

  it('property: a key never verifies under another secret', () => {
    fc.assert(
      fc.property(secretArb, secretArb, serialArb, featuresArb, (secret, other, serial, features) => {
        fc.pre(secret !== other);
        expect(verifyActivationKey(other, serial, encodeActivationKey(secret, serial, features))).toBe(false);
      }),
    );
  });
});

describe('A tampered key fails verification', () => {
  const key = encodeActivationKey(SECRET, SERIAL, PLUS);
  const parsed = parseKeyWords(key) as number[];

  it.each([0, 1, 2, 3, 4])('flipping one bit of word %i breaks the key', (index) => {
    const tampered = withWord(key, index, (parsed[index] as number) ^ 1);
    expect(tampered).not.toBe(key);
    expect(verifyActivationKey(SECRET, SERIAL, tampered)).toBe(false);
    expect(decodeActivationKey(SECRET, SERIAL, tampered)).toBeNull();
  });

  it('swapping two words breaks the key', () => {
    const w = words(key);
    const swapped = [w[1], w[0], w[2], w[3], w[4]].join(' ');
    expect(verifyActivationKey(SECRET, SERIAL, swapped)).toBe(false);
  });

  it('granting a feature by editing the feature words breaks the key', () => {
    const evalKey = encodeActivationKey(SECRET, SERIAL, { ...NO_FEATURES, evaluationUntil: '2016-05-25' });
    const evalWords = parseKeyWords(evalKey) as number[];
    // Turn on the AnyConnect flag (bit 0 of the first, masked, word): the MAC no longer matches.
    expect(verifyActivationKey(SECRET, SERIAL, withWord(evalKey, 0, (evalWords[0] as number) ^ 1))).toBe(
      false,
    );
  });

  it('property: flipping any bit of any word breaks the key', () => {
    fc.assert(
      fc.property(
        secretArb,
        serialArb,
        featuresArb,
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 31 }),
        (secret, serial, features, index, bit) => {
          const good = encodeActivationKey(secret, serial, features);
          const w = parseKeyWords(good) as number[];
          const bad = withWord(good, index, (w[index] as number) ^ (1 << bit));
          expect(verifyActivationKey(secret, serial, bad)).toBe(false);
        },
      ),
    );
  });
});
