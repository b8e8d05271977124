// Plugin discovery benchmark: `npm run bench:discovery` (builds first, then runs this file).
// Builds a synthetic node_modules of 2,000 packages (10 of them Hop3 plugins, some scoped) in a
// temp dir and prints medians measured in this run, beside the targets. Machines are noisy:
// compare the ratio, not the absolute numbers, across runs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, privateHop3Env } from './support.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const CORE_DIST = join(REPO, 'packages/core/dist/index.js');
const CLI_BIN = join(REPO, 'packages/cli/dist/bin.js');

const TOTAL_PACKAGES = 2000;
const SCOPES = 50;
const PER_SCOPE = 10; // 500 scoped packages
const PLUGINS = [
  'hop3-plugin-bench-a',
  'hop3-plugin-bench-b',
  'hop3-plugin-bench-c',
  'hop3-plugin-bench-d',
  'hop3-plugin-bench-e',
  'hop3-plugin-bench-f',
  '@bench-scope-1/hop3-plugin',
  '@bench-scope-2/hop3-plugin-x',
  '@bench-scope-3/hop3-plugin-y',
  '@bench-scope-4/hop3-plugin-z',
];
const SCAN_RUNS = 30;
const LOAD_RUNS = 30;
const PROCESS_RUNS = 15;
const STATE_RUNS = 15;
const TARGETS = { scanMs: 15, cliRatio: 3, stateRatio: 1.5 };
const EXAMPLE_APP = join(REPO, 'examples/python-wsgi');

if (!existsSync(CORE_DIST)) {
  console.error(`${CORE_DIST} is missing: run \`npm run bench:discovery\` (it builds first).`);
  process.exit(1);
}
const { scanForPlugins, loadPlugins } = await import(pathToFileURL(CORE_DIST).href);

const fmt = (ms) => `${ms.toFixed(2)} ms`;

async function writePackage(nodeModules, name, pkg, files = {}) {
  const dir = join(nodeModules, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', ...pkg }));
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
}

function pluginSource(name, index) {
  return `export default { name: ${JSON.stringify(name)}, apiVersion: 1, hooks: {
  getBuilders: () => [{ name: 'bench-builder-${index}', create: () => ({}) }],
} };\n`;
}

async function buildTree(root) {
  const nodeModules = join(root, 'node_modules');
  await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'bench-app', private: true }));
  const writes = [];
  PLUGINS.forEach((name, i) =>
    writes.push(writePackage(nodeModules, name, { type: 'module', hop3: { apiVersion: 1 } }, { 'index.js': pluginSource(name, i) })),
  );
  for (let s = 0; s < SCOPES; s++) {
    for (let p = 0; p < PER_SCOPE; p++) writes.push(writePackage(nodeModules, `@scope-${s}/pkg-${p}`, { main: 'index.js' }));
  }
  const unscoped = TOTAL_PACKAGES - PLUGINS.length - SCOPES * PER_SCOPE;
  for (let i = 0; i < unscoped; i++) {
    // Some look-alike names that must not match.
    const name = i % 100 === 0 ? `hop3-plugins-util-${i}` : i % 101 === 0 ? `my-hop3-plugin-${i}` : `package-${i}`;
    writes.push(writePackage(nodeModules, name, { main: 'index.js' }));
  }
  await Promise.all(writes);
}

function timeProcess(args, cwd, env = process.env) {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { ms, stdout: String(result.stdout) };
}

