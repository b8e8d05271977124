import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort, isPortOpen, readFileTail, waitUntil } from '@hop3/kit';
import { requirePrograms } from '../helpers/programs.js';

/** A redis-server of a test's own, on 127.0.0.1 with a password and no persistence. */
export interface PrivateRedis {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly password: string;
  /** `redis://default:<password>@127.0.0.1:<port>/0`. */
  readonly url: string;
  readonly dir: string;
  readonly pid: number;
  /** Stop the server and remove its dir. Idempotent. */
  destroy(): Promise<void>;
}

export interface PrivateRedisOptions {
  /** The program (default `redis-server` on PATH). */
  program?: string;
  /** Start-up timeout (default 20 s). */
  timeoutMs?: number;
}

/**
 * Start a private redis-server (own dir, free loopback port, random password, `save ""`) in
 * the foreground of this process; `destroy()` it in `afterAll`. Fails (never skips) when
 * redis-server is not installed.
 */
export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const program = options.program ?? 'redis-server';
  requirePrograms([program], 'apt-get install redis-server');
  const dir = await mkdtemp(join(tmpdir(), 'hop3-redis-'));
  const port = await findFreePort();
  const password = randomBytes(24).toString('hex');
  const logFile = join(dir, 'redis.log');
  // The password goes on stdin's config (`-`), not argv, so `ps` does not show it.
  const child = spawn(program, ['-', '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--logfile', logFile, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.stdin.end(`requirepass ${password}\n`);
  let exited = false;
  child.once('exit', () => (exited = true));
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    await waitUntil(() => exited, { description: 'redis-server to exit', timeoutMs: 10_000 }).catch(() => child.kill('SIGKILL'));
  };
  try {
    // Stop waiting at once when the server exits (a bad option, the port taken meanwhile).
    await waitUntil(async () => exited || (await isPortOpen(port, '127.0.0.1')), {
      description: `redis-server to listen on 127.0.0.1:${port}`,
      timeoutMs: options.timeoutMs ?? 20_000,
    });
    if (exited) throw new Error('redis-server exited at start');
  } catch (error) {
    await stop();
    const tail = (await readFileTail(logFile, 2000).catch(() => [])).join('\n');
    await rm(dir, { recursive: true, force: true });
    throw new Error(`redis-server did not start on 127.0.0.1:${port}: ${(error as Error).message}\n${tail}`);
  }
  return {
    host: '127.0.0.1',
    port,
    password,
    url: `redis://default:${password}@127.0.0.1:${port}/0`,
    dir,
    pid: child.pid as number,
    async destroy() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
