import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Every module of src/ and the src/ modules it imports: value and type imports, re-exports and
 * dynamic import() alike, since each one ties the two modules together for a reader.
 */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files('src')) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
    const targets = importedFiles
      .map((f) => f.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => relative(root, join(root, dirname(file), spec.replace(/\.js$/, '.ts'))))
      .filter((target) => existsSync(join(root, target)));
    graph.set(file, [...new Set(targets)].sort());
  }
  return graph;
}

/** One cycle through each strongly connected component (Tarjan), as a path that ends where it starts. */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);

  return components.map((component) => {
    const inside = new Set(component);
    const start = component[0] as string;
    // Breadth-first from start's imports back to start: the shortest cycle through it.
    const previous = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const v = queue.shift() as string;
      for (const w of graph.get(v) ?? []) {
        if (!inside.has(w) || previous.has(w)) continue;
        previous.set(w, v);
        if (w === start) queue.length = 0;
        else queue.push(w);
      }
    }
    const path: string[] = [];
    for (let v = previous.get(start) as string; v !== start; v = previous.get(v) as string) path.unshift(v);
    return [start, ...path, start];
  });
}

describe('Architecture: no import cycles inside src/', () => {
  it('no module imports itself through others (value and type imports alike)', () => {
    const found = cycles(importGraph()).map((path) => path.join(' -> '));
    expect(found).toEqual([]);
  });

  it('the graph sees the imports it checks: type-only, multi-line and re-exports', () => {
    const graph = importGraph();
    expect(graph.get('src/services/deps.ts')).toContain('src/storage/sandbox-databases.ts');
    expect(graph.get('src/index.ts')).toContain('src/portal.ts');
    expect(graph.get('src/storage/sandbox-store.ts')).toContain('src/storage/paks.ts');
  });
});
