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
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, privateHop3Env } from './support.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REDEPLOYS = Number(process.env.BENCH_REDEPLOYS ?? 2);
const TARGET = 0.4;

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
  console.log('\nThese machines are noisy (2 shared cores): compare the ratio from one run, not times across runs.');
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
  await main();
} catch (error) {
  failed = true;
  console.error(error);
}
process.exitCode = failed ? 1 : 0;
