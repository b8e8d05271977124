import type { ScaffoldOptions } from '../options.js';

/** The versions a new plugin builds and tests with. */
export const VERSIONS = {
  hop3: '^0.1.0',
  corePeer: '>=0.1.0 <1',
  vitest: '^4.0.0',
  typescript: '~5.9.3',
  typesNode: '^20.19.0',
  changesets: '^2.29.0',
  /** Types of core's `z` (the runtime is compiled into @hop3/core). */
  zod: '^4.6.0',
} as const;

export function packageJson(options: ScaffoldOptions): string {
  const pkg = {
    name: options.packageName,
    version: '0.1.0',
    description: `Hop3 plugin: ${options.kinds.map((kind) => `${kind} "${options.strategy}"`).join(', ')}`,
    keywords: ['hop3-plugin', 'hop3'],
    license: 'MIT',
    type: 'module',
    exports: {
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './package.json': './package.json',
    },
    files: ['dist', 'README.md', 'LICENSE'],
    engines: { node: '>=20.19' },
    scripts: {
      build: 'tsc -p tsconfig.json',
      test: 'vitest run',
      prepack: 'npm run build',
      changeset: 'changeset',
      release: 'npm run build && npm test && changeset publish',
    },
    // Required: without it hosts skip the package ("not a hop3 plugin"). 1 = the plugin API targeted.
    // `provides` lists exactly what the hooks return: hosts know the names without importing the
    // plugin, and import it only when one of them is used.
    hop3: { apiVersion: 1, provides: Object.fromEntries(options.kinds.map((kind) => [kind, [options.strategy]])) },
    // The host's core is shared: a peer, so one copy is loaded. Hosts skip the plugin when their core is outside this range.
    peerDependencies: { '@hop3/core': VERSIONS.corePeer },
    devDependencies: {
      '@changesets/cli': VERSIONS.changesets,
      '@hop3/core': VERSIONS.hop3,
      '@hop3/testkit': VERSIONS.hop3,
      '@types/node': VERSIONS.typesNode,
      typescript: VERSIONS.typescript,
      vitest: VERSIONS.vitest,
      zod: VERSIONS.zod,
    },
    publishConfig: { access: 'public' },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

export const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2023',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      declaration: true,
      sourceMap: true,
      outDir: 'dist',
      rootDir: 'src',
      skipLibCheck: true,
      verbatimModuleSyntax: true,
      types: ['node'],
    },
    include: ['src'],
  },
  null,
  2,
)}\n`;

export const GITIGNORE = 'node_modules/\ndist/\n*.tgz\n';

export const CHANGESET_CONFIG = `${JSON.stringify(
  {
    $schema: 'https://unpkg.com/@changesets/config@3.1.1/schema.json',
    changelog: '@changesets/cli/changelog',
    commit: false,
    access: 'public',
    baseBranch: 'main',
    updateInternalDependencies: 'patch',
    ignore: [],
  },
  null,
  2,
)}\n`;

export const CHANGESET_README = `# Changesets

Each change worth a release note gets a file here: run \`npx changeset\`, pick the bump (patch,
minor, major) and write one line for the changelog. \`npm run release\` (from CI, see README.md)
turns them into a version bump and a CHANGELOG entry, then publishes.
`;

export function license(options: ScaffoldOptions): string {
  return `MIT License

Copyright (c) ${new Date().getFullYear()} The ${options.packageName} authors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;
}
