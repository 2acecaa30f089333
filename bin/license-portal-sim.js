#!/usr/bin/env node
// The license-portal-sim command. The published package holds dist/ (compiled) and no src/: it runs
// dist/cli.js. In a clone src/ is the truth: dist/ runs only when it was built after every change under
// src/ (npm run build); otherwise src/ runs through tsx (a dev dependency). So the command works right
// after npm ci, and never runs code older than the sources next to it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const src = join(root, 'src');
const compiled = join(root, 'dist', 'cli.js');

/** The latest change under a folder: files and folders (a deleted file changes its folder). */
function newestChange(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const useCompiled =
  !existsSync(src) || (existsSync(compiled) && statSync(compiled).mtimeMs >= newestChange(src));

let cli;
if (useCompiled) {
  cli = await import('../dist/cli.js');
} else {
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    process.stderr.write(
      `license-portal-sim: ${existsSync(compiled) ? 'dist/ is older than src/' : 'dist/ is missing'} and tsx ` +
        'is not installed to run src/: run npm ci (dev dependencies included) or npm run build\n',
    );
    process.exit(1);
  }
  tsx.register();
  cli = await import('../src/cli.ts');
}
process.exitCode = await cli.runCli(process.argv);
