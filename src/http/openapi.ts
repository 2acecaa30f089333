import { existsSync, readFileSync } from 'node:fs';
import type { App } from './context.js';

/** The served OpenAPI document as committed text: stable key order, two-space indent, final newline. */
export function openapiText(app: App): string {
  return `${JSON.stringify(app.swagger(), null, 2)}\n`;
}

/**
 * Request and response bodies recorded from a scripted run of every operation against a deterministic
 * server (scripts/openapi-tour.ts, written by `npm run openapi`): operationId → request body of its
 * first success, and the first response body seen per status.
 */
export type RecordedExamples = Record<string, { request?: unknown; responses: Record<string, unknown> }>;

export const EXAMPLES_FILE = new URL('../../openapi/examples.json', import.meta.url);

export function loadExamples(file: URL = EXAMPLES_FILE): RecordedExamples {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RecordedExamples) : {};
}

interface Media {
  example?: unknown;
}
interface Operation {
  operationId?: string;
  tags?: string[];
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { content?: Record<string, Media & { schema?: unknown }> }>;
}

/** Readiness is the one error the scripted run cannot provoke: the server is ready before it answers. */
const UNRECORDABLE: Record<string, unknown> = {
  '503': { error: { code: 'NOT_READY', message: 'Still starting: migrations or seeding' } },
};

/**
 * Puts the recorded bodies into the document as media-type examples. An error status the operation
 * documents but the run did not provoke takes the example recorded for that status by another
 * operation of the same tag and error shape (401s, for instance, read the same everywhere).
 */
export function addExamples<T extends { paths?: object }>(doc: T, recorded: RecordedExamples): T {
  const operations = Object.values(doc.paths ?? {}).flatMap((item: Record<string, Operation>) =>
    Object.values(item),
  );
  // The error shape is part of the key: the Smart Software Manager tag answers both Cisco's errors
  // and, on its token endpoints, RFC 6749's.
  const shapeKey = (op: Operation, status: string) =>
    `${op.tags?.[0]} ${status} ${JSON.stringify(op.responses?.[status]?.content?.['application/json']?.schema)}`;
  const byTag = new Map<string, unknown>();
  for (const op of operations) {
    for (const [status, body] of Object.entries(recorded[op.operationId ?? '']?.responses ?? {})) {
      const key = shapeKey(op, status);
      if (Number(status) >= 400 && !byTag.has(key)) byTag.set(key, body);
    }
  }
  for (const op of operations) {
    const own = recorded[op.operationId ?? ''];
    const body = op.requestBody?.content?.['application/json'];
    if (body && own?.request !== undefined) body.example = own.request;
    for (const [status, response] of Object.entries(op.responses ?? {})) {
      const media = response.content?.['application/json'];
      if (!media) continue;
      const example = own?.responses[status] ?? byTag.get(shapeKey(op, status)) ?? UNRECORDABLE[status];
      if (example !== undefined) media.example = example;
    }
  }
  return doc;
}
