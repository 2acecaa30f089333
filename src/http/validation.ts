import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from '@sinclair/typebox';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
type FastifyValidationResult = ReturnType<FastifySchemaCompiler<TSchema>>;

/**
 * Two validators: bodies are taken exactly as sent (no type coercion, unknown fields refused), while
 * query strings and path parameters, which arrive as text, are coerced to the declared types. Each
 * route's validator is compiled on its first request, which keeps start-up short.
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
  let strict: Ajv | undefined;
  let lenient: Ajv | undefined;
  return ({ schema, httpPart }) => {
    let compiled: ValidateFunction | undefined;
    const validate: FastifyValidationResult = (data: unknown) => {
      if (!compiled) {
        const ajv = httpPart === 'body' ? (strict ??= make(false)) : (lenient ??= make('array'));
        compiled = ajv.compile(schema);
      }
      const valid = compiled(data);
      validate.errors = compiled.errors as FastifyValidationResult['errors'];
      return valid;
    };
    return validate;
  };
}
