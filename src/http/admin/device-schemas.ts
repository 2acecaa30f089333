/** Wire shapes of devices on the control plane: simulated ASAs and their CLI, RMA, expiring licenses, Smart Software Manager API clients and devices. */
import { Type } from '@sinclair/typebox';
import { IsoDate, IsoDateTime, Nullable } from '../schema-parts.js';

export const AsaDeviceInput = Type.Object(
  {
    model: Type.String({ maxLength: 40, examples: ['ASA 5516-X'] }),
    serial: Type.String({
      maxLength: 40,
      description: "The serial number 'show version' reports",
      examples: ['JAD222605K8'],
    }),
    chassisSerial: Type.Optional(
      Type.String({
        maxLength: 40,
        description: "5500-X: the chassis serial 'show inventory' reports",
        examples: ['FTX1930101U'],
      }),
    ),
    hostname: Type.Optional(
      Type.String({ maxLength: 63, description: 'The CLI prompt; default asa-<serial>' }),
    ),
    failoverRole: Type.Optional(Type.Union([Type.Literal('primary'), Type.Literal('secondary')])),
    failoverPeer: Type.Optional(Type.String({ maxLength: 40 })),
    softwareVersion: Type.Optional(
      Type.String({
        maxLength: 20,
        description: "ASA software 'show version' reports; default the model's newest release",
        examples: ['9.16(4)'],
      }),
    ),
    username: Type.Optional(Type.String({ maxLength: 64, description: 'SSH login (default admin)' })),
    password: Type.Optional(Type.String({ maxLength: 127, description: 'SSH password (default cisco)' })),
    enablePassword: Type.Optional(
      Type.String({
        maxLength: 127,
        description: "The 'enable' password (default cisco; empty: just Enter)",
      }),
    ),
  },
  { $id: 'AsaDeviceInput', additionalProperties: false },
);

export const AsaDevice = Type.Object(
  {
    serial: Type.String(),
    chassisSerial: Nullable(Type.String()),
    model: Type.String(),
    hostname: Type.String(),
    failoverRole: Nullable(Type.Union([Type.Literal('primary'), Type.Literal('secondary')])),
    failoverPeer: Nullable(Type.String()),
    platform: Type.Union([Type.Literal('asa'), Type.Literal('asav')]),
    createdAt: IsoDateTime,
    softwareVersion: Type.String({ examples: ['9.16(4)'] }),
    login: Type.Object({
      username: Type.String(),
      password: Type.String(),
      enablePassword: Type.String(),
    }),
    ssh: Nullable(
      Type.Object(
        { host: Type.String(), port: Type.Integer() },
        { description: 'Where the device listens for SSH; null when SSH is off or no port was free' },
      ),
    ),
    runningActivationKey: Type.String({ description: "'Running Permanent Activation Key' in show version" }),
    pendingActivationKey: Nullable(
      Type.String({ description: 'A permanent key in flash that takes effect at the next reload' }),
    ),
    timebasedActivationKey: Nullable(Type.String()),
  },
  { $id: 'AsaDevice' },
);

export const AsaDeviceList = Type.Object(
  { devices: Type.Array(Type.Ref(AsaDevice)) },
  { $id: 'AsaDeviceList' },
);

export const KeyCheck = Type.Object(
  {
    serial: Type.String(),
    valid: Type.Boolean(),
    features: Nullable(Type.Record(Type.String(), Type.Unknown())),
    reason: Nullable(Type.String()),
  },
  { $id: 'KeyCheck' },
);

export const ExpiringLicenses = Type.Object(
  {
    today: IsoDate,
    until: IsoDate,
    licenses: Type.Array(
      Type.Object({
        serial: Type.String(),
        pak: Type.String(),
        sku: Type.String(),
        quantity: Type.Integer(),
        ccoId: Type.String(),
        startDate: IsoDate,
        endDate: IsoDate,
        expired: Type.Boolean(),
      }),
    ),
  },
  { $id: 'ExpiringLicenses' },
);

