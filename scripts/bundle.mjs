// One-file builds of the CLI (issue 18, start-up). Loading ~900 modules one file at a time was most of
// the start-up (see docs/performance.md); esbuild writes our code and the packages it uses into one
// file, which starts in about 60 % of the time. `npm run build` bundles dist/cli.js into dist/bundle/;
// in a clone whose dist/ is stale the bin bundles src/cli.ts into a cache instead. One file, not
// chunks: esbuild's code splitting hands a dynamic import of a CommonJS package only its default export
// (it broke @fastify/cookie's import('cookie')).
//
// A bundle must still find what lives beside the original files: our migrations/, templates/, public/
// and openapi/, the snapshot rebuild's worker, and the files packages read through __dirname (Swagger
// UI's assets, pino's transport worker). So each module keeps its own location: import.meta.url in our
// code becomes the original file's, relative to the bundle (dist/ moves with it), and __dirname in a
// package is its file in that package wherever it is installed. Native addons stay outside.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Packages with native code: loaded from node_modules at run time. */
export const EXTERNAL = ['better-sqlite3', 'ssh2', 'cpu-features'];

/**
 * In scope for every module: a require for what stays outside, and where an installed package lies,
 * found as Node finds it: each name of `chain` (fastify, then the pino it depends on) in the nearest
 * node_modules/ above the one before (above the bundle for the first). So __dirname stays right
 * whether the packages sit beside us (an installed dependency) or below us (a clone, a container).
 */
const BANNER = `import { createRequire as __lpsCreateRequire } from 'node:module';
import { existsSync as __lpsExists } from 'node:fs';
import { dirname as __lpsDirname, join as __lpsJoin } from 'node:path';
import { fileURLToPath as __lpsFileUrlToPath } from 'node:url';
const require = __lpsCreateRequire(import.meta.url);
const __lpsPackageDir = (chain) => {
  let base = __lpsDirname(__lpsFileUrlToPath(import.meta.url));
  for (const name of chain) {
    for (let dir = base; ; dir = __lpsDirname(dir)) {
      const candidate = __lpsJoin(dir, 'node_modules', name);
      if (__lpsExists(candidate)) { base = candidate; break; }
      if (__lpsDirname(dir) === dir) throw new Error('license-portal-sim: package ' + name + ' is not installed');
    }
  }
  return base;
};`;

/** "…/node_modules/fastify/node_modules/pino/lib/transport.js" → chain ["fastify", "pino"], inside "lib/transport.js". */
function packagePath(path) {
  const parts = path.split('/node_modules/').slice(1);
  const chain = [];
  let inside = '';
  for (const part of parts) {
    const segments = part.split('/');
    const take = segments[0]?.startsWith('@') ? 2 : 1;
    chain.push(segments.slice(0, take).join('/'));
    inside = segments.slice(take).join('/');
  }
  return { chain, inside };
}

/** Rewrites each module's view of where it is to where its source lies, relative to the bundle. */
function ownLocations(outDir, ours) {
  return {
    name: 'own-locations',
    setup(b) {
      b.onLoad({ filter: /\.(c|m)?(j|t)s$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const rel = JSON.stringify(relative(outDir, args.path).split('\\').join('/'));
        const loader = args.path.endsWith('.ts') ? 'ts' : 'js';
        if (ours(args.path) && source.includes('import.meta.url')) {
          const contents = source.replaceAll('import.meta.url', `new URL(${rel}, import.meta.url).href`);
          return { contents, loader };
        }
        if (!ours(args.path) && /\b__(dirname|filename)\b/.test(source)) {
          const { chain, inside } = packagePath(args.path);
          const file = `__lpsJoin(__lpsPackageDir(${JSON.stringify(chain)}), ${JSON.stringify(inside)})`;
          const header = `var __filename = ${file}; var __dirname = __lpsDirname(__filename);\n`;
          return { contents: header + source, loader };
        }
        return undefined;
      });
    },
  };
}

/**
 * Bundles `entry` (dist/cli.js or src/cli.ts under `root`) into `outdir` as `cli.mjs` and its chunks,
 * built beside it and then renamed into place, so a process starting meanwhile never reads half of one.
 * `stamp`, when given, is written into it as made-from.json (the bin's note of what it was made from).
 */
export async function bundleCli({ root, entry, outdir, stamp }) {
  const ownDirs = ['dist', 'src'].map((d) => join(root, d) + sep);
  const ours = (path) => ownDirs.some((d) => path.startsWith(d));
  const staged = `${outdir}.${process.pid}.tmp`;
  const old = `${outdir}.${process.pid}.old`;
  rmSync(staged, { recursive: true, force: true });
  await build({
    entryPoints: { cli: entry },
    outdir: staged,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    banner: { js: BANNER },
    plugins: [ownLocations(outdir, ours)],
    // Stack traces keep readable function names; the files are not minified for the same reason.
    keepNames: true,
    logLevel: 'error',
  });
  if (stamp !== undefined) writeFileSync(join(staged, 'made-from.json'), stamp);
  if (existsSync(outdir)) renameSync(outdir, old);
  renameSync(staged, outdir);
  rmSync(old, { recursive: true, force: true });
}

// npm run build: dist/cli.js (tsc's output) into dist/bundle/.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  await bundleCli({ root, entry: join(root, 'dist/cli.js'), outdir: join(root, 'dist/bundle') });
}
