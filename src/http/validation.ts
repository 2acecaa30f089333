import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from '@sinclair/typebox';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * Two validators: bodies are taken exactly as sent (no type coercion, unknown fields refused), while
 * query strings and path parameters, which arrive as text, are coerced to the declared types.
 */
export function validatorCompiler(sharedSchemas: readonly TSchema[]): FastifySchemaCompiler<TSchema> {
  const make = (coerceTypes: Options['coerceTypes']) => {
    const ajv = new Ajv({
      coerceTypes,
      useDefaults: true,
      removeAdditional: false,
      allErrors: false,
      strict: false,
    });
    addFormats(ajv);
    for (const schema of sharedSchemas) ajv.addSchema(schema);
    return ajv;
  };
  const strict = make(false);
  const lenient = make('array');
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : lenient).compile(schema);
}
