import { Type, type TSchema } from '@sinclair/typebox';

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const IsoDate = Type.String({
  format: 'date',
  description: 'Calendar date, YYYY-MM-DD',
  examples: ['2026-11-29'],
});
export const IsoDateTime = Type.String({ format: 'date-time', examples: ['2026-11-28T10:00:00.000Z'] });
export const Duration = Type.String({
  description: 'A duration: "4h", "30d", "1d12h", "90m", "0"',
  examples: ['4h'],
  maxLength: 32,
});
export const StringList = Type.Union([
  Type.String({ maxLength: 5000 }),
  Type.Array(Type.String({ maxLength: 500 }), { maxItems: 100 }),
]);

/**
 * A shared part with its own description. Use this, not `{ ...Part, description }`: the spread's type
 * holds TypeBox's symbol keys, which the declaration build (npm run build) cannot name.
 */
export const described = <T extends TSchema>(schema: T, description: string): T => ({
  ...schema,
  description,
});
