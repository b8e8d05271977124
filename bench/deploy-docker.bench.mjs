#!/usr/bin/env node
// Docker benchmark (issue 12): examples/docker-node built from its Dockerfile and run by the
// docker deployer behind a private nginx, through the built @hop3/engine. Measures, in one run:
//  - the first deploy into a fresh HOP3_ROOT, and redeploys where only the app's code changed
//    (docker's layer cache keeps the base layers). Target: redeploy ≤ 40 % of the first deploy;
//  - failed requests during the redeploys (a request every 20 ms through nginx). Target: 0;
//  - the container swap: from the deployer starting the new container to the proxy switch, against
//    the container's own `docker run` → first HTTP answer. Target: the swap adds ≤ 1 s;
//  - where a deploy's time goes (medians, from the engine's events): build, starting the
//    containers, health gate, proxy switch, commit.
//
//   npx turbo run build --output-logs=errors-only && node bench/deploy-docker.bench.mjs
//
// Needs a running dockerd. There is no registry here: the example's BASE build arg names an image
// built once from this machine's node binary (FROM scratch), labelled and kept for later runs.
// Env: BENCH_ROUNDS (default 3), BENCH_REDEPLOYS (default 3).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, privateHop3Env } from './support.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REDEPLOYS = Number(process.env.BENCH_REDEPLOYS ?? 3);
const TARGET = 0.4;
const SWAP_TARGET_MS = 1000;
const BASE = 'hop3-bench/node:20';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const example = join(repo, 'examples/docker-node');
const { createEngine } = await import(join(repo, 'packages/engine/dist/index.js'));

