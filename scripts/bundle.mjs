#!/usr/bin/env node
// Bundle a package's compiled entry points into a few ESM files. Hosts import every plugin at
// start-up, and Node's ESM loader pays per file: one file per package instead of dozens keeps
// `hop3` quick to start. Dependencies stay external (shared, deduplicated by npm); types come
// from `tsc --emitDeclarationOnly`.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const cwd = process.cwd();
const pkg = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
const args = process.argv.slice(2);
// `--inline a,b`: dependencies compiled into the bundle (a package whose own module graph is
// large to load, used only inside this one).
const inlineIndex = args.indexOf('--inline');
const inline = inlineIndex === -1 ? [] : args.splice(inlineIndex, 2)[1].split(',');
const entries = args.length > 0 ? args : ['src/index.ts'];
const dependencies = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies });

await build({
  entryPoints: entries.map((entry) => join(cwd, entry)),
  outdir: join(cwd, 'dist'),
  outbase: join(cwd, 'src'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: dependencies.filter((name) => !inline.includes(name)).flatMap((name) => [name, `${name}/*`]),
  sourcemap: true,
  logLevel: 'warning',
  // Keep class and function names: errors and strategies are reported by name.
  keepNames: true,
  // Smaller files compile faster at every start-up; identifiers are kept so that stack traces
  // stay readable (source maps ship too).
  minifyWhitespace: true,
  minifySyntax: true,
  banner: { js: `// ${pkg.name} ${pkg.version}` },
});
