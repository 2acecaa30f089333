import { describe, expect, it } from 'vitest';
import { nonCanonical } from '../../src/http/canonical-path.js';

describe('One spelling per path', () => {
  it.each([
    ['/%5F_admin/sandboxes', '/__admin/sandboxes'],
    ['/%5f%5fadmin/sandboxes', '/__admin/sandboxes'],
    ['/%61pi/v1/paks', '/api/v1/paks'],
    ['//__admin/sandboxes', '/__admin/sandboxes'],
    ['/__admin//sandboxes', '/__admin/sandboxes'],
    ['/./__admin/sandboxes', '/__admin/sandboxes'],
    ['/x/../__admin/sandboxes', '/__admin/sandboxes'],
    ['/../__admin', '/__admin'],
    ['/__admin/sandboxes/%2E%2E/x', '/__admin/x'],
    ['/portal/.', '/portal/'],
  ])('%s is another spelling of %s', (path, canonical) => {
    expect(nonCanonical(path)).toBe(canonical);
  });

  it.each([
    '/',
    '/__admin/sandboxes',
    '/api/v1/',
    '/portal/',
    '/__admin/sandboxes/no%20such',
    '/a/b%2Fc',
    '/x/%C3%A9',
    '/x/%2e%2f'.toUpperCase().replace('%2E', 'y'),
  ])('%s is canonical', (path) => {
    expect(nonCanonical(path)).toBeNull();
  });
});
