/** The "Get New Licenses" box: "Enter 1 to 10 PAKs or token IDs, separated by commas". */
import { invalid, notFound } from './errors.js';

export const MAX_PAKS_PER_REQUEST = 10;

export interface PakState {
  activeAtMs: number;
  deactivatedAtMs: number | null;
}

/** Splits the box's text; spaces around the commas are ignored. Returns the IDs as entered. */
export function parsePakList(input: string | readonly string[], field = 'ids'): string[] {
  const raw = typeof input === 'string' ? input.split(',') : input.flatMap((s) => s.split(','));
  const ids = raw.map((s) => s.trim()).filter((s) => s !== '');
  if (ids.length === 0) {
    throw invalid('PAK_REQUIRED', 'Enter 1 to 10 PAKs or token IDs, separated by commas', { field });
  }
  if (ids.length > MAX_PAKS_PER_REQUEST) {
    throw invalid(
      'TOO_MANY_PAKS',
      `Enter 1 to 10 PAKs or token IDs, separated by commas: ${ids.length} were entered`,
      {
        field,
        count: ids.length,
        max: MAX_PAKS_PER_REQUEST,
      },
    );
  }
  return [...new Set(ids)];
}

export function normalizePak(id: string): string {
  return id.toUpperCase();
}

export function isPakUsable(state: PakState, nowMs: number): boolean {
  return state.deactivatedAtMs === null && nowMs >= state.activeAtMs;
}

/** The FAQ's wording, including its "is / are", with the PAKs named as the user typed them. */
export function pakInvalidOrInactive(enteredIds: readonly string[]) {
  return notFound(
    'PAK_INVALID_OR_INACTIVE',
    `PAK/s or Token/s ${enteredIds.join(',')} is / are either Invalid or Inactive`,
    { paks: [...enteredIds] },
  );
}
