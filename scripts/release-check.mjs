#!/usr/bin/env node
// The release check (run by .ci/run after the build): proves the packages work once published.
// It packs every workspace package as `npm publish` would, lints each tarball (publint --strict,
// are-the-types-wrong with the ESM-only profile), then installs the tarballs in a directory OUTSIDE
// the repository, as a user would, and drives the installed binaries: `hop3 plugins --json`, a
// plugin scaffolded by the installed create-hop3-plugin (its own tests, then `hop3 plugins
// install`), and a deploy of examples/python-wsgi that must answer over HTTP.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts } from '../bench/support.mjs';
import { packageDirs, problemsOf } from './package-meta.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'hop3-release-check-'));
const tarballs = join(work, 'tarballs');
const userProject = join(work, 'user-project');
const hop3Root = join(work, 'hop3-root');

function step(title) {
  console.log(`\n--- ${title}`);
}

function run(file, args, options = {}) {
  return execFileSync(file, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options });
}

function checkMetadata() {
  step('package metadata');
  const problems = packageDirs().flatMap((dir) => problemsOf(dir).map((problem) => `packages/${dir}: ${problem}`));
  if (problems.length > 0) throw new Error(`package metadata is incomplete (fix: node scripts/package-meta.mjs --write):\n${problems.join('\n')}`);
  console.log(`${packageDirs().length} packages carry their metadata`);
}

/** `npm pack` of every workspace; the build already ran, so prepack scripts are not run again. */
function packAll() {
  step('npm pack');
  mkdirSync(tarballs);
  run('npm', ['pack', '--workspaces', '--ignore-scripts', '--pack-destination', tarballs, '--silent'], { cwd: REPO });
  const files = readdirSync(tarballs).filter((name) => name.endsWith('.tgz'));
  if (files.length !== packageDirs().length) throw new Error(`expected ${packageDirs().length} tarballs, got ${files.length}`);
  console.log(files.join('\n'));
  return files.map((name) => join(tarballs, name));
}

/** Runs a linter and shows its output only when it fails (each prints a page per package). */
function quietUnlessFailing(file, args) {
  try {
    execFileSync(file, args, { stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    process.stdout.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    throw new Error(`${basename(file)} ${args.join(' ')} failed`);
  }
}

function lint(files) {
  step('publint --strict and are-the-types-wrong (esm-only)');
  const bin = join(REPO, 'node_modules/.bin');
  for (const file of files) {
    quietUnlessFailing(join(bin, 'publint'), ['run', file, '--strict']);
    quietUnlessFailing(join(bin, 'attw'), [file, '--profile', 'esm-only', '--format', 'ascii']);
    console.log(`${basename(file)}: publint and attw clean`);
  }
}

function installAsAUser(files) {
  step(`npm install of the tarballs in ${userProject}`);
  mkdirSync(userProject);
  writeFileSync(join(userProject, 'package.json'), JSON.stringify({ name: 'release-check-user', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files], { cwd: userProject, stdio: 'inherit' });
}

async function hop3Env() {
  const [http, https] = await freePorts(2);
  return {
    ...process.env,
    HOP3_ROOT: hop3Root,
    HOP3_HTTP_PORT: String(http),
    HOP3_HTTPS_PORT: String(https),
    HOP3_SERVICES: 'embedded',
    PIP_NO_INDEX: '1',
    PIP_CONFIG_FILE: '/dev/null',
  };
}

function hop3(env, args) {
  return run(join(userProject, 'node_modules/.bin/hop3'), args, { cwd: userProject, env });
}

function checkPlugins(env) {
  step('installed hop3 plugins --json');
  const report = JSON.parse(hop3(env, ['plugins', '--json']));
  const loaded = (report.loaded ?? report.plugins ?? []).map((plugin) => plugin.name);
  // The CLI's default plugin set, as its package.json declares it.
  const expected = JSON.parse(readFileSync(join(REPO, 'packages/cli/package.json'), 'utf8')).hop3.plugins;
  const missing = expected.filter((name) => !loaded.includes(name));
  if (missing.length > 0 || (report.failed ?? []).length > 0) {
    throw new Error(`the installed hop3 did not load its plugins (missing: ${missing.join(', ') || 'none'}):\n${JSON.stringify(report, null, 2)}`);
  }
  console.log(`loaded: ${loaded.join(', ')}`);
}

function get(url) {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    // agent: false — a fresh connection each time: a keep-alive socket pooled from the previous
    // check may belong to an nginx worker retired by the reload since, and would be reset.
    request({ host: '127.0.0.1', port: target.port || 80, path: target.pathname, headers: { Host: target.host }, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode);
    })
      .on('error', reject)
      .end();
  });
}

