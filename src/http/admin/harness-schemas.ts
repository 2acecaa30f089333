/** Wire shapes of the test harness: faults, the request journal, the mailbox search and events. */
import { Type } from '@sinclair/typebox';
import { IsoDateTime, Nullable } from '../schema-parts.js';

const Duration = (description: string) =>
  Type.String({ maxLength: 32, description: `${description}: a duration such as "500ms", "2s", "1m"` });
const Operation = Type.String({
  maxLength: 64,
  description: 'A portal operationId (e.g. registerLicenses); omitted: every portal route',
});

export const FaultInput = Type.Union(
  [
    Type.Object(
      {
        kind: Type.Literal('latency'),
        operation: Type.Optional(Operation),
        delay: Type.Optional(Duration('A fixed delay')),
        min: Type.Optional(Duration('Shortest random delay (with max)')),
        max: Type.Optional(Duration('Longest random delay (with min)')),
      },
      {
        additionalProperties: false,
        description: 'Delay every matching portal response (real time, at most 2m)',
      },
    ),
    Type.Object(
      {
        kind: Type.Literal('error'),
        operation: Type.Optional(Operation),
        rate: Type.Optional(
          Type.Number({
            minimum: 0,
            maximum: 1,
            description: 'Fraction of matching requests that fail; default 1',
          }),
        ),
        status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599, description: 'Default 503' })),
        message: Type.Optional(Type.String({ maxLength: 500 })),
        when: Type.Optional(
          Type.Union([Type.Literal('before'), Type.Literal('after')], {
            description:
              '"before" (default): the request never reaches the portal, nothing changes. "after": the portal does the ' +
              'work and the answer is lost (retry with the same Idempotency-Key to get it)',
          }),
        ),
      },
      {
        additionalProperties: false,
        description: 'Answer a fraction of matching requests with an error: code INJECTED_FAULT',
      },
    ),
    Type.Object(
      { kind: Type.Literal('maintenance'), message: Type.Optional(Type.String({ maxLength: 500 })) },
      {
        additionalProperties: false,
        description:
          'Maintenance mode: every portal route answers 503 MAINTENANCE; the control plane keeps working',
      },
    ),
  ],
  {
    $id: 'FaultInput',
    examples: [
      { kind: 'error', operation: 'registerLicenses', rate: 0.5, status: 503 },
      { kind: 'latency', min: '100ms', max: '2s' },
      { kind: 'maintenance' },
    ],
  },
);

export const Fault = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.Union([Type.Literal('latency'), Type.Literal('error'), Type.Literal('maintenance')]),
    operation: Nullable(Type.String()),
    delay: Type.Optional(Type.String()),
    min: Type.Optional(Type.String()),
    max: Type.Optional(Type.String()),
    rate: Type.Optional(Type.Number()),
    status: Type.Optional(Type.Integer()),
    message: Type.Optional(Nullable(Type.String())),
    when: Type.Optional(Type.Union([Type.Literal('before'), Type.Literal('after')])),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Fault' },
);

export const FaultList = Type.Object(
  {
    faults: Type.Array(Type.Ref(Fault)),
    settings: Type.Ref('Settings', {
      description:
        'The quirks kept as sandbox settings (PATCH …/settings): mailDelay, mailLoss, activationDelay, popupBlocker',
    }),
  },
  { $id: 'FaultList' },
);

export const FaultParams = Type.Object({
  id: Type.String({ maxLength: 63 }),
  faultId: Type.Integer({ minimum: 1 }),
});

export const JournalEntry = Type.Object(
  {
    requestId: Type.String(),
    at: Type.String({ format: 'date-time', description: 'Sandbox clock time the request arrived' }),
    method: Type.String(),
    path: Type.String({ description: 'Path and query, with anything token-like redacted' }),
    operation: Nullable(Type.String()),
    status: Type.Integer(),
    durationMs: Type.Number({ description: 'Real time, including injected latency' }),
    user: Nullable(Type.String({ description: 'The Cisco.com ID of the token' })),
    errorCode: Nullable(Type.String()),
    injected: Type.Boolean({
      description: 'true: the answer came from an injected fault, not from the portal',
    }),
  },
  { $id: 'JournalEntry' },
);

export const JournalList = Type.Object(
  {
    requests: Type.Array(Type.Ref(JournalEntry)),
    total: Type.Integer({ description: 'Entries in the journal (before filters and limit)' }),
    size: Type.Integer({ description: 'The journal keeps this many entries (settings.journalSize)' }),
  },
  { $id: 'JournalList' },
);

export const JournalQuery = Type.Object(
  {
    status: Type.Optional(
      Type.String({ maxLength: 3, description: 'An exact status (503) or a class (5xx)' }),
    ),
    operation: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 100 })),
  },
  { additionalProperties: false },
);

const mailFilterFields = {
  to: Type.Optional(Type.String({ maxLength: 254, description: 'A recipient address (exact, any case)' })),
  subject: Type.Optional(
    Type.String({ maxLength: 500, description: 'Text the subject contains (any case)' }),
  ),
  text: Type.Optional(
    Type.String({ maxLength: 500, description: 'Text the plain-text body contains (any case)' }),
  ),
  since: Type.Optional(
    Type.String({ format: 'date-time', description: 'Messages that landed at or after this sandbox time' }),
  ),
};

export const MailListQuery = Type.Object(
  {
    ...mailFilterFields,
    folder: Type.Optional(
      Type.Union([Type.Literal('inbox'), Type.Literal('spam'), Type.Literal('all')], {
        description: 'Default inbox',
      }),
    ),
    wait: Type.Optional(
      Type.String({
        maxLength: 32,
        description:
          'Hold the request (real time, at most 5m) until a matching message exists; 408 MAIL_WAIT_TIMEOUT if none does',
        examples: ['10s'],
      }),
    ),
  },
  { additionalProperties: false },
);

export const MailDeleteQuery = Type.Object(
  {
    ...mailFilterFields,
    folder: Type.Optional(
      Type.Union([Type.Literal('inbox'), Type.Literal('spam'), Type.Literal('all')], {
        description: 'Default all',
      }),
    ),
  },
  { additionalProperties: false },
);

export const MailDeleted = Type.Object({ deleted: Type.Integer() }, { $id: 'MailDeleted' });

export const MailParams = Type.Object({
  id: Type.String({ maxLength: 63 }),
  messageId: Type.String({ maxLength: 64 }),
});

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

export const FAULT_SCHEMAS = [FaultInput, Fault, FaultList, JournalEntry, JournalList, MailDeleted];
export const MAIL_SCHEMAS = [MailSummary, MailList, MailMessage];
