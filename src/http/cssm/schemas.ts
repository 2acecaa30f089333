/**
 * Wire shapes of the Smart Software Manager API subset (Cisco's field names, numbers as numbers).
 * Requests are lenient about fields they do not know, as Cisco's are.
 */
import { Type } from '@sinclair/typebox';
import { IsoDate, IsoDateTime, Nullable } from '../schema-parts.js';

const Success = Type.Literal('SUCCESS');
const StatusMessage = Type.String({ description: 'Empty, or a short sentence about the result' });

export const CssmError = Type.Object(
  {
    status: Type.Literal('ERROR'),
    statusMessage: Type.String({
      description: 'What went wrong; names the field when a field is at fault',
      examples: ['virtualAccount: Smart Account example.com has no Virtual Account named Prod'],
    }),
    errorCode: Type.String({ description: 'SNAKE_CASE error code', examples: ['VIRTUAL_ACCOUNT_NOT_FOUND'] }),
  },
  { $id: 'CssmError', description: 'Every Smart Software Manager API error leaves the server in this shape' },
);

export const OAuthError = Type.Object(
  {
    error: Type.String({
      description: 'invalid_client (401), invalid_request, unsupported_grant_type or invalid_grant (400)',
      examples: ['invalid_client'],
    }),
    error_description: Type.String({ examples: ['Invalid client or Invalid client credentials'] }),
  },
  { $id: 'OAuthError', description: 'RFC 6749 section 5.2 error' },
);

export const OAuthTokenRequest = Type.Object(
  {
    grant_type: Type.Optional(Type.String({ maxLength: 50, examples: ['client_credentials'] })),
    client_id: Type.Optional(Type.String({ maxLength: 200 })),
    client_secret: Type.Optional(Type.String({ maxLength: 200 })),
    username: Type.Optional(
      Type.String({ maxLength: 200, description: 'grant_type password: a sandbox CCO ID' }),
    ),
    password: Type.Optional(Type.String({ maxLength: 500, description: 'grant_type password: not checked' })),
    scope: Type.Optional(Type.String({ maxLength: 500 })),
  },
  {
    $id: 'OAuthTokenRequest',
    description:
      'In the form body, a JSON body or the query string (an empty body is fine), or the client in HTTP Basic auth',
  },
);

export const OAuthToken = Type.Object(
  {
    access_token: Type.String(),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer({ description: 'Seconds, on the sandbox clock', examples: [3600] }),
  },
  { $id: 'OAuthToken' },
);

export const CssmAccountSearch = Type.Object(
  {
    status: Success,
    statusMessage: StatusMessage,
    totalRecords: Type.Integer(),
    accounts: Type.Array(
      Type.Object({
        id: Type.Integer(),
        domain: Type.String({ examples: ['example.com'] }),
        name: Type.String({ examples: ['Example Corp'] }),
        type: Type.String({ examples: ['CUSTOMER'] }),
        accountType: Type.String({ examples: ['CUSTOMER'] }),
        status: Type.String({ examples: ['ACTIVE'] }),
      }),
    ),
  },
  { $id: 'CssmAccountSearch' },
);

export const CssmAccountList = Type.Object(
  {
    status: Success,
    statusMessage: StatusMessage,
    accounts: Type.Array(
      Type.Object({
        accountName: Type.String(),
        accountDomain: Type.String(),
        accountStatus: Type.String({ examples: ['Active'] }),
        accountType: Type.String({ examples: ['CUSTOMER'] }),
        roles: Type.Array(Type.Object({ role: Type.String() })),
      }),
    ),
  },
  { $id: 'CssmAccountList' },
);

export const CssmVirtualAccount = Type.Object(
  {
    name: Type.String({ examples: ['Default'] }),
    description: Type.String(),
    isDefault: Type.Union([Type.Literal('true'), Type.Literal('false')], {
      description: 'A boolean in quotes, as Cisco sends it',
    }),
    commerceAccessLevel: Type.String({ examples: ['PUBLIC'] }),
  },
  { $id: 'CssmVirtualAccount' },
);

