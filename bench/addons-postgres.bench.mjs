#!/usr/bin/env node
// Benchmark of the postgres addon against the bare tools, on the same database in the same run.
//
//   npx turbo run build --filter=hop3-plugin-addon-postgres && node bench/addons-postgres.bench.mjs
//
// Starts a private PostgreSQL cluster (as a non-root user when run as root), creates a service
// holding 100,000 rows, then times, alternating and ROUNDS times each:
//   create  : addon.create()                      vs  CREATE ROLE + CREATE DATABASE over one session
//   backup  : addon.backup()                      vs  pg_dump -Fc
//   restore : addon.restore(dump) (staging + swap) vs  pg_restore --clean --if-exists --single-transaction
// and prints medians with the overhead ratio (target: ≤ 1.25, i.e. at most 25% over the bare tools).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { appendFile, chmod, chown, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLayout } from '@hop3/core';
import { PostgresAddon } from '../packages/addon-postgres/dist/index.js';
import pg from 'pg';
import { freePort, median } from './support.mjs';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const OS_USER = 'hop3test';
const run = promisify(execFile);

function binDir() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => b - a) : [];
  const found = versions.map((v) => join(root, v, 'bin')).find((dir) => existsSync(join(dir, 'initdb')));
  if (!found) throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql');
  return found;
}

/** initdb + pg_ctl start in a temp dir; returns the admin URL and a stop function. */
async function startCluster() {
  const bin = binDir();
  const asRoot = process.getuid() === 0;
  if (asRoot) await run('id', ['-u', OS_USER]).catch(() => run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', '--user-group', OS_USER]));
  const asUser = (file, args) => (asRoot ? run('runuser', ['-u', OS_USER, '--', file, ...args]) : run(file, args));
  const base = await mkdtemp(join(tmpdir(), 'hop3-pg-bench-'));
  const data = join(base, 'data');
  const sock = join(base, 'sock');
  const pwFile = join(base, 'pw');
  const password = randomBytes(18).toString('base64url');
  await mkdir(sock);
  await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  if (asRoot) {
    const uid = Number((await run('id', ['-u', OS_USER])).stdout);
    const gid = Number((await run('id', ['-g', OS_USER])).stdout);
    for (const path of [base, sock, pwFile]) await chown(path, uid, gid);
  }
  await chmod(base, 0o700);
  await asUser(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', `--pwfile=${pwFile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '--no-sync', '--encoding=UTF8', '--locale=C']);
  const port = await freePort();
  await appendFile(join(data, 'postgresql.conf'), `\nport = ${port}\nunix_socket_directories = '${sock}'\nlisten_addresses = '127.0.0.1'\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n`);
  await asUser(join(bin, 'pg_ctl'), ['-D', data, '-l', join(base, 'log'), '-w', 'start']);
  return {
    bin,
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await asUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
      await rm(base, { recursive: true, force: true });
    },
  };
}

async function query(url, sql, values = []) {
  const { Client } = pg;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function time(fn) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}


async function main() {
  const cluster = await startCluster();
  const root = await mkdtemp(join(tmpdir(), 'hop3-bench-root-'));
  const runtime = {
    layout: createLayout(root),
    env: { HOP3_POSTGRES_ADMIN_URL: cluster.adminUrl },
    log: { info() {}, warn() {}, debug() {} },
  };
  try {
    const results = { create: { ours: [], bare: [] }, backup: { ours: [], bare: [] }, restore: { ours: [], bare: [] } };

    // create: a fresh service each round vs the two bare statements.
    for (let i = 0; i < ROUNDS; i += 1) {
      const addon = new PostgresAddon(`bench-create-${i}`, runtime);
      results.create.ours.push(await time(() => addon.create()));
      const bare = `bare_create_${i}`;
      results.create.bare.push(
        await time(async () => {
          const { Client } = pg;
          const client = new Client({ connectionString: cluster.adminUrl });
          await client.connect();
          await client.query(`CREATE ROLE ${bare} LOGIN PASSWORD 'x'`);
          await client.query(`CREATE DATABASE ${bare} OWNER ${bare}`);
          await client.end();
        }),
      );
      await addon.destroy();
      await query(cluster.adminUrl, `DROP DATABASE ${bare}`);
      await query(cluster.adminUrl, `DROP ROLE ${bare}`);
    }

    const addon = new PostgresAddon('bench', runtime);
    await addon.create();
    const details = await addon.getConnectionDetails();
    await query(
      details.DATABASE_URL,
      `CREATE TABLE rows (id bigserial PRIMARY KEY, label text, amount numeric(12,2), at timestamptz, doc jsonb);
       INSERT INTO rows (label, amount, at, doc)
         SELECT 'row ' || g || ' žluť', g / 7.0, now() - g * interval '1 minute', jsonb_build_object('g', g, 'even', g % 2 = 0)
         FROM generate_series(1, ${ROWS}) g;
       ANALYZE rows;`,
    );
    const env = {
      ...process.env,
      PGHOST: details.PGHOST,
      PGPORT: details.PGPORT,
      PGUSER: details.PGUSER,
      PGPASSWORD: details.PGPASSWORD,
      PGDATABASE: details.PGDATABASE,
    };
    const bareDump = join(root, 'bare.dump');
    let ourDump = '';
    for (let i = 0; i < ROUNDS; i += 1) {
      results.backup.ours.push(await time(async () => (ourDump = await addon.backup())));
      results.backup.bare.push(await time(() => run(join(cluster.bin, 'pg_dump'), ['-Fc', '-f', bareDump], { env })));
    }
    for (let i = 0; i < ROUNDS; i += 1) {
      results.restore.ours.push(await time(() => addon.restore(ourDump)));
      results.restore.bare.push(
        await time(() =>
          run(join(cluster.bin, 'pg_restore'), ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', '-d', details.PGDATABASE, bareDump], { env }),
        ),
      );
    }
    const [{ count }] = await query(details.DATABASE_URL, 'SELECT count(*)::int AS count FROM rows');
    if (count !== ROWS) throw new Error(`expected ${ROWS} rows after the restores, found ${count}`);

    const dumpSize = (await stat(ourDump)).size;
    console.log(`postgres addon vs bare tools: ${ROWS.toLocaleString('en')} rows, dump ${(dumpSize / 1e6).toFixed(1)} MB, median of ${ROUNDS} rounds`);
    console.log('step      ours (ms)   bare (ms)   ratio');
    for (const [step, { ours, bare }] of Object.entries(results)) {
      const o = median(ours);
      const b = median(bare);
      console.log(`${step.padEnd(8)} ${o.toFixed(1).padStart(10)} ${b.toFixed(1).padStart(11)} ${(o / b).toFixed(2).padStart(7)}`);
    }
    console.log('target: backup and restore ratio ≤ 1.25 (create compares to two bare statements, for context)');
    await addon.destroy();
  } finally {
    await cluster.stop();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
