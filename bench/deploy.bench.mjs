#!/usr/bin/env node
// Deploy benchmark: wall time of the whole `hop3 deploy` command for examples/python-wsgi and
// examples/python-wheel — the first deploy into a fresh HOP3_ROOT (venv creation, pip, emperor and
// nginx start) and redeploys of the same source (dependencies unchanged). Issue target: the
// redeploy takes ≤ 40 % of the first deploy. Ratios are measured in the same run.
//
//   npx turbo run build --output-logs=errors-only && node bench/deploy.bench.mjs
//
// Env: BENCH_ROUNDS (default 3): fresh HOP3_ROOT per round and example; BENCH_REDEPLOYS (default 2).
// Each round: deploy, redeploy × BENCH_REDEPLOYS, destroy, `hop3 server stop`, remove the root.
//
// Node (issue 11): examples/node-express — first deploy into a fresh HOP3_ROOT (its npm cache cold),
// redeploys with an unchanged lockfile, a redeploy with one dependency added, and a warm-cache
// `npm ci` of the same app in the same run. Targets: unchanged-lockfile redeploy ≤ 30 % of the
// first deploy; the install step of an unchanged lockfile (the artifact's installMs: node_modules
// linked from the cache) ≤ 10 % of the warm-cache `npm ci`. BENCH_NODE=0 skips this part,
// BENCH_PYTHON=0 the Python one.
//
// Then git push and rollback (issue 13), on examples/python-wheel running in one HOP3_ROOT, in
// BENCH_PUSH_ROUNDS (default 5) rounds of: `git push` of a one-line change (to the app's repository
// by its local path: the pre-receive hook's checkout and deploy, without SSH's own handshake);
// `hop3 deploy <dir>` of another one-line change; `hop3 rollback` (to the pushed release, no build).
// Targets: push ≤ 1.2× the direct deploy; rollback ≤ 50 % of the (re)deploy.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, privateHop3Env } from './support.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PUSH_ROUNDS = Number(process.env.BENCH_PUSH_ROUNDS ?? 5);
const PUSH_TARGET = 1.2;
const ROLLBACK_TARGET = 0.5;
const REDEPLOYS = Number(process.env.BENCH_REDEPLOYS ?? 2);
const TARGET = 0.4;
const NODE_TARGET = 0.3;
const NODE_INSTALL_TARGET = 0.1;
const NODE = process.env.BENCH_NODE !== '0';
const PYTHON = process.env.BENCH_PYTHON !== '0';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(repo, 'packages/cli/dist/bin.js');
const examples = [
  { name: 'python-wsgi', dir: join(repo, 'examples/python-wsgi') },
  { name: 'python-wheel', dir: join(repo, 'examples/python-wheel') },
];

if (!existsSync(bin)) {
  console.error(`${bin} is missing: run \`npx turbo run build --output-logs=errors-only\` first.`);
  process.exit(1);
}

/**
 * Run `hop3 …`; returns exit code, stdout, wall time and stderr lines stamped with the ms since
 * the spawn (HOP3_DEBUG=1 adds the "nginx reloaded" line used for the phase split).
 */
function hop3(args, env) {
  return new Promise((resolveRun, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, ...args], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let pending = '';
    const lines = [];
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => {
      pending += d;
      let i;
      while ((i = pending.indexOf('\n')) >= 0) {
        lines.push({ t: performance.now() - started, text: pending.slice(0, i) });
        pending = pending.slice(i + 1);
      }
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (pending) lines.push({ t: performance.now() - started, text: pending });
      resolveRun({ code, stdout, lines, ms: performance.now() - started });
    });
  });
}

async function hop3Ok(args, env) {
  const result = await hop3(args, env);
  if (result.code !== 0) {
    const tail = result.lines.slice(-15).map((l) => `    ${l.text}`).join('\n');
    throw new Error(`hop3 ${args.join(' ')} exited with ${result.code}\n${result.stdout.trim()}\n${tail}`);
  }
  return result;
}