export const CssmVirtualAccountList = Type.Object(
  {
    status: Success,
    statusMessage: StatusMessage,
    virtualAccounts: Type.Array(Type.Ref(CssmVirtualAccount)),
  },
  { $id: 'CssmVirtualAccountList' },
);

export const CssmVirtualAccountInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    isDefault: Type.Optional(
      Type.Union([Type.Boolean(), Type.String({ maxLength: 10 })], {
        description: 'true or false, quoted or not',
      }),
    ),
    commerceAccessLevel: Type.Optional(
      Type.String({ maxLength: 20, description: 'PUBLIC (default) or PRIVATE' }),
    ),
  },
  {
    $id: 'CssmVirtualAccountInput',
    examples: [
      { name: 'Lab 2', description: 'Second lab', isDefault: 'false', commerceAccessLevel: 'PUBLIC' },
    ],
  },
);

export const CssmVirtualAccountCreated = Type.Object(
  { status: Success, statusMessage: StatusMessage, virtualAccount: Type.Ref(CssmVirtualAccount) },
  { $id: 'CssmVirtualAccountCreated' },
);

export const CssmLicensesRequest = Type.Object(
  {
    virtualAccounts: Type.Optional(
      Type.Array(Type.String({ maxLength: 200 }), {
        maxItems: 100,
        description: 'Every one when absent or empty',
      }),
    ),
    limit: Type.Optional(Type.Integer({ description: '1 to 1000, default 50' })),
    offset: Type.Optional(Type.Integer({ description: '0 or more, default 0' })),
  },
  { $id: 'CssmLicensesRequest', examples: [{ virtualAccounts: ['Default'], limit: 50, offset: 0 }] },
);

export const CssmLicenseDetail = Type.Object(
  {
    licenseType: Type.Union([Type.Literal('TERM'), Type.Literal('PERPETUAL')]),
    quantity: Type.Integer(),
    startDate: IsoDate,
    endDate: Nullable(IsoDate),
    subscriptionId: Type.String(),
    status: Type.Union([Type.Literal('ACTIVE'), Type.Literal('PENDING'), Type.Literal('EXPIRED')]),
  },
  { $id: 'CssmLicenseDetail', description: 'One entitlement line held by the Virtual Account' },
);

export const CssmLicense = Type.Object(
  {
    license: Type.String({ examples: ['AnyConnect Plus'] }),
    quantity: Type.Integer({ description: 'Held, expired lines excluded' }),
    inUse: Type.Integer({ description: 'Used by devices registered with a token of the Virtual Account' }),
    available: Type.Integer({ description: 'quantity - inUse (negative when out of compliance)' }),
    status: Type.String({ examples: ['In Compliance', 'Out of Compliance'] }),
    billingType: Type.String({ examples: ['PREPAID'] }),
    pendingQuantity: Type.Integer(),
    reserved: Type.Integer(),
    isPortable: Type.Boolean(),
    ahaApps: Type.Boolean(),
    licenseSubstitutions: Type.Array(Type.Unknown()),
    licenseDetails: Type.Array(Type.Ref(CssmLicenseDetail)),
    virtualAccount: Type.String(),
  },
  { $id: 'CssmLicense' },
);

export const CssmLicenseList = Type.Object(
  {
    status: Success,
    statusMessage: StatusMessage,
    totalRecords: Type.Integer({ description: 'All records, not only this page' }),
    licenses: Type.Array(Type.Ref(CssmLicense)),
  },
  { $id: 'CssmLicenseList' },
);

export const CssmTokenInput = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 500 })),
    expiresAfterDays: Type.Optional(
      Type.Union([Type.Integer(), Type.String({ maxLength: 10 })], { description: '1 to 365, default 30' }),
    ),
    exportControlled: Type.Optional(
      Type.String({ maxLength: 20, description: '"Allowed" (default) or "Not Allowed"' }),
    ),
  },
  {
    $id: 'CssmTokenInput',
    examples: [{ description: 'lab ASAv', expiresAfterDays: 30, exportControlled: 'Not Allowed' }],
  },
);