async function deployExample(env) {
  step('installed hop3 deploys examples/python-wsgi');
  const app = join(work, 'python-wsgi');
  cpSync(join(REPO, 'examples/python-wsgi'), app, { recursive: true });
  const result = JSON.parse(hop3(env, ['deploy', app, '--json']));
  const status = await get(result.url);
  if (status !== 200) throw new Error(`${result.url} answered ${status}, not 200`);
  console.log(`${result.url} answers 200`);
  hop3(env, ['destroy', result.app ?? 'python-wsgi', '--yes']);
}

/**
 * A publisher's first steps with the installed packages: scaffold with the installed
 * create-hop3-plugin, install the packed @hop3 tarballs into it (what npm would download once
 * published), build, run its conformance tests, and `hop3 plugins install` it.
 */
function scaffoldPlugin(env, files) {
  step('installed create-hop3-plugin scaffolds a plugin: its tests pass, hop3 plugins install takes it');
  const plugin = join(work, 'hop3-plugin-release-check');
  run(join(userProject, 'node_modules/.bin/create-hop3-plugin'), [plugin, '--kind', 'builder,deployer,addon'], { cwd: work });
  const hop3Tarballs = files.filter((file) => /^hop3-(core|kit|testkit)-\d/.test(basename(file)));
  run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', ...hop3Tarballs], { cwd: plugin, stdio: 'inherit' });
  run('npm', ['run', 'build'], { cwd: plugin });
  run('npm', ['test'], { cwd: plugin, stdio: 'inherit' });
  hop3(env, ['plugins', 'install', plugin]);
  const report = JSON.parse(hop3(env, ['plugins', '--json']));
  const found = (report.plugins ?? []).find((entry) => entry.name === 'hop3-plugin-release-check');
  if (!found) throw new Error(`hop3 plugins does not list the scaffolded plugin:\n${JSON.stringify(report, null, 2)}`);
  console.log(`hop3-plugin-release-check: ${JSON.stringify(found.strategies)}`);
}

/** The installed plugin at work: its builder and deployer serve a page through the host's nginx. */
async function deployWithScaffoldedPlugin(env) {
  step('a page deployed with the installed plugin answers');
  const site = join(work, 'site');
  mkdirSync(site);
  writeFileSync(join(site, 'index.html'), '<h1>release check</h1>\n');
  writeFileSync(join(site, 'hop3.toml'), '[build]\nbuilder = "release-check"\n[run]\ndeployer = "release-check"\n');
  const result = JSON.parse(hop3(env, ['deploy', site, '--json']));
  const status = await get(result.url);
  if (status !== 200) throw new Error(`the page deployed with hop3-plugin-release-check answered ${status}, not 200 (${result.url})`);
  console.log(`${result.url} answers 200`);
  hop3(env, ['destroy', result.app ?? 'site', '--yes']);
}

let env;
try {
  checkMetadata();
  const files = packAll();
  lint(files);
  installAsAUser(files);
  env = await hop3Env();
  checkPlugins(env);
  scaffoldPlugin(env, files);
  await deployWithScaffoldedPlugin(env);
  await deployExample(env);
  console.log('\nrelease check passed');
} finally {
  if (env) {
    try {
      hop3(env, ['server', 'stop']);
    } catch (error) {
      console.error(`hop3 server stop failed: ${error.message}`);
    }
  }
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