/** Split one deploy's wall time into phases, from its stderr milestones. */
function phases(result) {
  const at = (re) => result.lines.find((l) => re.test(l.text))?.t;
  const lastAt = (re) => result.lines.findLast((l) => re.test(l.text))?.t;
  const venv = at(/^Creating virtualenv/);
  const deps = at(/^(Installing dependencies|Dependencies unchanged|requirements.txt lists nothing)/);
  const started = at(/^uWSGI: generation \d+ of .* started/);
  const nginx = lastAt(/nginx (started|reloaded)/);
  const buildStart = venv ?? deps;
  if (buildStart === undefined || started === undefined || nginx === undefined) return null;
  return {
    cli: buildStart, // node start, plugin load, validation, copy of the source into a release
    venv: venv === undefined ? 0 : deps - venv, // python -m venv
    deps: started - deps, // pip install or the hash check, then the vassal files
    serve: nginx - started, // emperor spawns the vassal, health gate, nginx config + start/reload
    retire: result.ms - nginx, // old generation's ports closing, state, exit
  };
}

const rows = [];
let failed = false;
const roots = new Set();

async function cleanup(root, env, app) {
  // Each step on its own: a failure in one must not leave the others undone.
  await hop3(['destroy', app, '--yes'], env).catch(() => {});
  const stop = await hop3(['server', 'stop'], env).catch((e) => ({ code: 1, stdout: String(e), lines: [] }));
  if (stop.code !== 0) console.error(`  warning: hop3 server stop exited with ${stop.code} for ${root}`);
  await rm(root, { recursive: true, force: true });
  roots.delete(root);
}

async function round(example, index) {
  const root = await mkdtemp(join(tmpdir(), 'hop3-deploy-bench-'));
  roots.add(root);
  const app = `bench-${example.name}`;
  // HOP3_DEBUG only adds log lines (the phase split); no behaviour depends on it.
  const env = await privateHop3Env(root, { HOP3_DEBUG: '1' });
  const row = { example: example.name, round: index, first: null, redeploys: [] };
  try {
    const first = await hop3Ok(['deploy', example.dir, '--app', app, '--json'], env);
    const json = JSON.parse(first.stdout);
    row.first = { ms: first.ms, phases: phases(first), reused: json.artifact?.metadata?.reused };
    for (let i = 0; i < REDEPLOYS; i++) {
      const again = await hop3Ok(['deploy', example.dir, '--app', app, '--json'], env);
      const againJson = JSON.parse(again.stdout);
      row.redeploys.push({ ms: again.ms, phases: phases(again), reused: againJson.artifact?.metadata?.reused });
    }
    const redeploys = row.redeploys.map((r) => `${Math.round(r.ms)}${r.reused ? '' : ' (deps NOT reused)'}`).join(', ');
    console.log(`  ${example.name} round ${index + 1}: first ${Math.round(row.first.ms)} ms, redeploys ${redeploys} ms`);
    rows.push(row);
  } finally {
    await cleanup(root, env, app);
  }
}

