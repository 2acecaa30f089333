/**
 * ASA output modifiers: `<show command> | include|exclude|begin|grep [-v] <regular expression>`.
 * The expression is everything after the keyword (spaces included), as on the ASA.
 */
export interface Filter {
  kind: 'include' | 'exclude' | 'begin' | 'grep';
  invert: boolean;
  pattern: RegExp;
}

export const FILTER_KINDS = ['begin', 'exclude', 'grep', 'include'] as const;

export type ParsedFilter = { filter: Filter } | { error: 'invalid'; at: number } | { error: 'incomplete' };

/** A pattern the ASA would take: a regular expression, or the literal text when it is not one. */
function expression(text: string): RegExp {
  try {
    return new RegExp(text);
  } catch {
    return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
}

/** Parses what follows '|', `offset` being its column in the typed line (for the caret). */
export function parseFilter(text: string, offset: number): ParsedFilter {
  const m = /^(\s*)(\S+)(?:\s+(.*))?$/.exec(text);
  if (!m) return { error: 'incomplete' };
  const word = (m[2] as string).toLowerCase();
  const kinds = FILTER_KINDS.filter((k) => k.startsWith(word));
  if (kinds.length !== 1) return { error: 'invalid', at: offset + (m[1] as string).length };
  const kind = kinds[0] as Filter['kind'];
  let rest = (m[3] ?? '').trimEnd();
  let invert = false;
  if (kind === 'grep' && /^-v(\s|$)/.test(rest)) {
    invert = true;
    rest = rest.slice(2).trimStart();
  }
  if (rest === '') return { error: 'incomplete' };
  return { filter: { kind, invert, pattern: expression(rest) } };
}

/** Applies a filter to a command's output ('\n' line ends kept). */
export function applyFilter(output: string, f: Filter): string {
  const lines = output.split('\n');
  const last = lines.pop() ?? '';
  let kept: string[];
  if (f.kind === 'begin') {
    const at = lines.findIndex((l) => f.pattern.test(l));
    kept = at < 0 ? [] : lines.slice(at);
  } else {
    const want = f.kind === 'exclude' ? false : !f.invert;
    kept = lines.filter((l) => f.pattern.test(l) === want);
  }
  return kept.length > 0 ? `${kept.join('\n')}\n${last}` : last;
}
