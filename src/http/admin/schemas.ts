/** Wire shapes of the control plane: sandboxes, settings, clock, users, orders, clone and import. */
import { Type } from '@sinclair/typebox';
import { SANDBOX_ID_PATTERN, ScenarioDocument } from '../../domain/scenario.js';
import { described, Duration, IsoDate, IsoDateTime, Nullable } from '../schema-parts.js';

export const SettingsPatch = Type.Object(
  {
    popupBlocker: Type.Optional(
      Type.Boolean({ description: 'Lets "register all quantity" through (the FAQ pop-up blocker quirk)' }),
    ),
    activationDelay: Type.Optional(
      described(Duration, 'Default eDelivery-to-active delay for new orders, 0 to 24h'),
    ),
    activationCodeTtl: Type.Optional(
      described(Duration, 'How long a Share License Process activation code stays usable (30d)'),
    ),
    shareDelay: Type.Optional(described(Duration, 'How long a share takes to complete (15m)')),
    contractDelay: Type.Optional(
      described(Duration, 'Delay from eDelivery until the contract number exists (3d)'),
    ),
    smartAccountRequestDelay: Type.Optional(
      described(Duration, 'How long Global Licensing takes with a Smart Account sharing request (1d)'),
    ),
    mailDelay: Type.Optional(
      described(
        Duration,
        'Delay before license emails land in the mailbox (the FAQ\'s "within the hour"); "0" for none',
      ),
    ),
    mailLoss: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        description:
          'Fraction of messages filed in the Spam folder instead of the inbox (the FAQ\'s "check your Spam folder")',
      }),
    ),
    journalSize: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 100000,
        description: 'Portal requests kept in the request journal (0 turns it off)',
      }),
    ),
  },
  { $id: 'SettingsPatch', additionalProperties: false },
);

export const Settings = Type.Object(
  {
    popupBlocker: Type.Boolean(),
    activationDelay: Type.String(),
    mailDelay: Type.String(),
    activationCodeTtl: Type.String(),
    shareDelay: Type.String(),
    contractDelay: Type.String(),
    smartAccountRequestDelay: Type.String(),
    mailLoss: Type.Number(),
    journalSize: Type.Integer(),
  },
  { $id: 'Settings' },
);

export const Clock = Type.Object(
  {
    now: IsoDateTime,
    frozen: Type.Boolean(),
    nextDueAt: Nullable(IsoDateTime),
  },
  {
    $id: 'Clock',
    description: "The sandbox's simulated clock; nextDueAt is when the next scheduled work runs",
  },
);

export const ClockAction = Type.Union(
  [
    Type.Object({ action: Type.Literal('freeze') }, { additionalProperties: false }),
    Type.Object({ action: Type.Literal('unfreeze') }, { additionalProperties: false }),
    Type.Object({ action: Type.Literal('set'), to: IsoDateTime }, { additionalProperties: false }),
    Type.Object({ action: Type.Literal('advance'), by: Duration }, { additionalProperties: false }),
  ],
  { $id: 'ClockAction', examples: [{ action: 'advance', by: '4h' }] },
);

export const Scenario = Type.String({
  $id: 'Scenario',
  pattern: SANDBOX_ID_PATTERN,
  description:
    'demo, empty, or the ID of a scenario loaded from SCENARIOS_DIR; a sandbox made from a scenarioDocument says inline',
  examples: ['demo'],
});

export const CreateSandbox = Type.Object(
  {
    id: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', examples: ['ci-run-42'] })),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    scenario: Type.Optional(Type.Ref(Scenario)),
    scenarioDocument: Type.Optional(
      Type.Ref(ScenarioDocument, {
        description: 'A scenario given inline instead of by name; the fields here override its own',
      }),
    ),
    seed: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description:
          'Deterministic mode: every PAK, ID, key, message ID and user token derives from this seed',
      }),
    ),
    startTime: Type.Optional(IsoDateTime),
    frozen: Type.Optional(Type.Boolean()),
    settings: Type.Optional(Type.Ref(SettingsPatch)),
  },
  {
    $id: 'CreateSandbox',
    additionalProperties: false,
    examples: [{ id: 'ci-run-42', scenario: 'demo', frozen: true }],
  },
);

export const SandboxInfo = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    scenario: Type.Ref(Scenario),
    createdAt: IsoDateTime,
    clock: Type.Ref(Clock),
    settings: Type.Ref(Settings),
  },
  { $id: 'SandboxInfo' },
);

export const SandboxList = Type.Object(
  {
    sandboxes: Type.Array(Type.Ref(SandboxInfo)),
    next: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as cursor to get the next page; null on the last page',
    }),
    total: Type.Integer({ description: 'Sandboxes in all pages' }),
  },
  { $id: 'SandboxList' },
);

export const SandboxListQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1000,
        default: 100,
        description: 'Sandboxes per page (at most 1000)',
      }),
    ),
    cursor: Type.Optional(
      Type.String({ maxLength: 2000, description: 'The `next` value of the previous page' }),
    ),
  },
  { additionalProperties: false },
);