function docker(args) {
  return execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** The base image: this machine's node and its libraries, FROM scratch. Rebuilt when node changes. */
function ensureBase() {
  const node = statSync('/usr/bin/node');
  const wanted = `${node.size}-${node.mtimeMs}`;
  try {
    if (docker(['image', 'inspect', '--format', '{{index .Config.Labels "hop3.bench.base"}}', BASE]) === wanted) return;
  } catch {
    // not built yet
  }
  const dir = mkdtempSync(join(tmpdir(), 'hop3-bench-base-'));
  try {
    const root = join(dir, 'rootfs');
    for (const sub of ['usr/bin', 'tmp', 'etc']) mkdirSync(join(root, sub), { recursive: true });
    copyFileSync('/usr/bin/node', join(root, 'usr/bin/node'));
    chmodSync(join(root, 'usr/bin/node'), 0o755);
    for (const lib of execFileSync('ldd', ['/usr/bin/node'], { encoding: 'utf8' }).match(/\/lib[^\s]*/g) ?? []) {
      mkdirSync(join(root, dirname(lib)), { recursive: true });
      copyFileSync(lib, join(root, lib));
    }
    writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
    chmodSync(join(root, 'tmp'), 0o1777);
    writeFileSync(join(dir, 'Dockerfile'), `FROM scratch\nCOPY rootfs/ /\nENV PATH=/usr/bin\nLABEL hop3.bench.base="${wanted}"\n`);
    docker(['build', '-q', '-t', BASE, dir]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function get(port, host, path = '/') {
  return new Promise((resolveGet) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host, connection: 'close' }, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolveGet(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolveGet(0));
    req.end();
  });
}

/** `docker run` of an image → its first HTTP answer, in ms (the container's own start-to-healthy). */
async function runToHealthy(image) {
  const port = Number(execFileSync(process.execPath, ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"], { encoding: 'utf8' }).trim());
  const started = performance.now();
  const id = docker(['run', '-d', '--init', '--label', 'hop3.bench=1', '-p', `127.0.0.1:${port}:8080`, image]);
  try {
    while ((await get(port, 'x', '/health')) !== 200) {
      if (performance.now() - started > 30_000) throw new Error('the container did not answer in 30 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    return performance.now() - started;
  } finally {
    docker(['rm', '-f', id]);
  }
}

/** Where a deploy's time went, from the engine's events (ms): build, containers started, gate, proxy switch, commit. */
const PHASES = [
  ['build', 'build:start', 'run:start'],
  ['start containers', 'run:start', 'health:wait'],
  ['health gate', 'health:wait', 'proxy:switch'],
  ['proxy switch', 'proxy:switch', 'commit'],
  ['commit (retire old)', 'commit', 'deploy:done'],
];
function phasesOf(times) {
  return Object.fromEntries(PHASES.map(([name, from, to]) => [name, times[to] - times[from]]));
}

async function round(index) {
  const root = mkdtempSync(join(tmpdir(), 'hop3-bench-docker-'));
  const env = await privateHop3Env(join(root, 'root'));
  mkdirSync(env.HOP3_ROOT, { mode: 0o700 });
  const src = join(root, 'src');
  await cp(example, src, { recursive: true });
  await writeFile(join(src, 'hop3.toml'), `${await readFile(join(example, 'hop3.toml'), 'utf8')}\n[docker.build-args]\nBASE = "${BASE}"\n`);
  const times = {};
  const engine = await createEngine({
    env,
    plugins: { plugins: ['hop3-plugin-deployer-docker', 'hop3-plugin-proxy-nginx'], discover: false, cwd: repo },
    onEvent: (event) => (times[event.type] = performance.now()),
  });
  const app = `bench-docker-${index}`;
  const result = { redeploys: [], swaps: [], phases: [], failed: 0, requests: 0 };
  try {
    let started = performance.now();
    const first = await engine.deploy({ sourceDir: src, appName: app });
    result.first = performance.now() - started;
    result.firstPhases = phasesOf(times);
    result.image = first.artifact.location;
    const host = `${app}.localhost`;
    let running = true;
    const loop = (async () => {
      while (running) {
        const status = await get(Number(env.HOP3_HTTP_PORT), host);
        result.requests++;
        if (status !== 200) result.failed++;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    for (let i = 0; i < REDEPLOYS; i++) {
      // Only the app's code changes: the base and package.json layers come from the cache.
      await writeFile(join(src, 'server.js'), `${await readFile(join(example, 'server.js'), 'utf8')}\n// change ${index}.${i}\n`);
      started = performance.now();
      await engine.deploy({ sourceDir: src, appName: app });
      result.redeploys.push(performance.now() - started);
      result.swaps.push(times['proxy:switch'] - times['run:start']);
      result.phases.push(phasesOf(times));
    }
    running = false;
    await loop;
    result.runToHealthy = await runToHealthy(result.image.replace(/:r\d+$/, `:r${1 + REDEPLOYS}`));
  } finally {
    await engine.destroy({ app }).catch(() => undefined);
    await engine.server.stop().catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  }
  return result;
}

docker(['info', '--format', '{{.ServerVersion}}']);
ensureBase();
// kit's waitForHttp waits on an unref'd abort timer and fetch: with nothing else running, Node
// could exit mid health gate (code 13). Hold the event loop for the whole run.
const hold = setInterval(() => undefined, 60_000);
const results = [];
for (let i = 0; i < ROUNDS; i++) results.push(await round(i));

clearInterval(hold);
const firsts = results.map((r) => r.first);
const redeploys = results.flatMap((r) => r.redeploys);
const swaps = results.flatMap((r) => r.swaps);
const healthy = results.map((r) => r.runToHealthy);
const failed = results.reduce((n, r) => n + r.failed, 0);
const requests = results.reduce((n, r) => n + r.requests, 0);
const ratio = median(redeploys) / median(firsts);
const swapOver = median(swaps) - median(healthy);
const ms = (v) => `${Math.round(v)} ms`;
console.log(`examples/docker-node, ${ROUNDS} rounds × ${REDEPLOYS} code-only redeploys (docker ${docker(['version', '--format', '{{.Server.Version}}'])})`);
console.log(`  first deploy (build + run + nginx):   median ${ms(median(firsts))}  [${firsts.map(ms).join(', ')}]`);
console.log(`  code-only redeploy (layer cache):     median ${ms(median(redeploys))}  [${redeploys.map(ms).join(', ')}]`);
console.log(`  redeploy / first deploy:              ${(ratio * 100).toFixed(1)} %  (target ≤ ${TARGET * 100} %) ${ratio <= TARGET ? 'OK' : 'MISSED'}`);
console.log(`  requests during redeploys:            ${requests} sent, ${failed} failed  (target 0) ${failed === 0 ? 'OK' : 'MISSED'}`);
console.log(`  docker run → first answer:            median ${ms(median(healthy))}  [${healthy.map(ms).join(', ')}]`);
console.log(`  deployer start → proxy switched:      median ${ms(median(swaps))}  [${swaps.map(ms).join(', ')}]`);
const breakdown = (list) => PHASES.map(([name]) => `${name} ${ms(median(list.map((p) => p[name])))}`).join(', ');
console.log(`  first deploy, medians:                ${breakdown(results.map((r) => r.firstPhases))}`);
console.log(`  code-only redeploy, medians:          ${breakdown(results.flatMap((r) => r.phases))}`);
console.log(`  swap over the container's own start:  ${ms(swapOver)}  (target ≤ ${SWAP_TARGET_MS} ms) ${swapOver <= SWAP_TARGET_MS ? 'OK' : 'MISSED'}`);