/** git push vs hop3 deploy of the same kind of change, and rollback vs redeploy, on one running app. */
async function pushAndRollback() {
  const root = await mkdtemp(join(tmpdir(), 'hop3-push-bench-'));
  roots.add(root);
  const work = join(root, 'work-app');
  const app = 'bench-push';
  const env = await privateHop3Env(join(root, 'hop3'), { GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.com' });
  const appRepo = join(root, 'hop3', 'repos', `${app}.git`);
  const git = (args) => timed('git', args, { cwd: work, env });
  const change = async (text) => {
    const file = join(work, 'app.py');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^# change: .*\n/m, '') + `# change: ${text}\n`);
  };
  const times = { push: [], direct: [], rollback: [] };
  try {
    await cp(join(repo, 'examples/python-wheel'), work, { recursive: true });
    await git(['init', '-q', '-b', 'main']);
    await git(['add', '-A']);
    await git(['commit', '-q', '-m', 'bench']);
    // The first push creates the app (its repository and the venv): not measured.
    await git(['push', '-q', `--receive-pack=${process.execPath} ${bin} git-receive-pack`, appRepo, 'main']);
    for (let i = 0; i < PUSH_ROUNDS && !interrupted; i++) {
      await change(`push ${i}`);
      await git(['commit', '-qam', `push ${i}`]);
      const push = await git(['push', '-q', appRepo, 'main']);
      await change(`direct ${i}`);
      const direct = (await hop3Ok(['deploy', work, '--app', app, '--json'], env)).ms;
      const rollback = (await hop3Ok(['rollback', app, '--json'], env)).ms;
      times.push.push(push);
      times.direct.push(direct);
      times.rollback.push(rollback);
      console.log(`  push round ${i + 1}: git push ${Math.round(push)} ms, hop3 deploy ${Math.round(direct)} ms, hop3 rollback ${Math.round(rollback)} ms`);
    }
  } finally {
    await cleanup(root, env, app);
  }
  return times;
}


const fmt = (ms) => (Number.isFinite(ms) ? `${Math.round(ms)} ms` : '—');
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

async function main() {
  console.log(`hop3 deploy: ${ROUNDS} round(s) per example, first deploy + ${REDEPLOYS} redeploy(s), fresh HOP3_ROOT per round`);
  for (let r = 0; r < ROUNDS; r++) {
    for (const example of examples) {
      if (interrupted) break;
      try {
        await round(example, r);
      } catch (error) {
        failed = true;
        console.error(`  ${example.name} round ${r + 1} failed: ${error.message}`);
      }
    }
  }

  console.log('\nWall time of `hop3 deploy` (medians):\n');
  console.log(`${pad('example', 14)}${lpad('first', 10)}${lpad('redeploy', 11)}${lpad('ratio', 8)}  target`);
  for (const example of examples) {
    const mine = rows.filter((r) => r.example === example.name);
    const first = median(mine.map((r) => r.first.ms));
    const redeploy = median(mine.flatMap((r) => r.redeploys.map((d) => d.ms)));
    const ratio = redeploy / first;
    const verdict = Number.isFinite(ratio) ? (ratio <= TARGET ? 'met' : 'missed') : '';
    console.log(
      `${pad(example.name, 14)}${lpad(fmt(first), 10)}${lpad(fmt(redeploy), 11)}${lpad(Number.isFinite(ratio) ? `${Math.round(ratio * 100)} %` : '—', 8)}  ≤ ${TARGET * 100} % (${verdict}; n=${mine.length}/${mine.length * REDEPLOYS})`,
    );
  }

  console.log('\nWhere the time goes (medians, from stderr timestamps):\n');
  const keys = ['cli', 'venv', 'deps', 'serve', 'retire'];
  console.log(`${pad('example / deploy', 24)}${keys.map((k) => lpad(k, 9)).join('')}`);
  for (const example of examples) {
    const mine = rows.filter((r) => r.example === example.name);
    for (const [label, list] of [
      ['first', mine.map((r) => r.first.phases)],
      ['redeploy', mine.flatMap((r) => r.redeploys.map((d) => d.phases))],
    ]) {
      const ok = list.filter(Boolean);
      if (ok.length === 0) continue;
      console.log(`${pad(`${example.name} ${label}`, 24)}${keys.map((k) => lpad(Math.round(median(ok.map((p) => p[k]))), 9)).join('')}`);
    }
  }
  console.log(
    '\n  cli: node start → first build line (plugins, validation, copy into a release)\n' +
      '  venv: python -m venv · deps: pip install / hash check → vassal files written\n' +
      '  serve: vassal written → nginx started/reloaded (uWSGI spawn, health gate, proxy config)\n' +
      '  retire: nginx switched → exit (waiting for the previous generation\'s ports to close)',
  );

  if (PUSH_ROUNDS > 0 && !interrupted) {
    console.log(`\ngit push and rollback: ${PUSH_ROUNDS} round(s) on examples/python-wheel, one running app`);
    try {
      const times = await pushAndRollback();
      const [push, direct, rollback] = [median(times.push), median(times.direct), median(times.rollback)];
      const pushRatio = push / direct;
      const rollbackRatio = rollback / direct;
      const verdict = (ratio, target) => (Number.isFinite(ratio) ? (ratio <= target ? 'met' : 'missed') : 'not measured');
      console.log('\nMedians:\n');
      console.log(`  git push (local path, pre-receive deploy)  ${fmt(push)}`);
      console.log(`  hop3 deploy <dir> (same change)            ${fmt(direct)}`);
      console.log(`  hop3 rollback (no build)                   ${fmt(rollback)}`);
      console.log(`\n  push / deploy      ${Number.isFinite(pushRatio) ? pushRatio.toFixed(2) : '—'}×   target ≤ ${PUSH_TARGET}× (${verdict(pushRatio, PUSH_TARGET)}; n=${times.push.length})`);
      console.log(`  rollback / deploy  ${Number.isFinite(rollbackRatio) ? `${Math.round(rollbackRatio * 100)} %` : '—'}   target ≤ ${ROLLBACK_TARGET * 100} % (${verdict(rollbackRatio, ROLLBACK_TARGET)}; n=${times.rollback.length})`);
    } catch (error) {
      failed = true;
      console.error(`  git push / rollback bench failed: ${error.message}`);
    }
  }
  console.log('\nThese machines are noisy (2 shared cores): compare the ratio from one run, not times across runs.');
}

// ---- Node (issue 11) ----------------------------------------------------------------------

const nodeRows = [];

/** Run a program to completion; resolves with its wall time, rejects with its output on failure. */
function timed(command, args, options) {
  return new Promise((resolveRun, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolveRun(performance.now() - started) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}\n${output.slice(-2000)}`))));
  });
}

async function nodeRound(index, work) {
  const root = await mkdtemp(join(tmpdir(), 'hop3-deploy-bench-node-'));
  roots.add(root);
  const app = 'bench-node-express';
  const env = await privateHop3Env(root, { HOP3_DEBUG: '1' });
  const row = { round: index, first: null, redeploys: [], added: null, npmCi: [] };
  try {
    const first = await hop3Ok(['deploy', work.express, '--app', app, '--json'], env);
    const firstJson = JSON.parse(first.stdout);
    row.first = { ms: first.ms, installMs: firstJson.artifact.metadata.installMs, reused: firstJson.artifact.metadata.reused };
    for (let i = 0; i < REDEPLOYS; i++) {
      const again = await hop3Ok(['deploy', work.express, '--app', app, '--json'], env);
      const meta = JSON.parse(again.stdout).artifact.metadata;
      row.redeploys.push({ ms: again.ms, installMs: meta.installMs, reused: meta.reused });
    }
    const added = await hop3Ok(['deploy', work.added, '--app', app, '--json'], env);
    const addedMeta = JSON.parse(added.stdout).artifact.metadata;
    row.added = { ms: added.ms, installMs: addedMeta.installMs, reused: addedMeta.reused };
    // The baseline: `npm ci` of the same app with the npm cache this HOP3_ROOT's deploys filled.
    const cache = join(root, 'cache', 'npm');
    for (let i = 0; i < 3; i++) {
      await rm(join(work.ciCopy, 'node_modules'), { recursive: true, force: true });
      row.npmCi.push(await timed('npm', ['ci', '--include=dev', '--no-audit', '--no-fund', '--prefer-offline', '--cache', cache], { cwd: work.ciCopy, env: process.env }));
    }
    const flags = (r) => (r.reused ? '' : ' (NOT reused)');
    console.log(
      `  node-express round ${index + 1}: first ${Math.round(row.first.ms)} ms, redeploys ${row.redeploys.map((r) => `${Math.round(r.ms)}${flags(r)}`).join(', ')} ms ` +
        `(install ${row.redeploys.map((r) => r.installMs).join(', ')} ms), one dependency added ${Math.round(row.added.ms)} ms, warm npm ci ${row.npmCi.map(Math.round).join(', ')} ms`,
    );
    nodeRows.push(row);
  } finally {
    await cleanup(root, env, app);
  }
}

async function nodeBench() {
  const work = await mkdtemp(join(tmpdir(), 'hop3-deploy-bench-node-src-'));
  roots.add(work);
  try {
    const paths = { express: join(work, 'express'), added: join(work, 'express-added'), ciCopy: join(work, 'express-ci') };
    const skipModules = { recursive: true, filter: (path) => !path.includes('node_modules') && !path.includes('/dist') };
    for (const dir of Object.values(paths)) await cp(join(repo, 'examples/node-express'), dir, skipModules);
    // Prepared before any timing: the same app with one more dependency in its lockfile.
    await timed('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund', 'is-number@7.0.0'], { cwd: paths.added, env: process.env });
    console.log(`\nNode: examples/node-express, ${ROUNDS} round(s): first deploy + ${REDEPLOYS} unchanged-lockfile redeploy(s) + one with a dependency added, fresh HOP3_ROOT per round`);
    for (let r = 0; r < ROUNDS && !interrupted; r++) {
      try {
        await nodeRound(r, paths);
      } catch (error) {
        failed = true;
        console.error(`  node-express round ${r + 1} failed: ${error.message}`);
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
    roots.delete(work);
  }
  if (nodeRows.length === 0) return;
  const first = median(nodeRows.map((r) => r.first.ms));
  const redeploy = median(nodeRows.flatMap((r) => r.redeploys.map((d) => d.ms)));
  const added = median(nodeRows.map((r) => r.added.ms));
  const install = median(nodeRows.flatMap((r) => r.redeploys.map((d) => d.installMs)));
  const firstInstall = median(nodeRows.map((r) => r.first.installMs));
  const addedInstall = median(nodeRows.map((r) => r.added.installMs));
  const npmCi = median(nodeRows.flatMap((r) => r.npmCi));
  const pct = (ratio) => (Number.isFinite(ratio) ? `${Math.round(ratio * 100)} %` : '—');
  const verdict = (ratio, target) => (Number.isFinite(ratio) ? (ratio <= target ? 'met' : 'missed') : '');
  const allReused = nodeRows.every((r) => r.redeploys.every((d) => d.reused) && !r.added.reused);
  console.log('\nWall time of `hop3 deploy` for examples/node-express (medians):\n');
  console.log(`${pad('deploy', 34)}${lpad('wall', 10)}${lpad('install step', 14)}`);
  console.log(`${pad('first (cold npm cache)', 34)}${lpad(fmt(first), 10)}${lpad(fmt(firstInstall), 14)}`);
  console.log(`${pad('redeploy, unchanged lockfile', 34)}${lpad(fmt(redeploy), 10)}${lpad(fmt(install), 14)}`);
  console.log(`${pad('redeploy, one dependency added', 34)}${lpad(fmt(added), 10)}${lpad(fmt(addedInstall), 14)}`);
  console.log(`${pad('warm-cache npm ci (same app)', 34)}${lpad('', 10)}${lpad(fmt(npmCi), 14)}`);
  console.log(`\n  unchanged redeploy / first deploy: ${pct(redeploy / first)}  target ≤ ${NODE_TARGET * 100} % (${verdict(redeploy / first, NODE_TARGET)})`);
  console.log(`  install step (unchanged lockfile) / warm npm ci: ${pct(install / npmCi)}  target ≤ ${NODE_INSTALL_TARGET * 100} % (${verdict(install / npmCi, NODE_INSTALL_TARGET)})`);
  console.log(`  node_modules reused on every unchanged redeploy and reinstalled for the added dependency: ${allReused ? 'yes' : 'NO'}`);
  if (!allReused) failed = true;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: cleaning up ${[...roots].join(', ') || 'nothing'}`);
    // the round's finally runs as soon as its current hop3 command ends; exit after that
    setTimeout(() => process.exit(130), 60_000).unref();
    failed = true;
  });
}

try {
  if (PYTHON) await main();
  if (NODE && !interrupted) await nodeBench();
} catch (error) {
  failed = true;
  console.error(error);
}
process.exitCode = failed ? 1 : 0;
