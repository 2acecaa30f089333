/** Wire shapes of Get Other Licenses: activation codes, shares, lost PAKs, contracts, Smart Accounts, demo licenses. */
import { Type } from '@sinclair/typebox';
import { described, IsoDate, IsoDateTime, Nullable, StringList } from '../schema-parts.js';

const EndUser = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    company: Type.Optional(Type.String({ maxLength: 200 })),
    email: Type.Optional(Type.String({ maxLength: 254 })),
  },
  { additionalProperties: false },
);

export const ActivationCodeRequest = Type.Object(
  {
    product: Type.String({ maxLength: 100, examples: ['ASA AnyConnect Term and Content'] }),
    sourceSerial: Type.String({
      maxLength: 200,
      description: 'Source ASA Serial Number: an ASA that already has the licenses',
    }),
    targetSerial: Type.String({ maxLength: 200, description: 'Target ASA Serial Number' }),
    sendTo: Type.Optional(described(StringList, 'Email addresses; defaults to your own')),
  },
  {
    $id: 'ActivationCodeRequest',
    additionalProperties: false,
    examples: [
      {
        product: 'ASA AnyConnect Term and Content',
        sourceSerial: 'JAD222605K8',
        targetSerial: 'JAD222605K9',
        sendTo: 'john.doe@example.com',
      },
    ],
  },
);

export const ActivationCodeConfirmation = Type.Object(
  {
    transactionId: Type.String(),
    message: Type.String({
      examples: [
        'The request for an activation code has been successfully submitted. Email confirmation will be sent to these email addresses - john.doe@example.com',
      ],
    }),
    sentTo: Type.Array(Type.String()),
    expiresAt: IsoDateTime,
  },
  {
    $id: 'ActivationCodeConfirmation',
    description: 'Shared License Activation Code Confirmation; the code itself is emailed',
  },
);

export const SourceSku = Type.Object(
  {
    lineId: Type.Integer({ description: 'Select it by this id' }),
    productSku: Type.String(),
    optionSku: Type.String(),
    quantity: Type.Integer(),
    licenseStartDate: IsoDate,
    licenseEndDate: Nullable(IsoDate),
    description: Type.String(),
    shareReason: Type.String(),
    pak: Type.String(),
    shareable: Type.Boolean(),
    notShareableReason: Nullable(Type.String()),
  },
  { $id: 'SourceSku' },
);

export const ShareOptions = Type.Object(
  {
    activationCode: Type.String(),
    sourceSerial: Type.String(),
    targetSerial: Type.String(),
    expiresAt: IsoDateTime,
    skus: Type.Array(Type.Ref(SourceSku)),
  },
  {
    $id: 'ShareOptions',
    description: 'Use Activation Codes steps 1-2: Source and Target Details, Source SKU Selection',
  },
);

export const ShareRequest = Type.Object(
  {
    activationCode: Type.String({ maxLength: 40 }),
    lines: Type.Optional(
      Type.Array(Type.Integer(), {
        maxItems: 100,
        description: 'lineIds to share; every shareable row when absent',
      }),
    ),
    sendTo: Type.Optional(StringList),
    endUser: Type.Optional(EndUser),
    agreeToTerms: Type.Boolean({ description: 'I Agree with the Terms of the License Agreement' }),
  },
  {
    $id: 'ShareRequest',
    additionalProperties: false,
    examples: [{ activationCode: 'AB12CD34EF', agreeToTerms: true }],
  },
);

export const ShareStatus = Type.Object(
  {
    transactionId: Type.String(),
    status: Type.Literal('processing'),
    message: Type.String({ examples: ['Transaction is continuing to be processed'] }),
    sourceSerial: Type.String(),
    targetSerial: Type.String(),
    licenses: Type.Array(
      Type.Object({
        sku: Type.String(),
        quantity: Type.Integer(),
        licenseStartDate: IsoDate,
        licenseEndDate: Nullable(IsoDate),
      }),
    ),
  },
  { $id: 'ShareStatus' },
);

