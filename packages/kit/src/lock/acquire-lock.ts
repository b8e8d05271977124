import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { kitError, KitErrorCodes } from '../errors.js';
import { forgetHeldLock, rememberHeldLock } from './held-locks.js';
import { breakStaleLock, tryCreate } from './lock-file.js';
import { currentOwner, describeOwner, isStale, readLockSnapshot, type LockSnapshot } from './lock-owner.js';

export interface LockOptions {
  /** How long to wait for a live holder (default 30 s; 0 = try once). Then `HOP3_LOCKED`. */
  timeoutMs?: number;
  /** Also treat a lock older than this as stale, even if its process seems alive (default: never). */
  staleMs?: number;
  /** Pause between attempts (default 50 ms). */
  intervalMs?: number;
}

export interface Lock {
  readonly path: string;
  /** Remove the lock file if it is still ours. Safe to call more than once. */
  release(): Promise<void>;
}

/**
 * Take the lock at `lockPath`: a file created exclusively (`wx`) that records our pid, host
 * and time. A lock whose process is gone (or older than `staleMs`) is taken over. While a live
 * process holds it, retry until `timeoutMs`, then throw `HOP3_LOCKED` naming the holder.
 * Not re-entrant: a second acquire in the same process waits like anyone else.
 */
export async function acquireLock(lockPath: string, options: LockOptions = {}): Promise<Lock> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 50;
  const { randomUUID } = await import('node:crypto'); // on first use: read-only commands never load crypto
  const token = randomUUID();
  const content = `${JSON.stringify(currentOwner(token))}\n`;
  const deadline = performance.now() + timeoutMs;
  await mkdir(dirname(lockPath), { recursive: true });

  let holder: LockSnapshot | undefined;
  for (;;) {
    if (await tryCreate(lockPath, content)) break;
    holder = await readLockSnapshot(lockPath);
    if (holder && isStale(holder, options.staleMs)) {
      await breakStaleLock(lockPath, holder);
      if (await tryCreate(lockPath, content)) break;
    }
    const remaining = deadline - performance.now();
    if (remaining <= 0) {
      const owner = holder?.owner;
      throw kitError({
        code: KitErrorCodes.locked,
        message: `${lockPath} is held by ${describeOwner(holder)}; waited ${timeoutMs} ms. Another command is working on this; retry when it is done, or delete the file if that process is gone`,
        details: { lockPath, timeoutMs, ...(owner ? { pid: owner.pid, hostname: owner.hostname, acquiredAt: owner.acquiredAt } : {}) },
      });
    }
    await sleep(Math.min(intervalMs, remaining));
  }

  rememberHeldLock(lockPath, token);
  let released = false;
  return {
    path: lockPath,
    async release() {
      if (released) return;
      released = true;
      forgetHeldLock(lockPath);
      // Only delete the file if it is still ours (it may have been taken over as stale).
      const text = await readFile(lockPath, 'utf8').catch(() => '');
      if (text.includes(token)) await rm(lockPath, { force: true });
    },
  };
}
