/** Wire shapes of the test harness: scenario documents, created sandboxes, clone and import. */
import { Type } from '@sinclair/typebox';
import { SANDBOX_ID_PATTERN, ScenarioDocument } from '../domain/scenario.js';

export const CreatedSandbox = Type.Intersect(
  [
    Type.Ref('SandboxInfo'),
    Type.Object({
      adminToken: Type.String({
        description:
          'Controls this sandbox only (every /__admin/sandboxes/{id}/… route but clone). Shown once; only its hash is stored',
        examples: ['lpa_0123456789abcdefghijABCDEFGHIJ0123456789'],
      }),
      users: Type.Array(Type.Ref('User'), { description: "The sandbox's users and their portal tokens" }),
    }),
  ],
  { $id: 'CreatedSandbox', description: 'A new sandbox, with the tokens to drive it' },
);

export const CopySandbox = Type.Object(
  {
    id: Type.Optional(Type.String({ pattern: SANDBOX_ID_PATTERN, examples: ['ci-run-43'] })),
    name: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { $id: 'CopySandbox', additionalProperties: false },
);

export const ImportQuery = Type.Object(
  {
    id: Type.Optional(Type.String({ pattern: SANDBOX_ID_PATTERN, description: 'ID of the new sandbox' })),
    name: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const HARNESS_SCHEMAS = [ScenarioDocument, CreatedSandbox, CopySandbox];