export const FoundPaks = Type.Object(
  {
    paks: Type.Array(
      Type.Object({
        pak: Type.String(),
        productFamily: Type.String(),
        salesOrder: Type.String(),
        status: Type.Union([
          Type.Literal('active'),
          Type.Literal('not-yet-active'),
          Type.Literal('deactivated'),
        ]),
        activeAt: IsoDateTime,
        lines: Type.Array(Type.Unsafe<Record<string, unknown>>({ $ref: 'PakLine' })),
      }),
    ),
  },
  { $id: 'FoundPaks' },
);

export const Contract = Type.Object(
  {
    number: Type.String(),
    salesOrder: Type.String(),
    address: Type.Record(Type.String(), Type.String()),
    availableAt: IsoDateTime,
    startDate: described(Nullable(IsoDate), 'One day after ship'),
    endDate: described(Nullable(IsoDate), 'Check it: there is no proactive renewal notification'),
    lines: Type.Array(
      Type.Object({
        sku: Type.String(),
        pak: described(Nullable(Type.String()), 'null for a SWSS line'),
        quantity: Type.Integer(),
        startDate: IsoDate,
        endDate: IsoDate,
      }),
    ),
    linkedTo: Nullable(Type.String()),
    linkedAt: Nullable(IsoDateTime),
  },
  { $id: 'Contract' },
);

export const ContractList = Type.Object(
  { contracts: Type.Array(Type.Ref(Contract)) },
  { $id: 'ContractList' },
);

export const SmartAccountRequest = Type.Object(
  {
    smartAccount: Type.String({ maxLength: 200, description: 'Smart Account Name or Domain ID' }),
    virtualAccount: Type.Optional(
      Type.String({ maxLength: 200, description: 'Smart Virtual Account Name (Default)' }),
    ),
    pak: Type.String({ maxLength: 40, description: 'AnyConnect Product Activation Key (PAK)' }),
    licenseType: Type.Union([Type.Literal('Plus'), Type.Literal('Apex'), Type.Literal('VPN Only')]),
    sendTo: Type.Optional(StringList),
  },
  {
    $id: 'SmartAccountRequest',
    additionalProperties: false,
    examples: [
      { smartAccount: 'example.com', virtualAccount: 'Default', pak: 'DEMOAPX0102', licenseType: 'Apex' },
    ],
  },
);

export const SmartAccountRequestStatus = Type.Object(
  {
    transactionId: Type.String(),
    status: Type.Literal('processing'),
    processedBy: IsoDateTime,
    smartAccount: Type.String(),
    virtualAccount: Type.String(),
  },
  { $id: 'SmartAccountRequestStatus' },
);

export const SmartAccountLicenses = Type.Object(
  {
    smartAccount: Type.String(),
    domain: Type.String(),
    entitlements: Type.Array(
      Type.Object({
        smartAccount: Type.String(),
        virtualAccount: Type.String(),
        license: Type.String({ examples: ['AnyConnect Apex'] }),
        quantity: Type.Integer(),
        startDate: IsoDate,
        endDate: Nullable(IsoDate),
        pak: Type.String(),
        transactionId: Type.String(),
      }),
    ),
  },
  { $id: 'SmartAccountLicenses' },
);

export const DemoLicenseRequest = Type.Object(
  {
    serial: Type.String({ maxLength: 200 }),
    sendTo: Type.Optional(StringList),
    agreeToTerms: Type.Boolean(),
  },
  {
    $id: 'DemoLicenseRequest',
    additionalProperties: false,
    examples: [{ serial: 'JAD222605K8', agreeToTerms: true }],
  },
);

export const DemoLicense = Type.Object(
  {
    transactionId: Type.String(),
    product: Type.String({ examples: ['AnyConnect Plus/Apex (ASA) Demo License'] }),
    serial: Type.String(),
    startDate: IsoDate,
    endDate: IsoDate,
    message: Type.String(),
  },
  { $id: 'DemoLicense' },
);

export const LIFECYCLE_SCHEMAS = [
  ActivationCodeRequest,
  ActivationCodeConfirmation,
  SourceSku,
  ShareOptions,
  ShareRequest,
  ShareStatus,
  FoundPaks,
  Contract,
  ContractList,
  SmartAccountRequest,
  SmartAccountRequestStatus,
  SmartAccountLicenses,
  DemoLicenseRequest,
  DemoLicense,
];
