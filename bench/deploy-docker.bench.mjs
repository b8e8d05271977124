#!/usr/bin/env node
// Docker benchmark (issue 12): two Dockerfile examples built and run by the docker deployer
// behind a private nginx, through the built @hop3/engine:
//  - examples/docker-node: a tiny app without dependencies (the first deploy is little more than
//    the fixed costs, so this is the hardest ratio);
//  - examples/docker-express: Express installed by `npm ci --omit=dev` from the npm registry in a
//    layer of its own (a realistic first deploy; code-only redeploys take that layer from the cache).
// Measures, per example, in one run:
//  - the first deploy into a fresh HOP3_ROOT, and redeploys where only the app's code changed
//    (docker's layer cache keeps the base layers). Target: redeploy ≤ 40 % of the first deploy;
//  - failed requests during the redeploys (a request every 20 ms through nginx). Target: 0.
//    Each redeploy starts once the previous one's old containers are retired (see settled());
//  - the container swap: from the deployer starting the new container to the proxy switch, against
//    the container's own `docker run` → first HTTP answer. Target: the swap adds ≤ 1 s;
//  - where a deploy's time goes (medians, from the engine's events): build, starting the
//    containers, health gate, proxy switch, commit.
//
//   npx turbo run build --output-logs=errors-only && node bench/deploy-docker.bench.mjs
//
// Needs a running dockerd, and the npm registry reachable from a build container (docker-express).
// There is no registry for images here: the examples' BASE build arg names an image built once from
// this machine's node binary (FROM scratch; for docker-express also busybox for /bin/sh, npm and the
// machine's CA bundle), labelled and kept for later runs. Each round destroys its app, images and
// so their cached layers included: every first deploy builds from the base, npm ci included.
// Env: BENCH_ROUNDS (default 3), BENCH_REDEPLOYS (default 3), BENCH_EXAMPLES (default
// "docker-node,docker-express").
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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
const EXAMPLES = (process.env.BENCH_EXAMPLES ?? 'docker-node,docker-express').split(',').map((name) => name.trim()).filter(Boolean);
/** The base image each example builds FROM: node alone, or node with npm and a shell for `RUN npm ci`. */
const BASES = { 'docker-node': { tag: 'hop3-bench/node:20', npm: false }, 'docker-express': { tag: 'hop3-bench/node-npm:20', npm: true } };

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { createEngine } = await import(join(repo, 'packages/engine/dist/index.js'));

