#!/usr/bin/env node
// Proxy overhead benchmark: requests/s and p99 latency through the embedded nginx versus straight
// to the app's uWSGI HTTP port, alternating in the same run, with wrk. Issue target: through
// nginx ≥ 90 % of the direct throughput.
//
//   npx turbo run build --output-logs=errors-only && node bench/proxy.bench.mjs
//
// Deploys examples/python-wsgi into a temp HOP3_ROOT, scales it to 2 uWSGI workers
// (`hop3 scale APP web=2`), then runs wrk BENCH_ROUNDS times against each target, alternating.
// Env: BENCH_ROUNDS (default 3), BENCH_DURATION (seconds per wrk run, default 10),
// BENCH_THREADS (default 2), BENCH_CONNECTIONS (default 32), BENCH_PATH (default /).
// Needs wrk (Debian: apt-get install -y wrk; installed automatically when running as root).
//
// Then TLS, in the same run: the time `hop3 certs issue` takes against a private pebble (Let's
// Encrypt's test ACME server, Debian package `pebble`; BENCH_ISSUES orders, default 3, median),
// and requests/s over HTTPS (HTTP/2-capable listener; wrk speaks HTTP/1.1) vs plain HTTP through
// the same nginx site, alternating, with the ratio.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, privateHop3Env } from './support.mjs';

