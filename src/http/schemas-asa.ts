import { Type } from '@sinclair/typebox';

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

export const ASA_SCHEMAS = [CliRequest, CliResponse];
