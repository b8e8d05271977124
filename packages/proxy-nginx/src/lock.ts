import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Hop3Error } from '@hop3/core';

// A private lock until `withLock` lands in @hop3/kit: an O_EXCL lock file holding the owner's
// pid (a dead owner's lock is taken over), plus an in-process queue so two setups in one
// process wait for each other instead of polling.

const queues = new Map<string, Promise<unknown>>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function acquire(path: string, timeoutMs: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(path, 'wx', 0o644);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && !isAlive(owner)) {
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Hop3Error('HOP3_LOCKED', `Timed out after ${timeoutMs} ms waiting for the lock ${path} (held by pid ${owner || 'unknown'})`, {
        details: { lock: path, owner: owner || null },
      });
    }
    await sleep(50);
  }
}

/** Run `fn` while holding the lock file at `path` (one holder across processes and within this one). */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: { timeoutMs?: number } = {}): Promise<T> {
  const previous = queues.get(path) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(async () => {
    await acquire(path, options.timeoutMs ?? 60_000);
    try {
      return await fn();
    } finally {
      await rm(path, { force: true });
    }
  });
  const tail = run.catch(() => undefined);
  queues.set(path, tail);
  void tail.then(() => {
    if (queues.get(path) === tail) queues.delete(path);
  });
  return run;
}
