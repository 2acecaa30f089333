/**
 * Every wire shape, once, as TypeBox: the same objects validate requests, type the handlers and
 * become the OpenAPI components (by $id). The error envelope and the probes' answer live here; each
 * face keeps the shapes of its own routes in its folder.
 */
import { Type } from '@sinclair/typebox';
import { API_CLIENT_SCHEMAS, CLI_SCHEMAS, DEVICE_SCHEMAS } from './admin/device-schemas.js';
import { FAULT_SCHEMAS, MAIL_SCHEMAS } from './admin/harness-schemas.js';
import { SANDBOX_SCHEMAS, SNAPSHOT_SCHEMAS } from './admin/schemas.js';
import { CSSM_SCHEMAS } from './cssm/schemas.js';
import { LIFECYCLE_SCHEMAS } from './portal/lifecycle-schemas.js';
import { PORTAL_SCHEMAS } from './portal/schemas.js';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'SNAKE_CASE error code', examples: ['PAK_INVALID_OR_INACTIVE'] }),
      message: Type.String({
        examples: ['PAK/s or Token/s DEMOPENDING is / are either Invalid or Inactive'],
      }),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'ErrorResponse', description: 'Every error leaves the server in this shape' },
);

export const Health = Type.Object({ status: Type.String() }, { $id: 'Health' });

/**
 * Registered with fastify.addSchema at the root, before any face, in dependency order, so $refs
 * resolve from every face and appear as components.
 */
export const SHARED_SCHEMAS = [
  ErrorResponse,
  Health,
  ...SANDBOX_SCHEMAS,
  ...PORTAL_SCHEMAS,
  ...MAIL_SCHEMAS,
  ...LIFECYCLE_SCHEMAS,
  ...DEVICE_SCHEMAS,
  ...SNAPSHOT_SCHEMAS,
  ...FAULT_SCHEMAS,
  ...CLI_SCHEMAS,
  ...CSSM_SCHEMAS,
  ...API_CLIENT_SCHEMAS,
];
