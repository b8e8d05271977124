#!/usr/bin/env node
// Bundle a package's compiled entry points into a few ESM files. Hosts import every plugin at
// start-up, and Node's ESM loader pays per file: one file per package instead of dozens keeps
// `hop3` quick to start. Dependencies stay external (shared, deduplicated by npm); types come
// from `tsc --emitDeclarationOnly`.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const cwd = process.cwd();
const pkg = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
const args = process.argv.slice(2);
// `--inline a,b`: dependencies compiled into the bundle (a package whose own module graph is
// large to load, used only inside this one).
const inlineIndex = args.indexOf('--inline');
const inline = inlineIndex === -1 ? [] : args.splice(inlineIndex, 2)[1].split(',');
// `--single-file`: no code splitting, one file per entry point (an entry that imports another
// entry imports its file). Node 20's ESM loader pays about a millisecond per file (an async
// read, a resolve of each bare import) and compiles quickly: for a host's engine and CLI, loaded
// at every command, one file beats a lazily loaded chunk per operation (an `import()` of an
// inlined module still defers its evaluation).
const singleIndex = args.indexOf('--single-file');
const singleFile = singleIndex !== -1 && args.splice(singleIndex, 1).length === 1;
const entries = args.length > 0 ? args : ['src/index.ts'];
const entryFiles = new Set(entries.map((entry) => join(cwd, entry)));
if (singleFile && entries.some((entry) => dirname(join(cwd, entry)) !== join(cwd, 'src'))) {
  throw new Error(`--single-file needs every entry point at the root of src/: ${entries.join(', ')}`);
}

/**
 * In single-file mode, an import of another entry point (`import('./main.js')`) stays an import
 * of that entry's output file. Entry points sit at the root of src/, so every output is in dist/
 * and the path is written relative to it, wherever in src/ the importing module is.
 */
const entriesStaySeparate = {
  name: 'entries-stay-separate',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const source = join(dirname(args.importer), args.path).replace(/\.js$/, '.ts');
      if (!entryFiles.has(source) || source === args.importer) return undefined;
      return { path: `./${relative(join(cwd, 'src'), source).replace(/\.ts$/, '.js')}`, external: true };
    });
  },
};
const dependencies = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies });

await build({
  entryPoints: entries.map((entry) => join(cwd, entry)),
  outdir: join(cwd, 'dist'),
  outbase: join(cwd, 'src'),
  bundle: true,
  splitting: !singleFile,
  plugins: singleFile ? [entriesStaySeparate] : [],
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: dependencies.filter((name) => !inline.includes(name)).flatMap((name) => [name, `${name}/*`]),
  sourcemap: true,
  logLevel: 'warning',
  // No keepNames: identifiers are not minified, so functions keep their own names, and our
  // error classes set `name` themselves; keepNames wraps every function and closure in a
  // __name() call, which cost about 10 ms at each `hop3` start-up.
  // Smaller files compile faster at every start-up; identifiers are kept so that stack traces
  // stay readable (source maps ship too).
  minifyWhitespace: true,
  minifySyntax: true,
  banner: { js: `// ${pkg.name} ${pkg.version}` },
});
