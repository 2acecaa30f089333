import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { lazySerializers } from '../../src/http/serialization.js';
import { validatorCompiler } from '../../src/http/validation.js';

const route = (schema: unknown) => ({ method: 'GET', url: '/x', httpStatus: '200', schema });
const Shared = Type.Object({ code: Type.String() }, { $id: 'Shared' });

describe('Response serializers are built when a route first answers (start-up stays short)', () => {
  it('a broken schema fails at the first response, not when the route is registered', () => {
    const compile = lazySerializers()({}, {});
    const serialize = compile(route({ $ref: 'Missing#' }));
    expect(() => serialize({})).toThrow();
  });

  it('serializes as fast-json-stringify does: declared fields only, shared schemas by $ref', () => {
    const compile = lazySerializers()({ Shared }, {});
    const serialize = compile(route({ $ref: 'Shared#' }));
    expect(serialize({ code: 'X', secret: 'not declared' })).toBe('{"code":"X"}');
    // A second route with the same schema answers the same.
    expect(compile(route({ $ref: 'Shared#' }))({ code: 'Y' })).toBe('{"code":"Y"}');
  });
});

describe('Request validators are compiled at the first request', () => {
  it('a broken schema fails when the route is first called', () => {
    const validate = validatorCompiler([])({
      schema: Type.Ref(Shared),
      method: 'POST',
      url: '/x',
      httpPart: 'body',
    });
    expect(() => validate({ code: 'X' })).toThrow(/can't resolve reference Shared/);
  });

  it('bodies are taken as sent while query strings are coerced, with the errors kept on the function', () => {
    const compile = validatorCompiler([Shared]);
    const body = compile({
      schema: Type.Object({ n: Type.Integer() }),
      method: 'POST',
      url: '/x',
      httpPart: 'body',
    });
    expect(body({ n: '5' })).toBe(false);
    expect(body.errors?.[0]).toMatchObject({ instancePath: '/n', keyword: 'type' });
    expect(body({ n: 5 })).toBe(true);
    expect(body.errors).toBeNull();
    const query = compile({
      schema: Type.Object({ n: Type.Integer() }),
      method: 'GET',
      url: '/x',
      httpPart: 'querystring',
    });
    const data = { n: '5' };
    expect(query(data)).toBe(true);
    expect(data).toEqual({ n: 5 });
  });
});
