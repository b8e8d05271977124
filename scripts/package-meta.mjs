#!/usr/bin/env node
// The publishing metadata every workspace package must carry, in one place. `--check` (run by the
// release check in CI) lists what is missing or wrong and exits 1; `--write` fixes package.json
// files in place. README links are checked too: a relative link works on GitHub but is broken on
// the npm registry's page, so package READMEs link to the repository with absolute URLs.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY = 'https://github.com/hop3/hop3-node';
const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CORE_PEER_RANGE = '>=0.1.0 <1';

/** What package.json of `packages/<dir>` must contain; `pkg` is its current content. */
export function expectedFields(dir, pkg) {
  const packageDir = join(REPO_ROOT, 'packages', dir);
  const files = ['dist', '!dist/**/*.test.*', 'src', '!src/**/*.test.ts', '!src/**/test-support', 'README.md'];
  for (const extra of ['templates', 'skeletons', 'support']) if (existsSync(join(packageDir, extra))) files.push(extra);
  return {
    license: 'MIT',
    repository: { type: 'git', url: `git+${REPOSITORY}.git`, directory: `packages/${dir}` },
    homepage: `${REPOSITORY}/tree/main/packages/${dir}#readme`,
    bugs: { url: `${REPOSITORY}/issues` },
    // Declaration maps and source maps point at src/: shipping it makes them resolve.
    files,
    engines: { node: '>=20.19' },
    type: 'module',
    publishConfig: { access: 'public' },
    scripts: { ...pkg.scripts, prepack: 'npm run build' },
  };
}

/** Problems with one package: metadata, core as a peer, README links. */
export function problemsOf(dir) {
  const packageDir = join(REPO_ROOT, 'packages', dir);
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const problems = [];
  for (const [key, value] of Object.entries(expectedFields(dir, pkg))) {
    if (JSON.stringify(pkg[key]) !== JSON.stringify(value)) problems.push(`package.json "${key}" should be ${JSON.stringify(value)}`);
  }
  if (!existsSync(join(packageDir, 'LICENSE'))) problems.push('LICENSE is missing');
  // A hard dependency on core installs a second copy as soon as versions differ; plugins,
  // kit, engine and testkit share the host's core through a peer dependency.
  if (pkg.name !== '@hop3/core' && pkg.name !== '@hop3/cli' && pkg.name !== 'create-hop3-plugin') {
    if (pkg.dependencies?.['@hop3/core']) problems.push('@hop3/core must be a peerDependency, not a dependency');
    if (usesCore(packageDir) && pkg.peerDependencies?.['@hop3/core'] !== CORE_PEER_RANGE) {
      problems.push(`peerDependencies["@hop3/core"] should be "${CORE_PEER_RANGE}"`);
    }
  }
  const readme = join(packageDir, 'README.md');
  if (!existsSync(readme)) problems.push('README.md is missing');
  else for (const link of relativeLinks(readFileSync(readme, 'utf8'))) problems.push(`README.md links to "${link}" (relative: broken on the npm page)`);
  return problems;
}

function usesCore(packageDir) {
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  return Boolean(pkg.peerDependencies?.['@hop3/core'] || pkg.dependencies?.['@hop3/core'] || pkg.devDependencies?.['@hop3/core']);
}

const MARKDOWN_LINK = /\]\(([^)\s]+)\)/g;

function relativeLinks(markdown) {
  return [...markdown.matchAll(MARKDOWN_LINK)].map((match) => match[1]).filter((target) => !/^(https?:|mailto:|#)/.test(target));
}

/** `../../docs/cli.md` in packages/cli/README.md → the file's URL in the repository. */
function absoluteLink(dir, target) {
  const [path, anchor] = target.split('#');
  const resolved = posix.normalize(posix.join('packages', dir, path));
  const kind = existsSync(join(REPO_ROOT, resolved)) && !path.endsWith('/') && /\.[a-z]+$/i.test(path) ? 'blob' : 'tree';
  return `${REPOSITORY}/${kind}/main/${resolved.replace(/\/$/, '')}${anchor ? `#${anchor}` : ''}`;
}

function writeFixes(dir) {
  const packageDir = join(REPO_ROOT, 'packages', dir);
  const file = join(packageDir, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  Object.assign(pkg, expectedFields(dir, pkg));
  if (pkg.name !== '@hop3/core' && pkg.name !== '@hop3/cli' && pkg.name !== 'create-hop3-plugin' && pkg.dependencies?.['@hop3/core']) {
    delete pkg.dependencies['@hop3/core'];
    pkg.peerDependencies = { ...pkg.peerDependencies, '@hop3/core': CORE_PEER_RANGE };
    pkg.devDependencies = { ...pkg.devDependencies, '@hop3/core': '^0.1.0' };
  }
  writeFileSync(file, `${JSON.stringify(inConventionalOrder(pkg), null, 2)}\n`);
  const license = join(packageDir, 'LICENSE');
  if (!existsSync(license)) writeFileSync(license, readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8'));
  const readme = join(packageDir, 'README.md');
  if (existsSync(readme)) {
    const text = readFileSync(readme, 'utf8');
    writeFileSync(readme, text.replace(MARKDOWN_LINK, (whole, target) => (/^(https?:|mailto:|#)/.test(target) ? whole : `](${absoluteLink(dir, target)})`)));
  }
}

const KEY_ORDER = ['name', 'version', 'description', 'keywords', 'license', 'repository', 'homepage', 'bugs', 'type', 'bin', 'exports', 'files', 'engines', 'scripts', 'hop3'];

function inConventionalOrder(pkg) {
  const rank = (key) => (KEY_ORDER.includes(key) ? KEY_ORDER.indexOf(key) : KEY_ORDER.length);
  return Object.fromEntries(Object.entries(pkg).sort(([a], [b]) => rank(a) - rank(b)));
}

export function packageDirs() {
  return readdirSync(join(REPO_ROOT, 'packages')).filter((dir) => existsSync(join(REPO_ROOT, 'packages', dir, 'package.json')));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const mode = process.argv[2];
  if (mode !== '--check' && mode !== '--write') {
    console.error('usage: node scripts/package-meta.mjs --check | --write');
    process.exit(2);
  }
  let failed = false;
  for (const dir of packageDirs()) {
    if (mode === '--write') writeFixes(dir);
    for (const problem of problemsOf(dir)) {
      failed = true;
      console.error(`packages/${dir}: ${problem}`);
    }
  }
  if (failed) process.exit(1);
  console.log(`package metadata: ${packageDirs().length} packages OK`);
}
