#!/usr/bin/env node
// The license-portal-sim command. The published package holds dist/ (compiled, and bundled into
// dist/bundle/, which starts in about 60 % of the time: scripts/bundle.mjs) and no src/: it runs
// dist/bundle/cli.mjs. In a clone src/ is the truth: dist/ runs only when it was built after every
// change under src/ (npm run build); otherwise src/ is bundled into node_modules/.cache/ (esbuild, a dev
// dependency; again only after a change, about 0.4 s) and that runs, or without esbuild src/ runs
// through tsx. So the command works right after npm ci, and never runs code older than the sources.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const src = join(root, 'src');
const compiled = join(root, 'dist', 'cli.js');
const bundled = join(root, 'dist', 'bundle', 'cli.mjs');

/** The latest change under a folder: files and folders (a deleted file changes its folder). */
function newestChange(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * src/ bundled, reusing the last bundle while nothing it was made from changed: the sources, the
 * installed packages (package-lock.json) and the bundler. Null when esbuild is not installed.
 */
async function bundledSources() {
  let bundler;
  try {
    bundler = await import('../scripts/bundle.mjs');
  } catch (err) {
    if (err?.code === 'ERR_MODULE_NOT_FOUND') return null;
    throw err;
  }
  const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);
  const made = JSON.stringify({
    src: newestChange(src),
    lock: mtime(join(root, 'package-lock.json')),
    bundler: mtime(join(root, 'scripts', 'bundle.mjs')),
  });
  const key = createHash('sha256').update(root).digest('hex').slice(0, 12);
  const outdir = join(root, 'node_modules', '.cache', 'license-portal-sim', key);
  const stamp = join(outdir, 'made-from.json');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== made) {
    await bundler.bundleCli({
      root,
      entry: join(src, 'cli.ts'),
      outdir,
      stamp: made,
    });
  }
  return join(outdir, 'cli.mjs');
}

const useCompiled =
  !existsSync(src) || (existsSync(compiled) && statSync(compiled).mtimeMs >= newestChange(src));

let cli;
if (useCompiled) {
  // The bundle unless tsc ran again without it (npm run build makes both, the bundle last). The
  // container's healthcheck, every few seconds, loads a few modules of dist/ rather than all of it.
  const bundleIsCurrent = existsSync(bundled) && statSync(bundled).mtimeMs >= statSync(compiled).mtimeMs;
  const light = process.argv[2] === 'healthcheck';
  cli = await import(pathToFileURL(bundleIsCurrent && !light ? bundled : compiled).href);
} else {
  const bundle = await bundledSources();
  if (bundle) {
    cli = await import(pathToFileURL(bundle).href);
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
}
process.exitCode = await cli.runCli(process.argv);
