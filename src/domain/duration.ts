import { invalid } from './errors.js';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

const PART = /(\d+)(ms|s|m|h|d|w)/gy;

/** 100 years: every instant a sandbox computes from its clock plus a duration stays a valid date. */
export const MAX_DURATION_MS = 36_500 * 86_400_000;

/** Parses "4h", "30d", "1d12h", "90m", "1500ms" into milliseconds. */
export function parseDuration(text: string, field = 'duration'): number {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '0') {
    if (trimmed === '0') return 0;
    throw invalid('INVALID_DURATION', `${field} must be a duration such as "4h", "30d" or "1d12h"`, {
      field,
    });
  }
  PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let m = PART.exec(trimmed); m; m = PART.exec(trimmed)) {
    total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
    consumed = PART.lastIndex;
  }
  if (consumed !== trimmed.length) {
    throw invalid('INVALID_DURATION', `${field} must be a duration such as "4h", "30d" or "1d12h"`, {
      field,
      value: text,
    });
  }
  if (total > MAX_DURATION_MS) {
    throw invalid('INVALID_DURATION', `${field} must be at most 36500d (100 years)`, { field, value: text });
  }
  return total;
}

export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = ms;
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit] as number;
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return parts.join('');
}