export const Address = Type.Object(
  {
    line1: Type.Optional(Type.String({ maxLength: 200 })),
    city: Type.Optional(Type.String({ maxLength: 100 })),
    state: Type.Optional(Type.String({ maxLength: 100 })),
    postalCode: Type.Optional(Type.String({ maxLength: 20 })),
    country: Type.Optional(Type.String({ maxLength: 60 })),
  },
  {
    $id: 'Address',
    additionalProperties: false,
    examples: [
      { line1: '170 West Tasman Dr', city: 'San Jose', state: 'CA', postalCode: '95134', country: 'US' },
    ],
  },
);

export const UserInput = Type.Object(
  {
    ccoId: Type.String({ minLength: 1, maxLength: 64, examples: ['jdoe'] }),
    email: Type.String({ maxLength: 254, examples: ['john.doe@example.com'] }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    company: Type.Optional(Type.String({ maxLength: 200 })),
    address: Type.Optional(Type.Ref(Address)),
    smartAccounts: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })),
  },
  { $id: 'UserInput', additionalProperties: false },
);

export const User = Type.Object(
  {
    ccoId: Type.String(),
    email: Type.String(),
    name: Type.String(),
    company: Type.String(),
    address: Type.Ref(Address),
    token: Type.String({ description: 'Bearer token for the portal API (/api/v1)' }),
  },
  { $id: 'User' },
);

export const UserList = Type.Object({ users: Type.Array(Type.Ref(User)) }, { $id: 'UserList' });

export const OrderLineInput = Type.Object(
  {
    sku: Type.String({ maxLength: 40, examples: ['L-AC-PLS-LIC='] }),
    quantity: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100000, description: 'Entitlement; never more than one PAK' }),
    ),
    users: Type.Optional(
      Type.Integer({ description: 'Authorized users (required for L-AC-PLS-LIC= / L-AC-APX-LIC=)' }),
    ),
    termMonths: Type.Optional(Type.Integer({ description: 'Banding parts only: 12 to 60' })),
    startDate: Type.Optional(described(IsoDate, 'Banding parts only: up to 60 days ahead')),
    pak: Type.Optional(
      Type.String({
        description: 'Use this PAK instead of a generated one (11 upper-case letters and digits)',
      }),
    ),
    renewsPak: Type.Optional(
      Type.String({
        maxLength: 40,
        description:
          "Renewal (L-AC-PLS-LIC= / L-AC-APX-LIC= only): the term starts where this PAK's term ends",
      }),
    ),
  },
  { $id: 'OrderLineInput', additionalProperties: false },
);

export const OrderInput = Type.Object(
  {
    ccoId: Type.String({ description: 'The ordering user; the eDelivery email goes to them' }),
    salesOrder: Type.Optional(Type.String()),
    shippedAt: Type.Optional(IsoDateTime),
    activationDelay: Type.Optional(Duration),
    lines: Type.Array(Type.Ref(OrderLineInput), { minItems: 1, maxItems: 100 }),
    contractAddress: Type.Optional(Type.Ref(Address)),
  },
  {
    $id: 'OrderInput',
    additionalProperties: false,
    examples: [
      { ccoId: 'jdoe', activationDelay: '4h', lines: [{ sku: 'L-AC-PLS-LIC=', users: 26, termMonths: 12 }] },
    ],
  },
);

export const OrderedPak = Type.Object(
  {
    pak: Type.String(),
    productFamily: Type.String(),
    sku: Type.String(),
    description: Type.String(),
    orderQuantity: Type.Integer(),
    quantity: Type.Integer(),
    multiUse: Type.Boolean(),
    authorizedUsers: Nullable(Type.Integer()),
    termMonths: Nullable(Type.Integer()),
    startDate: IsoDate,
    endDate: Nullable(IsoDate),
    activeAt: IsoDateTime,
  },
  { $id: 'OrderedPak' },
);

export const Order = Type.Object(
  {
    salesOrder: Type.String(),
    ccoId: Type.String(),
    shippedAt: IsoDateTime,
    activationDelay: Type.String(),
    paks: Type.Array(Type.Ref(OrderedPak)),
    services: Type.Array(
      Type.Object({
        sku: Type.String(),
        description: Type.String(),
        quantity: Type.Integer({ description: 'Head-ends the Software Support Service covers' }),
        termMonths: Type.Integer(),
        startDate: IsoDate,
        endDate: IsoDate,
      }),
      { description: 'SWSS lines: support on the contract, no PAK' },
    ),
    eDeliveryMailId: Type.String(),
    contract: described(
      Nullable(
        Type.Object({
          number: Type.String(),
          availableAt: described(
            IsoDateTime,
            'When the contract number is generated (a few days after eDelivery)',
          ),
          startDate: described(IsoDate, 'One day after ship'),
          endDate: described(IsoDate, 'The end of the last term or SWSS line it covers'),
        }),
      ),
      'Only for term licenses and SWSS; null for Plus Perpetual, VPN Only or retired parts alone',
    ),
  },
  { $id: 'Order' },
);

export const SandboxParams = Type.Object({ id: Type.String({ maxLength: 63 }) });

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

export const SANDBOX_SCHEMAS = [
  Scenario,
  SettingsPatch,
  Settings,
  Clock,
  ClockAction,
  CreateSandbox,
  SandboxInfo,
  SandboxList,
  Address,
  UserInput,
  User,
  UserList,
  OrderLineInput,
  OrderInput,
  OrderedPak,
  Order,
];
export const SNAPSHOT_SCHEMAS = [ScenarioDocument, CreatedSandbox, CopySandbox];
