/**
 * Every wire shape, once, as TypeBox: the same objects validate requests, type the handlers and
 * become the OpenAPI components (by $id).
 */
import { Type, type Static } from '@sinclair/typebox';
import { PLATFORMS } from '../domain/platforms.js';
import { SANDBOX_ID_PATTERN, ScenarioDocument } from '../domain/scenario.js';
import { HARNESS_SCHEMAS } from './schemas-harness.js';
import { FAULT_SCHEMAS } from './schemas-faults.js';
import { ASA_SCHEMAS } from './schemas-asa.js';
import { CSSM_SCHEMAS } from './schemas-cssm.js';
import { LIFECYCLE_SCHEMAS } from './schemas-lifecycle.js';
import { described, Duration, IsoDate, IsoDateTime, Nullable, StringList } from './schema-parts.js';

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
  { sandboxes: Type.Array(Type.Ref(SandboxInfo)) },
  { $id: 'SandboxList' },
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
    eDeliveryMailId: Type.String(),
    contract: Type.Object({ number: Type.String(), availableAt: IsoDateTime }),
  },
  { $id: 'Order' },
);

export const PakLine = Type.Object(
  {
    sku: Type.String(),
    description: Type.String(),
    smartAccount: Type.String({ examples: ['Unassigned'] }),
    quantity: Type.Integer(),
    quantityAvailable: Type.Integer(),
    quantityAssigned: Type.Integer(),
    multiUse: Type.Boolean(),
    authorizedUsers: Nullable(Type.Integer()),
    termMonths: Nullable(Type.Integer()),
    startDate: IsoDate,
    endDate: Nullable(IsoDate),
  },
  { $id: 'PakLine' },
);

export const Pak = Type.Object(
  {
    pak: Type.String(),
    productFamily: Type.String({ examples: ['ASA AnyConnect Term and Content'] }),
    salesOrder: Type.String(),
    lines: Type.Array(Type.Ref(PakLine)),
  },
  { $id: 'Pak' },
);

export const PakLookup = Type.Object({ paks: Type.Array(Type.Ref(Pak)) }, { $id: 'PakLookup' });

export const PakLookupQuery = Type.Object(
  {
    ids: Type.String({
      maxLength: 2000,
      description: '1 to 10 PAKs or token IDs, separated by commas',
      examples: ['DEMOPLS0026,DEMOAPX0102'],
    }),
  },
  { additionalProperties: false },
);

export const RegistrationRequest = Type.Object(
  {
    paks: described(StringList, 'PAKs as typed (comma-separated string or array), 1 to 10'),
    smartAccount: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    virtualAccount: Type.Optional(
      Nullable(Type.String({ maxLength: 200, description: 'Required with Smart Account' })),
    ),
    lines: Type.Optional(
      Type.Array(
        Type.Object(
          {
            pak: Type.Optional(Type.String({ maxLength: 40 })),
            sku: Type.String({ maxLength: 40 }),
            quantity: Type.Optional(Type.Integer({ description: 'Quantity to Assign' })),
            registerAll: Type.Optional(
              Type.Boolean({
                description: 'The license tool\'s "register all quantity" (deactivates a multi-use PAK)',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    ),
    devices: Type.Array(Type.String({ maxLength: 200 }), {
      maxItems: 100,
      description: 'ASA serial numbers as in show version, one per Add Device row',
    }),
    sendTo: Type.Optional(
      described(StringList, 'Email addresses, comma-separated or as an array; defaults to your own'),
    ),
    endUser: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ maxLength: 200 })),
          company: Type.Optional(Type.String({ maxLength: 200 })),
          email: Type.Optional(Type.String({ maxLength: 254 })),
        },
        { additionalProperties: false },
      ),
    ),
    agreeToTerms: Type.Boolean({ description: 'I Agree with the Terms of the License Agreement' }),
    platform: Type.Optional(
      Type.Union(
        PLATFORMS.map((p) => Type.Literal(p)),
        {
          description: 'The head-end; PAK registration exists for the ASA only (default asa)',
        },
      ),
    ),
  },
  {
    $id: 'RegistrationRequest',
    additionalProperties: false,
    examples: [
      { paks: 'DEMOPLS0026', devices: ['JAD222605K8'], sendTo: 'john.doe@example.com', agreeToTerms: true },
    ],
  },
);

export const RegisteredLicense = Type.Object(
  {
    serial: Type.String(),
    pak: Type.String(),
    sku: Type.String(),
    smartAccount: Type.String(),
    quantity: Type.Integer(),
    startDate: IsoDate,
    endDate: Nullable(IsoDate),
  },
  { $id: 'RegisteredLicense' },
);

export const LicenseRequestStatus = Type.Object(
  {
    transactionId: Type.String(),
    status: Type.Union([Type.Literal('processing'), Type.Literal('completed')]),
    message: Type.String({ examples: ['The License has been sent to - john.doe@example.com'] }),
    sentTo: Type.Array(Type.String()),
    licenses: Type.Array(Type.Ref(RegisteredLicense)),
    deactivatedPaks: Type.Array(Type.String()),
  },
  { $id: 'LicenseRequestStatus' },
);