const ISSUES = Number(process.env.BENCH_ISSUES ?? 3);
const TLS_APP = 'bench-tls';
// wrk sends the URL's host as SNI, and "localhost" resolves here. Local names are left off ACME
// certificates, so for it nginx serves the app's ACME certificate anyway (wrk does not verify):
// the TLS work per request is the same.
const TLS_HOSTS = ['localhost', 'bench-tls.example.test', 'www.bench-tls.example.test'];

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const THREADS = Number(process.env.BENCH_THREADS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PATH = process.env.BENCH_PATH ?? '/';
const TARGET = 0.9;
const APP = 'bench-proxy';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(repo, 'packages/cli/dist/bin.js');
const example = join(repo, 'examples/python-wsgi');

if (!existsSync(bin)) {
  console.error(`${bin} is missing: run \`npx turbo run build --output-logs=errors-only\` first.`);
  process.exit(1);
}

const hasWrk = () => spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
if (!hasWrk()) {
  if (process.getuid?.() === 0) {
    console.log('wrk is missing: apt-get install -y wrk');
    const install = spawnSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (install.status !== 0 || !hasWrk()) {
      console.error('Could not install wrk (try `apt-get update && apt-get install -y wrk`).');
      process.exit(1);
    }
  } else {
    console.error('This benchmark needs wrk: sudo apt-get install -y wrk');
    process.exit(1);
  }
}

function capture(file, args, env) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(file, args, { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

async function hop3(args, env) {
  const result = await capture(process.execPath, [bin, ...args], env);
  if (result.code !== 0) throw new Error(`hop3 ${args.join(' ')} exited with ${result.code}\n${result.stdout.trim()}\n${result.stderr.trim().split('\n').slice(-15).join('\n')}`);
  return result;
}

/** wrk's durations ("850.00us", "1.23ms", "2.01s", "1.00m") in ms. */
function durationMs(text) {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) return NaN;
  return Number(m[1]) * { us: 0.001, ms: 1, s: 1000, m: 60_000 }[m[2]];
}

function parseWrk(out) {
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p99 = durationMs(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? '');
  const p50 = durationMs(/^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? '');
  const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const [connect, read, write, timeout] = socket ? socket.slice(1).map(Number) : [0, 0, 0, 0];
  return { rps, p50, p99, requests, non2xx, connect, read, write, timeout };
}

async function wrk(url, headers, seconds) {
  const args = [`-t${THREADS}`, `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency'];
  for (const h of headers) args.push('-H', h);
  args.push(url);
  const result = await capture('wrk', args, process.env);
  if (result.code !== 0) throw new Error(`wrk exited with ${result.code}: ${result.stderr.trim()}`);
  const parsed = parseWrk(result.stdout);
  if (!Number.isFinite(parsed.rps) || !Number.isFinite(parsed.p99)) throw new Error(`could not read wrk's output:\n${result.stdout}`);
  return parsed;
}

/** One GET to 127.0.0.1 (the Host header picks the nginx site; fetch would not let us set it). */
function probe(url, host) {
  return new Promise((resolveProbe, reject) => {
    const req = request(url, { headers: host ? { Host: host } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d) => (body += d));
      res.on('end', () => resolveProbe({ status: res.statusCode, body }));
    });
    req.once('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer from ${url} within 10 s`)));
    req.end();
  });
}

const fmtRps = (n) => (Number.isFinite(n) ? n.toFixed(0) : '—');
const fmtMs = (n) => (Number.isFinite(n) ? `${n.toFixed(2)} ms` : '—');
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

let root;
let env;
let failed = false;
let interrupted = false;

async function main() {
  root = await mkdtemp(join(tmpdir(), 'hop3-proxy-bench-'));
  env = await privateHop3Env(root);
  delete env.HOP3_DEBUG;
  const http = env.HOP3_HTTP_PORT;

  await hop3(['deploy', example, '--app', APP, '--json'], env);
  await hop3(['scale', APP, 'web=2', '--json'], env);
  const status = JSON.parse((await hop3(['status', APP, '--json'], env)).stdout);
  const workers = Object.values(status.processes ?? {}).reduce((a, b) => a + b, 0);
  const directPort = status.backend?.port;
  if (!directPort) throw new Error(`hop3 status gave no backend port: ${JSON.stringify(status.backend)}`);

  // uWSGI's http-socket answers without Content-Length or keep-alive and closes the connection
  // after each response (wrk reconnects and counts each close as a "read" socket error), while
  // nginx keeps wrk's connections open. So a third target: nginx with `Connection: close`, which
  // pays the same TCP set-up per request as the direct path.
  const targets = [
    { name: 'nginx', url: `http://127.0.0.1:${http}${PATH}`, headers: [`Host: ${APP}.localhost`] },
    { name: 'direct', url: `http://127.0.0.1:${directPort}${PATH}`, headers: [] },
    { name: 'nginx-close', url: `http://127.0.0.1:${http}${PATH}`, headers: [`Host: ${APP}.localhost`, 'Connection: close'] },
  ];
  // Both must answer the same page before we load them (the scale may still be rolling out).
  for (const t of targets) {
    let answer;
    for (let i = 0; i < 50; i++) {
      answer = await probe(t.url, t.headers[0]?.slice(6)).catch((e) => ({ status: 0, body: e.message }));
      if (answer.status === 200 && answer.body.includes('Hello from Hop3')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    if (answer.status !== 200) throw new Error(`${t.name} (${t.url}) answers ${answer.status}: ${answer.body.slice(0, 200)}`);
  }

  console.log(
    `proxy: ${APP} (examples/python-wsgi), ${workers} uWSGI worker(s) in one vassal; nginx 127.0.0.1:${http} (uwsgi protocol on ${status.backend.address}) vs direct http-socket 127.0.0.1:${directPort}`,
  );
  console.log(`wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION}s --latency ${PATH}, ${ROUNDS} round(s) per target, alternating; ${cpus().length} cores shared by wrk, nginx and uWSGI\n`);

  // A short warm-up of each path (first requests, nginx upstream connections, Python imports).
  for (const t of targets) await wrk(t.url, t.headers, 2);

  const results = Object.fromEntries(targets.map((t) => [t.name, []]));
  for (let r = 0; r < ROUNDS && !interrupted; r++) {
    // Alternate which target goes first, so drift in the machine's load hits both.
    const order = r % 2 === 0 ? targets : [...targets].reverse();
    if (interrupted) break;
    for (const t of order) {
      if (interrupted) break;
      const res = await wrk(t.url, t.headers, DURATION);
      results[t.name].push(res);
      const notes = [];
      if (res.non2xx) notes.push(`non-2xx ${res.non2xx}`);
      if (res.read) notes.push(`closed by server ${res.read}`);
      if (res.connect || res.write || res.timeout) notes.push(`socket errors connect ${res.connect}, write ${res.write}, timeout ${res.timeout}`);
      const bad = notes.length ? `  (${notes.join('; ')})` : '';
      console.log(`  round ${r + 1} ${pad(t.name, 11)} ${lpad(fmtRps(res.rps), 7)} req/s  p50 ${lpad(fmtMs(res.p50), 9)}  p99 ${lpad(fmtMs(res.p99), 9)}${bad}`);
    }
  }

  const summary = Object.fromEntries(
    Object.entries(results).map(([name, list]) => [name, { rps: median(list.map((x) => x.rps)), p50: median(list.map((x) => x.p50)), p99: median(list.map((x) => x.p99)) }]),
  );
  const pct = (x) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : '—');
  const verdict = (x) => (Number.isFinite(x) ? (x >= TARGET ? 'met' : 'missed') : '');
  console.log(`\nMedians of ${ROUNDS} run(s):\n`);
  console.log(`${pad('target', 13)}${lpad('req/s', 9)}${lpad('p50', 11)}${lpad('p99', 11)}${lpad('vs direct', 11)}`);
  for (const t of targets) {
    const s = summary[t.name];
    console.log(`${pad(t.name, 13)}${lpad(fmtRps(s.rps), 9)}${lpad(fmtMs(s.p50), 11)}${lpad(fmtMs(s.p99), 11)}${lpad(pct(s.rps / summary.direct.rps), 11)}`);
  }
  const ratio = summary.nginx.rps / summary.direct.rps;
  const closeRatio = summary['nginx-close'].rps / summary.direct.rps;
  console.log(`\nthroughput nginx / direct:       ${pct(ratio)}   target ≥ ${TARGET * 100} % (${verdict(ratio)})`);
  console.log(`  same, both new connection/req: ${pct(closeRatio)}   target ≥ ${TARGET * 100} % (${verdict(closeRatio)})`);
  console.log(`p99 nginx / direct: ${fmtMs(summary.nginx.p99)} / ${fmtMs(summary.direct.p99)} (${(summary.nginx.p99 / summary.direct.p99).toFixed(2)}×); nginx-close ${fmtMs(summary['nginx-close'].p99)}`);
  console.log(`\nOne machine, ${cpus().length} cores shared by wrk, nginx and uWSGI: nginx's CPU comes out of the app's, so this is an upper bound on the overhead.`);
  if (!interrupted) await tlsBench();
}

let pebble;

/** Issue time against pebble, then HTTPS vs HTTP through nginx for an app with an ACME certificate. */
async function tlsBench() {
  const { startPrivatePebble } = await import('../packages/testkit/dist/index.js');
  pebble = await startPrivatePebble({ httpPort: Number(env.HOP3_HTTP_PORT) });
  Object.assign(env, pebble.env);
  await hop3(['deploy', example, '--app', TLS_APP, '--host', TLS_HOSTS.join(','), '--json'], env);
  await hop3(['scale', TLS_APP, 'web=2', '--json'], env);

  const issueMs = [];
  for (let i = 0; i < ISSUES && !interrupted; i++) {
    const started = performance.now();
    await hop3(['certs', 'issue', TLS_APP, '--json'], env);
    issueMs.push(performance.now() - started);
  }
  const cert = JSON.parse((await hop3(['certs', TLS_APP, '--json'], env)).stdout);
  console.log(`\nTLS: ${TLS_APP} with an ACME certificate from a private pebble (${cert.names.join(', ')}; ${cert.issuer})`);
  console.log(`  hop3 certs issue (${cert.names.length} name(s), HTTP-01 through nginx, nginx -t + graceful reload, CLI start-up included): ${issueMs.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')}; median ${(median(issueMs) / 1000).toFixed(2)} s`);

  const https = env.HOP3_HTTPS_PORT;
  const tlsTargets = [
    { name: 'https', url: `https://localhost:${https}${PATH}`, headers: [] },
    { name: 'http', url: `http://localhost:${env.HOP3_HTTP_PORT}${PATH}`, headers: [] },
  ];
  for (const t of tlsTargets) await wrk(t.url, t.headers, 2);
  const results = { https: [], http: [] };
  for (let r = 0; r < ROUNDS && !interrupted; r++) {
    const order = r % 2 === 0 ? tlsTargets : [...tlsTargets].reverse();
    for (const t of order) {
      if (interrupted) break;
      const res = await wrk(t.url, t.headers, DURATION);
      results[t.name].push(res);
      const bad = res.non2xx || res.connect || res.read || res.write || res.timeout ? `  (non-2xx ${res.non2xx}, socket errors ${res.connect}/${res.read}/${res.write}/${res.timeout})` : '';
      console.log(`  round ${r + 1} ${pad(t.name, 6)} ${lpad(fmtRps(res.rps), 7)} req/s  p50 ${lpad(fmtMs(res.p50), 9)}  p99 ${lpad(fmtMs(res.p99), 9)}${bad}`);
    }
  }
  const rpsOf = (name) => median(results[name].map((x) => x.rps));
  const p99Of = (name) => median(results[name].map((x) => x.p99));
  console.log(`\nhttps / http through nginx (keep-alive, ${CONNECTIONS} connections): ${fmtRps(rpsOf('https'))} / ${fmtRps(rpsOf('http'))} req/s = ${((rpsOf('https') / rpsOf('http')) * 100).toFixed(1)} %; p99 ${fmtMs(p99Of('https'))} / ${fmtMs(p99Of('http'))}`);
}

async function cleanup() {
  if (!root) return;
  const steps = [
    () => hop3(['destroy', APP, '--yes'], env),
    () => hop3(['destroy', TLS_APP, '--yes'], env),
    () => hop3(['server', 'stop'], env),
    async () => pebble?.stop(),
  ];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      console.error(`cleanup: ${error.message.split('\n')[0]}`);
    }
  }
  await rm(root, { recursive: true, force: true });
  root = undefined;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    interrupted = true;
    failed = true;
    console.error(`\n${signal}: stopping after the current wrk run and cleaning up`);
    setTimeout(() => process.exit(130), 60_000).unref();
  });
}

try {
  await main();
} catch (error) {
  failed = true;
  console.error(`proxy bench failed: ${error.message}`);
} finally {
  await cleanup();
}
process.exitCode = failed ? 1 : 0;