export const CssmTokenInfo = Type.Object(
  {
    token: Type.String(),
    description: Type.String(),
    expiresAfterDays: Type.Integer(),
    expirationDate: IsoDateTime,
    exportControlled: Type.Union([Type.Literal('Allowed'), Type.Literal('Not Allowed')]),
    createdBy: Type.String({ description: "The API client's user (or the client's name)" }),
    virtualAccountName: Type.String(),
  },
  { $id: 'CssmTokenInfo' },
);

export const CssmTokenCreated = Type.Object(
  { status: Success, statusMessage: StatusMessage, tokenInfo: Type.Ref(CssmTokenInfo) },
  { $id: 'CssmTokenCreated' },
);

export const CssmTokenList = Type.Object(
  { status: Success, statusMessage: StatusMessage, tokens: Type.Array(Type.Ref(CssmTokenInfo)) },
  { $id: 'CssmTokenList', description: 'Tokens not yet expired on the sandbox clock, oldest first' },
);

export const CssmTransferRequest = Type.Object(
  {
    licenses: Type.Array(
      Type.Object({
        license: Type.String({ maxLength: 200, examples: ['AnyConnect Plus'] }),
        licenseType: Type.Optional(
          Type.String({ maxLength: 20, description: 'PERPETUAL or TERM; any when absent' }),
        ),
        quantity: Type.Integer({ minimum: 1 }),
        targetVirtualAccount: Type.String({ maxLength: 200 }),
        precedence: Type.Optional(
          Type.String({ maxLength: 40, description: 'LONGEST_TERM_FIRST (default) or SHORTEST_TERM_FIRST' }),
        ),
      }),
      { minItems: 1, maxItems: 100 },
    ),
  },
  {
    $id: 'CssmTransferRequest',
    examples: [
      {
        licenses: [
          {
            license: 'AnyConnect Plus',
            licenseType: 'TERM',
            quantity: 5,
            targetVirtualAccount: 'Lab',
            precedence: 'LONGEST_TERM_FIRST',
          },
        ],
      },
    ],
  },
);

export const CssmTransferResult = Type.Object(
  {
    status: Success,
    statusMessage: StatusMessage,
    licenses: Type.Array(
      Type.Object({
        license: Type.String(),
        licenseType: Nullable(Type.String()),
        quantity: Type.Integer(),
        sourceVirtualAccount: Type.String(),
        targetVirtualAccount: Type.String(),
        status: Success,
      }),
    ),
  },
  { $id: 'CssmTransferResult' },
);

export const CssmDevice = Type.Object(
  {
    instanceName: Type.String(),
    hostname: Type.String(),
    productName: Type.String({ examples: ['Cisco ASAv'] }),
    productTagName: Type.String(),
    productType: Type.String({ examples: ['ASA'] }),
    sudi: Type.Object({ udiPid: Type.String(), udiSerialNumber: Type.String() }),
    smartAccountDomain: Type.String(),
    virtualAccountName: Type.String(),
    status: Type.String({ examples: ['REGISTERED'] }),
    exportControlAllowed: Type.Boolean(),
    registrationDate: IsoDateTime,
    lastContactDate: IsoDateTime,
    licenses: Type.Array(Type.Object({ license: Type.String(), quantity: Type.Integer() })),
  },
  { $id: 'CssmDevice', description: 'A product instance registered with a token' },
);

export const CssmDeviceList = Type.Object(
  {
    status: Success,
    statusMessage: StatusMessage,
    totalRecords: Type.Integer(),
    devices: Type.Array(Type.Ref(CssmDevice)),
  },
  { $id: 'CssmDeviceList' },
);

export const CSSM_SCHEMAS = [
  CssmError,
  OAuthError,
  OAuthTokenRequest,
  OAuthToken,
  CssmAccountSearch,
  CssmAccountList,
  CssmVirtualAccount,
  CssmVirtualAccountList,
  CssmVirtualAccountInput,
  CssmVirtualAccountCreated,
  CssmLicensesRequest,
  CssmLicenseDetail,
  CssmLicense,
  CssmLicenseList,
  CssmTokenInput,
  CssmTokenInfo,
  CssmTokenCreated,
  CssmTokenList,
  CssmTransferRequest,
  CssmTransferResult,
  CssmDevice,
  CssmDeviceList,
];
