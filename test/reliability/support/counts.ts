import { appendFileSync } from 'node:fs';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    countsFile: string;
  }
}

export const COUNT_LABELS = {
  requests: 'HTTP requests',
  kills: 'SIGKILLs',
  restarts: 'restarts',
  fuzzCases: 'fuzz cases',
} as const;

export type CountKind = keyof typeof COUNT_LABELS;

/** Adds to the totals printed when the suite ends (each test file runs in its own process). */
export function count(kind: CountKind, n = 1): void {
  appendFileSync(inject('countsFile'), `${JSON.stringify({ kind, n })}\n`);
}

/** A line printed under the totals, e.g. the soak's RSS slope. */
export function note(text: string): void {
  appendFileSync(inject('countsFile'), `${JSON.stringify({ note: text })}\n`);
}
