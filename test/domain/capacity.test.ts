import { describe, expect, it } from 'vitest';
import { Capacity } from '../../src/domain/capacity.js';

describe('Caps on held requests: per sandbox and in all', () => {
  it('refuses past the per-sandbox cap with "sandbox", past the overall cap with "server"', () => {
    const c = new Capacity(2, 3);
    const a1 = c.acquire('a');
    c.acquire('a');
    expect(c.acquire('a')).toEqual({ refused: 'sandbox' });
    c.acquire('b');
    expect(c.acquire('c')).toEqual({ refused: 'server' });
    if ('release' in a1) a1.release();
    expect(c.acquire('c')).toHaveProperty('release');
  });

  it('a release counts once, however often it is called', () => {
    const c = new Capacity(1, 10);
    const slot = c.acquire('a');
    if (!('release' in slot)) throw new Error('refused');
    slot.release();
    slot.release();
    expect(c.inUse).toBe(0);
    expect(c.heldBy('a')).toBe(0);
  });
});