const root = await mkdtemp(join(tmpdir(), 'hop3-bench-'));
try {
  await buildTree(root);
  console.log(`Synthetic tree: ${TOTAL_PACKAGES} packages (${PLUGINS.length} plugins, ${SCOPES * PER_SCOPE} scoped) in ${root}`);

  // 1. The scan alone (readdir only).
  const found = await scanForPlugins(root);
  if (found.length !== PLUGINS.length) throw new Error(`scan found ${found.length} candidates, expected ${PLUGINS.length}`);
  for (let i = 0; i < 5; i++) await scanForPlugins(root); // warm-up
  const scans = [];
  for (let i = 0; i < SCAN_RUNS; i++) {
    const started = performance.now();
    await scanForPlugins(root);
    scans.push(performance.now() - started);
  }

  // 2. Full discovery: scan, metadata, fresh imports (query string busts the ESM cache), hooks.
  const loads = [];
  for (let i = 0; i < LOAD_RUNS; i++) {
    const started = performance.now();
    const { report } = await loadPlugins({ cwd: root, importModule: (url) => import(`${url}?run=${i}`) });
    loads.push(performance.now() - started);
    if (report.loaded.length !== PLUGINS.length || report.failed.length > 0) {
      throw new Error(`discovery loaded ${report.loaded.length} plugins: ${JSON.stringify(report.failed)}`);
    }
  }

  const scanMedian = median(scans);
  console.log('');
  console.log(`scanForPlugins          median ${fmt(scanMedian)} over ${SCAN_RUNS} runs   target <= ${TARGETS.scanMs} ms   ${scanMedian <= TARGETS.scanMs ? 'OK' : 'MISSED'}`);
  console.log(`loadPlugins (full)      median ${fmt(median(loads))} over ${LOAD_RUNS} runs   (first run ${fmt(loads[0])})`);

  // 3. The CLI's `plugins --json` against a bare node start, measured alternately in this run.
  if (!existsSync(CLI_BIN)) {
    console.log(`hop3 plugins --json     not measured: ${CLI_BIN} does not exist yet (build @hop3/cli first)`);
  } else {
    const cli = [];
    const bare = [];
    timeProcess(['-e', '0'], root); // warm the file cache
    const warm = timeProcess([CLI_BIN, 'plugins', '--json'], root);
    const listed = JSON.parse(warm.stdout);
    for (let i = 0; i < PROCESS_RUNS; i++) {
      bare.push(timeProcess(['-e', '0'], root).ms);
      cli.push(timeProcess([CLI_BIN, 'plugins', '--json'], root).ms);
    }
    const ratio = median(cli) / median(bare);
    const count = Array.isArray(listed.plugins) ? listed.plugins.length : '?';
    console.log(`node -e 0               median ${fmt(median(bare))} over ${PROCESS_RUNS} runs`);
    console.log(`hop3 plugins --json     median ${fmt(median(cli))} over ${PROCESS_RUNS} runs (${count} plugins listed)`);
    console.log(`CLI / node ratio        ${ratio.toFixed(2)}x   target <= ${TARGETS.cliRatio}x   ${ratio <= TARGETS.cliRatio ? 'OK' : 'MISSED'}`);
  }
} finally {
  await rm(root, { recursive: true, force: true });
}

// 4. Commands that read state: `hop3 apps --json` (reads app.json files, loads no plugin) and
// `hop3 status <app> --json` (loads the CLI's plugin set, asks the app's deployer) against a bare
// node start, alternately in this run. The app is really deployed once, in a private HOP3_ROOT
// (its own loopback ports), and destroyed at the end with the embedded servers stopped.
if (existsSync(CLI_BIN)) await benchStateCommands();

async function benchStateCommands() {
  const base = await mkdtemp(join(tmpdir(), 'hop3-bench-state-'));
  const env = await privateHop3Env(join(base, 'root'));
  const hop3 = (...args) => spawnSync(process.execPath, [CLI_BIN, ...args], { cwd: base, env, encoding: 'utf8' });
  try {
    const deployed = hop3('deploy', EXAMPLE_APP, '--app', 'bench', '--json');
    const status = deployed.status === 0 ? ['status', 'bench', '--json'] : null;
    if (status === null) console.log(`hop3 status --json       not measured: the deploy of ${EXAMPLE_APP} failed:\n${deployed.stderr.trim()}`);
    const commands = [
      { label: 'hop3 apps --json', args: [CLI_BIN, 'apps', '--json'], runs: [] },
      ...(status ? [{ label: 'hop3 status bench --json', args: [CLI_BIN, ...status], runs: [] }] : []),
    ];
    for (const command of commands) JSON.parse(timeProcess(command.args, base, env).stdout); // warm, and check it answers
    const bare = [];
    for (let i = 0; i < STATE_RUNS; i++) {
      bare.push(timeProcess(['-e', '0'], base, env).ms);
      for (const command of commands) command.runs.push(timeProcess(command.args, base, env).ms);
    }
    console.log('');
    console.log(`node -e 0                median ${fmt(median(bare))} over ${STATE_RUNS} runs`);
    for (const { label, runs } of commands) {
      const ratio = median(runs) / median(bare);
      const verdict = ratio <= TARGETS.stateRatio ? 'OK' : 'MISSED';
      console.log(`${label.padEnd(24)} median ${fmt(median(runs))}   ${ratio.toFixed(2)}x node   target <= ${TARGETS.stateRatio}x   ${verdict}`);
    }
  } finally {
    hop3('destroy', 'bench', '--yes');
    hop3('server', 'stop');
    await rm(base, { recursive: true, force: true });
  }
}
