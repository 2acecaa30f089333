/** Collects what every reliability file did (requests, kills, fuzz cases) and prints the totals. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { COUNT_LABELS, type CountKind } from './counts.js';

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'lps-reliability-'));
  const file = join(dir, 'counts.jsonl');
  writeFileSync(file, '');
  project.provide('countsFile', file);
  return () => {
    const totals = new Map<CountKind, number>();
    const notes: string[] = [];
    for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
      const entry = JSON.parse(line) as { kind: CountKind; n: number } | { note: string };
      if ('note' in entry) notes.push(entry.note);
      else totals.set(entry.kind, (totals.get(entry.kind) ?? 0) + entry.n);
    }
    const counts = (Object.keys(COUNT_LABELS) as CountKind[])
      .map((kind) => `${(totals.get(kind) ?? 0).toLocaleString('en-US')} ${COUNT_LABELS[kind]}`)
      .join(', ');
    process.stdout.write(`\nreliability suite: ${counts}\n${notes.map((n) => `  ${n}\n`).join('')}\n`);
    rmSync(dir, { recursive: true, force: true });
  };
}
