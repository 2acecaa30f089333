/** The table the benchmark prints (Markdown, so docs/performance.md can show it as is) and the machine it ran on. */
import { cpus, loadavg, release, totalmem, type } from 'node:os';

export interface Ratio {
  of: string;
  value: number;
  target?: number;
  /** The ratio is a cost growth: lower is better. */
  atMost?: boolean;
}

export interface Row {
  label: string;
  value: number;
  unit: 'req/s' | 'ms' | 'MB';
  p50Ms?: number;
  p99Ms?: number;
  /** Server CPU per answered request (µs): the figure to optimise on a shared machine. */
  cpuUs?: number;
  /** Responses with an unexpected status, connection errors and timeouts: a figure with any is void. */
  failures?: number;
  ratios?: Ratio[];
  target?: { min?: number; max?: number };
  /** Target on the median latency, in ms. */
  latencyTarget?: number;
  note?: string;
}

export function describeMachine() {
  const cpu = cpus();
  return {
    cpu: `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown'}`,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    node: process.version,
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined
    ? ''
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function targetText(row: Row): { text: string; met: boolean | null } {
  const checks: Array<{ text: string; met: boolean }> = [];
  if (row.target?.min !== undefined)
    checks.push({ text: `≥ ${fmt(row.target.min)} ${row.unit}`, met: row.value >= row.target.min });
  if (row.target?.max !== undefined)
    checks.push({ text: `< ${fmt(row.target.max)} ${row.unit}`, met: row.value < row.target.max });
  if (row.latencyTarget !== undefined)
    checks.push({ text: `p50 < ${row.latencyTarget} ms`, met: (row.p50Ms ?? Infinity) < row.latencyTarget });
  for (const r of row.ratios ?? []) {
    if (r.target === undefined) continue;
    checks.push(
      r.atMost
        ? { text: `≤ ${r.target}×`, met: r.value <= r.target }
        : { text: `≥ ${r.target}× ${r.of}`, met: r.value >= r.target },
    );
  }
  if (checks.length === 0) return { text: '', met: null };
  return { text: checks.map((c) => c.text).join(', '), met: checks.every((c) => c.met) };
}

export function tableLines(rows: readonly Row[]): string[] {
  const lines = [
    '| measure | value | CPU µs/req | p50 ms | p99 ms | ratio | target | met |',
    '| --- | ---: | ---: | ---: | ---: | --- | --- | :-: |',
  ];
  for (const row of rows) {
    const digits = row.unit === 'req/s' ? 0 : 1;
    const ratios = (row.ratios ?? []).map((r) => `${fmt(r.value, 2)}× ${r.of}`).join('; ');
    const { text, met } = targetText(row);
    const void_ = row.failures ? ` (${row.failures} failed: void)` : '';
    const note = row.note ? ` (${row.note})` : '';
    lines.push(
      `| ${row.label} | ${fmt(row.value, digits)} ${row.unit}${void_}${note} | ${fmt(row.cpuUs)} | ${fmt(row.p50Ms, 2)} | ${fmt(row.p99Ms, 2)} | ${ratios} | ${text} | ${met === null ? '' : met ? 'yes' : '**no**'} |`,
    );
  }
  return lines;
}

export function printTable(rows: readonly Row[]): void {
  process.stdout.write(`\n${tableLines(rows).join('\n')}\n\n`);
}
