/** Wire shapes of the portal API: PAKs, registrations, Transactions History, devices. */
import { Type, type Static } from '@sinclair/typebox';
import { PLATFORMS } from '../../domain/platforms.js';
import { described, IsoDate, IsoDateTime, Nullable, StringList } from '../schema-parts.js';

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
  completesAt: Nullable(
    Type.String({
      format: 'date-time',
      description: 'A processing share or Smart Account request: when it completes on the sandbox clock',
    }),
  ),
};

export const TransactionSummary = Type.Object(transactionSummaryFields, { $id: 'TransactionSummary' });

export const TransactionList = Type.Object(
  {
    transactions: Type.Array(Type.Ref(TransactionSummary)),
    total: Type.Integer(),
    limit: Type.Integer(),
    offset: Type.Integer(),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description:
        'Pass as after= for the next page (null: this page is the last one); keyset paging costs the same on every page',
    }),
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

export const Pagination = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 })),
    after: Type.Optional(
      Type.String({
        maxLength: 128,
        description: "A previous page's nextCursor: the entries after its last one (instead of offset)",
      }),
    ),
  },
  { additionalProperties: false },
);

export const TransactionQuery = Type.Object(
  {
    ...Pagination.properties,
    id: Type.Optional(
      Type.String({
        maxLength: 40,
        description: 'A Transaction Id: the list holds that transaction alone, or is empty',
      }),
    ),
  },
  { additionalProperties: false },
);

export const PORTAL_SCHEMAS = [
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
];

export type RegistrationBody = Static<typeof RegistrationRequest>;
