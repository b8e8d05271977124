#!/usr/bin/env node
// Redis addon benchmark: our create / backup / restore next to the bare operations they wrap,
// measured in the same run on the same 100,000-key service (these machines are noisy, so only
// the ratio means something). Target: overhead ≤ 25 %.
//
//   npx turbo run build --filter=hop3-plugin-addon-redis... && node bench/addons-redis.bench.mjs
//
// Env: BENCH_KEYS (default 100000), BENCH_ROUNDS (default 7).
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLayout } from '@hop3/core';
import { RedisAddon } from 'hop3-plugin-addon-redis';
import { createClient } from 'redis';
import { median } from './support.mjs';

const KEYS = Number(process.env.BENCH_KEYS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const POLL_MS = 5; // the same polling step as the addon, so the bare paths are not handicapped

const root = await mkdtemp(join(tmpdir(), 'hop3-redis-bench-'));
const runtime = {
  layout: createLayout(root),
  env: { HOP3_ROOT: root, HOP3_REDIS_PORTS: '16900-16999' },
  log: { info() {}, warn: (m) => console.warn(m), debug() {} },
};

async function timed(fn) {
  const started = performance.now();
  const result = await fn();
  return { ms: performance.now() - started, result };
}

async function withRedis(url, fn) {
  const client = createClient({ url, socket: { reconnectStrategy: false } });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    if (client.isOpen) client.destroy(); // SHUTDOWN closes it for us
  }
}

function persistence(text) {
  return Object.fromEntries(
    text
      .split(/\r?\n/)
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]),
  );
}

const portOpen = (port) =>
  new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

const exists = (path) => stat(path).then(() => true, () => false);

function run(file, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited with ${code}`))));
  });
}

/**
 * A minimal RESP connection for the bare paths: one socket, one command at a time, replies
 * of the simple kinds (+, -, :, $). As light as the addon's own client, so only the addon's
 * extra steps show up in the ratio.
 */
class BareResp {
  static connect(port) {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.setNoDelay(true);
        resolve(new BareResp(socket));
      });
      socket.once('error', reject);
    });
  }
  constructor(socket) {
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    this.waiter = undefined;
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    socket.on('close', () => this.waiter?.resolve(null));
    socket.on('error', () => {});
  }
  drain() {
    if (!this.waiter) return;
    const end = this.buffer.indexOf('\r\n');
    if (end < 0) return;
    const type = String.fromCharCode(this.buffer[0]);
    const line = this.buffer.toString('utf8', 1, end);
    let value;
    let used = end + 2;
    if (type === '$') {
      const length = Number(line);
      if (length < 0) value = null;
      else {
        if (this.buffer.length < used + length + 2) return;
        value = this.buffer.toString('utf8', used, used + length);
        used += length + 2;
      }
    } else value = line;
    this.buffer = this.buffer.subarray(used);
    const { resolve, reject } = this.waiter;
    this.waiter = undefined;
    if (type === '-') reject(new Error(value));
    else resolve(value);
  }
  command(args) {
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`);
    });
  }
  close() {
    this.socket.destroy();
  }
}

async function withResp(port, password, fn) {
  const client = await BareResp.connect(port);
  try {
    await client.command(['AUTH', password]);
    return await fn(client);
  } finally {
    client.close();
  }
}

/** PING until the server answers with its data loaded. */
async function waitReady(port, password) {
  for (;;) {
    try {
      if (await withResp(port, password, async (c) => persistence(await c.command(['INFO', 'persistence'])).loading === '0')) return;
    } catch {
      // not up yet
    }
    await sleep(POLL_MS);
  }
}

// ---- bare operations ------------------------------------------------------------------------

/** Bare create: write a config, launch redis-server, wait for PING. */
async function bareCreate(dir, port, password) {
  await mkdir(dir, { recursive: true });
  const config = join(dir, 'redis.conf');
  await writeFile(
    config,
    [`port ${port}`, 'bind 127.0.0.1', 'daemonize yes', `pidfile ${dir}/redis.pid`, `logfile ${dir}/redis.log`, `dir ${dir}`, `requirepass ${password}`, 'save ""', ''].join('\n'),
  );
  await run('redis-server', [config]);
  await waitReady(port, password);
}

/** Bare backup: BGSAVE and wait for it to finish (no copy, no checks). */
async function bareBgsave(port, password) {
  await withResp(port, password, async (client) => {
    const before = Number(persistence(await client.command(['INFO', 'persistence'])).rdb_saves);
    await client.command(['BGSAVE']);
    for (;;) {
      const p = persistence(await client.command(['INFO', 'persistence']));
      if (p.rdb_bgsave_in_progress === '0' && Number(p.rdb_saves) > before) return;
      await sleep(POLL_MS);
    }
  });
}

/** Bare restore: SHUTDOWN (NOSAVE or SAVE), wait for the pid file and port, copy the dump, start, wait. */
async function bareRestore(port, password, paths, backup, mode) {
  await withResp(port, password, (client) => client.command(['SHUTDOWN', mode]));
  while ((await exists(paths.pidFile)) || (await portOpen(port))) await sleep(POLL_MS);
  await copyFile(backup, paths.dump);
  await run('redis-server', [paths.config]);
  await waitReady(port, password);
}

// ---- the run ----------------------------------------------------------------------------------