const TransactionStatus = Type.Union([
  Type.Literal('processing'),
  Type.Literal('completed'),
  Type.Literal('failed'),
]);
const EmailSent = Type.Object({
  id: Type.String(),
  to: Type.Array(Type.String()),
  subject: Type.String(),
  status: Type.Union([Type.Literal('queued'), Type.Literal('delivered')]),
  deliverAt: IsoDateTime,
});
const transactionSummaryFields = {
  id: Type.String(),
  type: Type.String({ examples: ['registration'] }),
  status: TransactionStatus,
  createdAt: IsoDateTime,
  completedAt: Nullable(IsoDateTime),
  paks: Type.Array(Type.String()),
  serials: Type.Array(Type.String()),
  emailsSent: Type.Array(EmailSent),
};

export const TransactionSummary = Type.Object(transactionSummaryFields, { $id: 'TransactionSummary' });

export const TransactionList = Type.Object(
  {
    transactions: Type.Array(Type.Ref(TransactionSummary)),
    total: Type.Integer(),
    limit: Type.Integer(),
    offset: Type.Integer(),
  },
  { $id: 'TransactionList' },
);

export const TransactionDetail = Type.Object(
  {
    ...transactionSummaryFields,
    sendTo: Type.Array(Type.String()),
    endUser: Type.Record(Type.String(), Type.String()),
    smartAccount: Nullable(Type.String()),
    virtualAccount: Nullable(Type.String()),
    lines: Type.Array(
      Type.Object({
        pak: Type.String(),
        sku: Type.String(),
        quantity: Type.Integer(),
        startDate: IsoDate,
        endDate: Nullable(IsoDate),
      }),
    ),
  },
  { $id: 'TransactionDetail' },
);

const deviceLicenseFields = {
  pak: Type.String(),
  sku: Type.String(),
  quantity: Type.Integer(),
  startDate: IsoDate,
  endDate: Nullable(IsoDate),
  transactionId: Type.String(),
  registeredAt: IsoDateTime,
  sharedFrom: Nullable(
    Type.String({ description: 'Source serial when the license came by the Share License Process' }),
  ),
};

export const Device = Type.Object(
  {
    serial: Type.String(),
    activationKey: Nullable(
      Type.String({ examples: ['0x1a2b3c4d 0x5e6f7a8b 0x9c0d1e2f 0x3a4b5c6d 0x7e8f9a0b'] }),
    ),
    termEndDate: Nullable(IsoDate),
    licenses: Type.Array(Type.Object(deviceLicenseFields)),
    removedLicenses: Type.Array(
      Type.Object({ ...deviceLicenseFields, removedAt: IsoDateTime, reason: Type.String() }),
    ),
    evaluation: Nullable(
      Type.Object({
        activationKey: Type.String(),
        startDate: IsoDate,
        endDate: IsoDate,
        status: Type.Union([Type.Literal('active'), Type.Literal('expired')]),
      }),
    ),
    events: Type.Array(Type.Object({ at: IsoDateTime, kind: Type.String(), detail: Type.String() })),
  },
  { $id: 'Device' },
);

const mailSummaryFields = {
  id: Type.String(),
  messageId: Type.String(),
  from: Type.String(),
  to: Type.Array(Type.String()),
  subject: Type.String(),
  date: IsoDateTime,
  folder: Type.Union([Type.Literal('inbox'), Type.Literal('spam')]),
  transactionId: Nullable(Type.String()),
  attachments: Type.Array(
    Type.Object({ filename: Type.String(), contentType: Type.String(), size: Type.Integer() }),
  ),
  relay: Nullable(
    Type.Object(
      {
        status: Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')]),
        attempts: Type.Integer(),
        lastError: Nullable(Type.String()),
      },
      { description: 'Delivery to SMTP_URL; null when the server had no SMTP_URL when the message landed' },
    ),
  ),
};

export const MailSummary = Type.Object(mailSummaryFields, { $id: 'MailSummary' });
export const MailList = Type.Object({ messages: Type.Array(Type.Ref(MailSummary)) }, { $id: 'MailList' });
export const MailMessage = Type.Object(
  {
    ...mailSummaryFields,
    text: Type.String(),
    html: Type.String(),
    headers: Type.Array(Type.Object({ name: Type.String(), value: Type.String() }), {
      description: 'Top-level headers of the raw message, in order (unfolded, MIME-encoded as sent)',
    }),
  },
  { $id: 'MailMessage' },
);

export const Pagination = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 })),
  },
  { additionalProperties: false },
);

export const SandboxParams = Type.Object({ id: Type.String({ maxLength: 63 }) });

/** Registered with fastify.addSchema, in dependency order, so $refs resolve and appear as components. */
export const SHARED_SCHEMAS = [
  ErrorResponse,
  Health,
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
  PakLine,
  Pak,
  PakLookup,
  RegistrationRequest,
  RegisteredLicense,
  LicenseRequestStatus,
  TransactionSummary,
  TransactionList,
  TransactionDetail,
  Device,
  MailSummary,
  MailList,
  MailMessage,
  ...LIFECYCLE_SCHEMAS,
  ...HARNESS_SCHEMAS,
  ...FAULT_SCHEMAS,
  ...ASA_SCHEMAS,
  ...CSSM_SCHEMAS,
];

export type RegistrationBody = Static<typeof RegistrationRequest>;
