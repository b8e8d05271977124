import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { appendFile, chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from '@hop3/kit';
import { ensureOsUser } from '../helpers/os-user.js';

/**
 * A throw-away PostgreSQL cluster for integration tests and benchmarks: its own data dir,
 * socket dir and loopback port, run as a non-root user when the test runs as root (initdb and
 * pg_ctl refuse root). Point your addon at `adminUrl`.
 */
export interface PrivatePostgres {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly socketDir: string;
  readonly dataDir: string;
  readonly binDir: string;
  readonly adminUser: 'postgres';
  readonly adminPassword: string;
  /** Superuser over TCP with a password (scram-sha-256). */
  readonly adminUrl: string;
  /** Superuser over the private unix socket (trust auth). */
  readonly socketAdminUrl: string;
  /** Stop the server (fast shutdown); the data dir stays until `destroy()`. Idempotent. */
  stop(): Promise<void>;
  /** Start it again after `stop()`. */
  start(): Promise<void>;
  /** Stop and delete everything. Idempotent. */
  destroy(): Promise<void>;
}

export interface PrivatePostgresOptions {
  /** The non-root OS user that owns and runs the cluster (default `hop3test`, created when missing). */
  osUser?: string;
  /** Where `initdb`, `pg_ctl` live (default: the newest /usr/lib/postgresql/<v>/bin). */
  binDir?: string;
}

const run = promisify(execFile);

/** The newest installed /usr/lib/postgresql/<version>/bin that has `initdb`, if any. */
export function findPostgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = join(root, version, 'bin');
    if (existsSync(join(bin, 'initdb'))) return bin;
  }
  return undefined;
}

/** Start a private cluster; `destroy()` it in `afterAll`. Fails (never skips) when PostgreSQL is not installed. */
export async function startPrivatePostgres(options: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
  const binDir = options.binDir ?? findPostgresBinDir();
  if (!binDir) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)');
  const isRoot = process.getuid?.() === 0;
  const osUser = options.osUser ?? 'hop3test';
  const owner = isRoot ? await ensureOsUser(osUser) : undefined;
  const asUser = (file: string, args: string[]) =>
    isRoot ? run('runuser', ['-u', osUser, '--', file, ...args]) : run(file, args);

  const base = await mkdtemp(join(tmpdir(), 'hop3-pg-'));
  const dataDir = join(base, 'data');
  const socketDir = join(base, 'sock');
  const logFile = join(base, 'server.log');
  const pwFile = join(base, 'pwfile');
  const adminPassword = randomBytes(18).toString('base64url');
  await mkdir(socketDir);
  await writeFile(pwFile, `${adminPassword}\n`, { mode: 0o600 });
  if (owner) {
    for (const path of [base, socketDir, pwFile]) await chown(path, owner.uid, owner.gid);
  }
  await chmod(base, 0o700);

  await asUser(join(binDir, 'initdb'), [
    '-D', dataDir, '-U', 'postgres', `--pwfile=${pwFile}`,
    '--auth-local=trust', '--auth-host=scram-sha-256', '--no-sync', '--encoding=UTF8', '--locale=C',
  ]);
  await rm(pwFile, { force: true });
  const port = await findFreePort();
  // Settings go in the config file rather than pg_ctl -o, which pg_ctl hands to a shell.
  await appendFile(
    join(dataDir, 'postgresql.conf'),
    [
      '',
      '# hop3 private test cluster',
      `port = ${port}`,
      `unix_socket_directories = '${socketDir}'`,
      "listen_addresses = '127.0.0.1'",
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      '',
    ].join('\n'),
  );

  let running = false;
  const start = async () => {
    if (running) return;
    await asUser(join(binDir, 'pg_ctl'), ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start']);
    running = true;
  };
  const stop = async () => {
    if (!running) return;
    await asUser(join(binDir, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
    running = false;
  };
  await start();

  return {
    host: '127.0.0.1',
    port,
    socketDir,
    dataDir,
    binDir,
    adminUser: 'postgres',
    adminPassword,
    adminUrl: `postgres://postgres:${encodeURIComponent(adminPassword)}@127.0.0.1:${port}/postgres`,
    socketAdminUrl: `postgres://postgres@${encodeURIComponent(socketDir)}:${port}/postgres`,
    start,
    stop,
    async destroy() {
      await stop().catch(() => undefined);
      await rm(base, { recursive: true, force: true });
    },
  };
}