const results = [];
function report(label, ours, bare) {
  const o = median(ours);
  const b = median(bare);
  const overhead = (o / b - 1) * 100;
  results.push({ label, ours: o, bare: b, overhead });
}

try {
  // create: a fresh service each round (ours) vs a bare server each round.
  const createOurs = [];
  const createBare = [];
  for (let i = 0; i < ROUNDS; i++) {
    const addon = new RedisAddon(`bench-create-${i}`, runtime);
    createOurs.push((await timed(() => addon.create())).ms);
    await addon.destroy();
    const dir = join(root, 'bare', String(i));
    const port = 16800 + i;
    createBare.push((await timed(() => bareCreate(dir, port, 'x'.repeat(43)))).ms);
    await withResp(port, 'x'.repeat(43), (c) => c.command(['SHUTDOWN', 'NOSAVE']));
    while (await portOpen(port)) await sleep(POLL_MS);
  }
  report('create (new service, empty)', createOurs, createBare);

  // The service under test, filled with KEYS keys.
  const addon = new RedisAddon('bench', runtime);
  await addon.create();
  const { REDIS_URL: url, REDIS_PORT, REDIS_PASSWORD: password } = await addon.getConnectionDetails();
  const port = Number(REDIS_PORT);
  const dir = join(runtime.layout.addonDir('redis'), 'bench');
  const paths = { config: join(dir, 'redis.conf'), pidFile: join(dir, 'redis.pid'), dump: join(dir, 'data', 'dump.rdb') };
  const fill = await timed(() =>
    withRedis(url, async (client) => {
      const batch = 10_000;
      for (let start = 0; start < KEYS; start += batch) {
        const writes = [];
        for (let i = start; i < Math.min(KEYS, start + batch); i++) writes.push(client.set(`key:${i}`, `value-${i}-${'x'.repeat(16)}`));
        await Promise.all(writes);
      }
      return client.dbSize();
    }),
  );
  console.log(`filled ${fill.result} keys in ${fill.ms.toFixed(0)} ms`);

  // backup: alternate ours and bare so drift hits both alike.
  const backupOurs = [];
  const backupBare = [];
  let backupPath;
  for (let i = 0; i < ROUNDS; i++) {
    const ours = await timed(() => addon.backup());
    backupOurs.push(ours.ms);
    backupPath = ours.result;
    backupBare.push((await timed(() => bareBgsave(port, password))).ms);
  }
  report(`backup (${KEYS} keys)`, backupOurs, backupBare);
  const dumpBytes = (await stat(backupPath)).size;

  // restore: each round first dirties the data, so ours has to keep the current data aside.
  // Two bare baselines: SHUTDOWN NOSAVE (throws the current data away, the absolute minimum)
  // and SHUTDOWN SAVE (the addon's own stop; also what keeping the old data costs).
  const restoreOurs = [];
  const restoreOursClean = [];
  const restoreBareNosave = [];
  const restoreBareSave = [];
  const dirty = (i) => withRedis(url, (c) => c.set('dirty', String(i)));
  for (let i = 0; i < ROUNDS; i++) {
    await dirty(i);
    restoreOurs.push((await timed(() => addon.restore(backupPath))).ms);
    // Straight after a restore the data equals the dump: the clean path (no save needed).
    restoreOursClean.push((await timed(() => addon.restore(backupPath))).ms);
    await dirty(i);
    restoreBareNosave.push((await timed(() => bareRestore(port, password, paths, backupPath, 'NOSAVE'))).ms);
    await dirty(i);
    restoreBareSave.push((await timed(() => bareRestore(port, password, paths, backupPath, 'SAVE'))).ms);
  }
  report('restore, dirty data vs bare NOSAVE', restoreOurs, restoreBareNosave);
  report('restore, dirty data vs bare SAVE', restoreOurs, restoreBareSave);
  report('restore, data already saved vs bare NOSAVE', restoreOursClean, restoreBareNosave);

  const keysAfter = await withRedis(url, (c) => c.dbSize());
  if (keysAfter !== KEYS) throw new Error(`expected ${KEYS} keys after the restores, found ${keysAfter}`);
  await addon.destroy();

  console.log(`\nredis addon benchmark — ${KEYS} keys, dump ${(dumpBytes / 1e6).toFixed(1)} MB, median of ${ROUNDS} rounds\n`);
  console.log('operation                                   ours ms   bare ms   overhead');
  for (const r of results) {
    const flag = r.overhead <= 25 ? '' : '  (over the 25 % target)';
    console.log(`${r.label.padEnd(42)} ${r.ours.toFixed(1).padStart(8)} ${r.bare.toFixed(1).padStart(9)} ${`${r.overhead >= 0 ? '+' : ''}${r.overhead.toFixed(1)} %`.padStart(10)}${flag}`);
  }
} finally {
  // Stop anything still running under the bench root before deleting it.
  for (const name of ['bench', ...Array.from({ length: ROUNDS }, (_, i) => `bench-create-${i}`)]) {
    await new RedisAddon(name, runtime).destroy().catch(() => {});
  }
  for (let i = 0; i < ROUNDS; i++) {
    const pid = Number(await readFile(join(root, 'bare', String(i), 'redis.pid'), 'utf8').catch(() => ''));
    if (pid > 1) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {}
    }
  }
  await rm(root, { recursive: true, force: true });
}