function docker(args) {
  return execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

const NPM = '/usr/lib/node_modules/npm';
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/**
 * A base image: this machine's node and its libraries, FROM scratch; with `npm`, also a static
 * busybox (/bin/sh, /usr/bin/env for npm's shebang), npm, and the machine's CA bundle (its
 * NODE_EXTRA_CA_CERTS: the registry's TLS may be re-signed on the way). Rebuilt when they change.
 */
function ensureBase({ tag, npm }) {
  const node = statSync('/usr/bin/node');
  const wanted = npm ? `${node.size}-${node.mtimeMs}-${statSync(join(NPM, 'package.json')).mtimeMs}-${statSync(CA_BUNDLE).mtimeMs}` : `${node.size}-${node.mtimeMs}`;
  try {
    if (docker(['image', 'inspect', '--format', '{{index .Config.Labels "hop3.bench.base"}}', tag]) === wanted) return;
  } catch {
    // not built yet
  }
  const dir = mkdtempSync(join(tmpdir(), 'hop3-bench-base-'));
  try {
    const root = join(dir, 'rootfs');
    for (const sub of ['usr/bin', 'tmp', 'etc', 'root']) mkdirSync(join(root, sub), { recursive: true });
    copyFileSync('/usr/bin/node', join(root, 'usr/bin/node'));
    chmodSync(join(root, 'usr/bin/node'), 0o755);
    for (const lib of execFileSync('ldd', ['/usr/bin/node'], { encoding: 'utf8' }).match(/\/lib[^\s]*/g) ?? []) {
      mkdirSync(join(root, dirname(lib)), { recursive: true });
      copyFileSync(lib, join(root, lib));
    }
    writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
    chmodSync(join(root, 'tmp'), 0o1777);
    let env = 'ENV PATH=/usr/bin';
    if (npm) {
      mkdirSync(join(root, 'bin'), { recursive: true });
      copyFileSync('/bin/busybox', join(root, 'bin/busybox'));
      chmodSync(join(root, 'bin/busybox'), 0o755);
      for (const tool of ['sh', 'ls', 'cat', 'mkdir', 'rm']) symlinkSync('busybox', join(root, 'bin', tool));
      symlinkSync('/bin/busybox', join(root, 'usr/bin/env'));
      cpSync(NPM, join(root, NPM), { recursive: true });
      symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', join(root, 'usr/bin/npm'));
      mkdirSync(join(root, dirname(CA_BUNDLE)), { recursive: true });
      copyFileSync(CA_BUNDLE, join(root, CA_BUNDLE));
      env = `ENV PATH=/usr/bin:/bin NODE_EXTRA_CA_CERTS=${CA_BUNDLE}`;
    }
    writeFileSync(join(dir, 'Dockerfile'), `FROM scratch\nCOPY rootfs/ /\n${env}\nLABEL hop3.bench.base="${wanted}"\n`);
    docker(['build', '-q', '-t', tag, dir]);
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

/**
 * Wait until the previous deploy's old containers are retired (its drain, then stop and remove,
 * in the background): a person redeploys seconds apart, not within a second of the last deploy,
 * and back to back that retirement's docker work would be counted in the next redeploy.
 */
async function settled(app) {
  const started = performance.now();
  while (docker(['ps', '-aq', '--filter', `label=hop3.app=${app}`]).split('\n').filter(Boolean).length > 1) {
    if (performance.now() - started > 30_000) throw new Error(`the old containers of ${app} were not retired in 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
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

async function round(name, index) {
  const example = join(repo, 'examples', name);
  const BASE = BASES[name].tag;
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
  const app = `bench-${name}-${index}`;
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
      await settled(app);
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
// kit's waitForHttp waits on an unref'd abort timer and fetch: with nothing else running, Node
// could exit mid health gate (code 13). Hold the event loop for the whole run.
const hold = setInterval(() => undefined, 60_000);
const ms = (v) => `${Math.round(v)} ms`;
for (const name of EXAMPLES) {
  if (!(name in BASES)) throw new Error(`BENCH_EXAMPLES: unknown example "${name}" (known: ${Object.keys(BASES).join(', ')})`);
  ensureBase(BASES[name]);
  const results = [];
  for (let i = 0; i < ROUNDS; i++) results.push(await round(name, i));
  report(name, results);
}
clearInterval(hold);

function report(name, results) {
  const firsts = results.map((r) => r.first);
  const redeploys = results.flatMap((r) => r.redeploys);
  const swaps = results.flatMap((r) => r.swaps);
  const healthy = results.map((r) => r.runToHealthy);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const requests = results.reduce((n, r) => n + r.requests, 0);
  const ratio = median(redeploys) / median(firsts);
  const swapOver = median(swaps) - median(healthy);
  console.log(`examples/${name}, ${ROUNDS} rounds × ${REDEPLOYS} code-only redeploys (docker ${docker(['version', '--format', '{{.Server.Version}}'])})`);
  console.log(`  first deploy (build + run + nginx):   median ${ms(median(firsts))}  [${firsts.map(ms).join(', ')}]`);
  console.log(`  code-only redeploy (layer cache):     median ${ms(median(redeploys))}  [${redeploys.map(ms).join(', ')}]`);
  console.log(`  redeploy / first deploy:              ${(ratio * 100).toFixed(1)} %  (target ≤ ${TARGET * 100} %) ${ratio <= TARGET ? 'OK' : 'MISSED'}`);
  console.log(`  requests during redeploys:            ${requests} sent, ${failed} failed  (target 0) ${failed === 0 ? 'OK' : 'MISSED'}`);
  console.log(`  docker run → first answer:            median ${ms(median(healthy))}  [${healthy.map(ms).join(', ')}]`);
  console.log(`  deployer start → proxy switched:      median ${ms(median(swaps))}  [${swaps.map(ms).join(', ')}]`);
  const breakdown = (list) => PHASES.map(([phase]) => `${phase} ${ms(median(list.map((p) => p[phase])))}`).join(', ');
  console.log(`  first deploy, medians:                ${breakdown(results.map((r) => r.firstPhases))}`);
  console.log(`  code-only redeploy, medians:          ${breakdown(results.flatMap((r) => r.phases))}`);
  console.log(`  swap over the container's own start:  ${ms(swapOver)}  (target ≤ ${SWAP_TARGET_MS} ms) ${swapOver <= SWAP_TARGET_MS ? 'OK' : 'MISSED'}`);
}