export const RmaResult = Type.Object(
  { serial: Type.String(), strippedLicenses: Type.Integer() },
  { $id: 'RmaResult' },
);

export const CliRequest = Type.Object(
  {
    command: Type.String({
      minLength: 1,
      maxLength: 4000,
      description:
        'One CLI line, or several separated by newlines, run in a fresh privileged EXEC (#) session; ' +
        "a line after a question ('[confirm]', 'Save? [Y]es/[N]o:') answers it (a trailing newline only ends the last line)",
      examples: ['show version', 'configure terminal\nwebvpn\nno anyconnect-essentials', 'reload\ny'],
    }),
  },
  { $id: 'CliRequest', additionalProperties: false },
);

export const CliResponse = Type.Object(
  {
    output: Type.String({ description: 'What the device printed' }),
    prompt: Type.String({ description: "The prompt after the last line ('' when the session ended)" }),
    sessionClosed: Type.Boolean({ description: 'The device ended the session (exit, reload)' }),
  },
  { $id: 'CliResponse' },
);

export const ApiClientInput = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 100 })),
    ccoId: Type.Optional(
      Type.String({
        maxLength: 64,
        description:
          "The client sees this user's Smart Accounts; without it, every Smart Account of the sandbox",
      }),
    ),
  },
  { $id: 'ApiClientInput', additionalProperties: false, examples: [{ name: 'ci', ccoId: 'jdoe' }] },
);

export const ApiClient = Type.Object(
  {
    clientId: Type.String(),
    name: Type.String(),
    ccoId: Nullable(Type.String()),
    createdAt: IsoDateTime,
  },
  { $id: 'ApiClient' },
);

export const ApiClientCreated = Type.Object(
  {
    clientId: Type.String(),
    clientSecret: Type.String({ description: 'Shown once; only a hash is kept' }),
    name: Type.String(),
    ccoId: Nullable(Type.String()),
    createdAt: IsoDateTime,
  },
  { $id: 'ApiClientCreated' },
);

export const ApiClientList = Type.Object(
  { apiClients: Type.Array(Type.Ref(ApiClient)) },
  { $id: 'ApiClientList' },
);

export const SmartDeviceRegistration = Type.Object(
  {
    idToken: Type.String({
      minLength: 1,
      maxLength: 500,
      description: 'A registration token of a Virtual Account',
    }),
    serial: Type.String({ maxLength: 40 }),
    productId: Type.Optional(
      Type.String({ maxLength: 40, description: "Default: the simulated ASA's model, else ASAv" }),
    ),
    hostname: Type.Optional(Type.String({ maxLength: 100 })),
    licenses: Type.Optional(
      Type.Array(
        Type.Object(
          {
            license: Type.String({ minLength: 1, maxLength: 200, examples: ['AnyConnect Apex'] }),
            quantity: Type.Integer({ minimum: 1, maximum: 100000 }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 20, description: 'What the device asks for; it consumes them in the Virtual Account' },
      ),
    ),
    force: Type.Optional(Type.Boolean({ description: 'Re-register a device registered already (moves it)' })),
  },
  {
    $id: 'SmartDeviceRegistration',
    additionalProperties: false,
    examples: [
      {
        idToken: '<tokenInfo.token>',
        serial: '9AH1JBQ6DQL',
        licenses: [{ license: 'AnyConnect Apex', quantity: 1 }],
      },
    ],
  },
);

export const DEVICE_SCHEMAS = [
  AsaDeviceInput,
  AsaDevice,
  AsaDeviceList,
  KeyCheck,
  ExpiringLicenses,
  RmaResult,
];
export const CLI_SCHEMAS = [CliRequest, CliResponse];
export const API_CLIENT_SCHEMAS = [
  ApiClientInput,
  ApiClient,
  ApiClientCreated,
  ApiClientList,
  SmartDeviceRegistration,
];
