import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { deadPid, startChild } from '../test-support/child-process.js';
import { acquireLock } from './acquire-lock.js';
import { releaseHeldLocksSync } from './held-locks.js';
import { readLockOwner } from './lock-owner.js';
import { failure } from '../test-support/failure.js';


const BOOT_ID = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

/** A lock record as another Hop3 process would write it. */
function record(pid: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ pid, hostname: hostname(), bootId: BOOT_ID, acquiredAt: new Date().toISOString(), token: `t-${pid}`, ...extra });
}

/** A separate process that takes the lock file itself (as another hop3 command would) and idles. */
function childHoldingLock(lockPath: string): ReturnType<typeof startChild> {
  return startChild(`
    const fs = require('node:fs');
    const os = require('node:os');
    const fd = fs.openSync(${JSON.stringify(lockPath)}, 'wx');
    fs.writeSync(fd, JSON.stringify({ pid: process.pid, hostname: os.hostname(), bootId: ${JSON.stringify(BOOT_ID)}, acquiredAt: new Date().toISOString(), token: 'child' }));
    fs.closeSync(fd);
    setInterval(() => {}, 1000);
    console.log('ready');
  `);
}

describe('acquireLock', () => {
  let dir: string;
  let count = 0;
  /** A lock path in a fresh app directory that exists (as the app's directory would). */
  const nextPath = async (): Promise<string> => {
    const appDir = join(dir, `app${(count += 1)}`);
    await mkdir(appDir, { recursive: true });
    return join(appDir, 'deploy.lock');
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hop3-kit-lock-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('records the owner and removes the file on release, twice in a row', async () => {
    const path = join(dir, 'created', 'on', 'demand', 'deploy.lock');
    for (let round = 0; round < 2; round += 1) {
      const lock = await acquireLock(path, { timeoutMs: 0 });
      const owner = await readLockOwner(path);
      expect(owner?.pid).toBe(process.pid);
      expect(owner?.hostname).toBe(hostname());
      await lock.release();
      await lock.release();
      expect(await readLockOwner(path)).toBeNull();
    }
  });

  it('makes a second holder wait until the first releases', async () => {
    const path = await nextPath();
    const events: string[] = [];
    const first = await acquireLock(path);
    const second = acquireLock(path, { timeoutMs: 5_000, intervalMs: 20 }).then((lock) => {
      events.push('second acquired');
      return lock;
    });
    await sleep(300);
    events.push('first releasing');
    await first.release();
    const lock = await second;
    expect(events).toEqual(['first releasing', 'second acquired']);
    await lock.release();
  });

  it('fails with HOP3_LOCKED naming the live process that holds it', async () => {
    const path = await nextPath();
    const child = await childHoldingLock(path);
    try {
      const started = performance.now();
      const error = await failure(acquireLock(path, { timeoutMs: 300 }));
      expect(hasErrorCode(error, 'HOP3_LOCKED')).toBe(true);
      expect(error.message).toContain(`process ${child.pid}`);
      expect(error.message).toContain(path);
      expect(error.details.pid).toBe(child.pid);
      expect(performance.now() - started).toBeGreaterThanOrEqual(280);
    } finally {
      child.kill('SIGKILL');
    }
    // Once that process is gone, its lock is stale and taken over.
    await new Promise((resolve) => child.once('exit', resolve));
    const lock = await acquireLock(path, { timeoutMs: 2_000 });
    expect((await readLockOwner(path))?.pid).toBe(process.pid);
    await lock.release();
  });

  it('takes over a lock whose process no longer exists', async () => {
    const path = await nextPath();
    await writeFile(path, record(await deadPid()));
    const lock = await acquireLock(path, { timeoutMs: 0 });
    expect((await readLockOwner(path))?.pid).toBe(process.pid);
    await lock.release();
  });

  it('takes over a lock from before a reboot', async () => {
    const path = await nextPath();
    await writeFile(path, record(process.pid, { bootId: 'another-boot' }));
    const lock = await acquireLock(path, { timeoutMs: 0 });
    await lock.release();
  });

  it('respects a live holder on another host unless the lock is older than staleMs', async () => {
    const path = await nextPath();
    await writeFile(path, record(await deadPid(), { hostname: 'other-host.example' }));
    const error = await failure(acquireLock(path, { timeoutMs: 100 }));
    expect(hasErrorCode(error, 'HOP3_LOCKED')).toBe(true);
    expect(error.message).toContain('on other-host.example');
    const past = new Date(Date.now() - 60_000);
    await utimes(path, past, past);
    const lock = await acquireLock(path, { timeoutMs: 0, staleMs: 30_000 });
    await lock.release();
  });

  it('waits for an unreadable lock file that is fresh and takes over an old one', async () => {
    const path = await nextPath();
    await writeFile(path, '');
    const error = await failure(acquireLock(path, { timeoutMs: 100 }));
    expect(hasErrorCode(error, 'HOP3_LOCKED')).toBe(true);
    expect(error.message).toContain('unreadable');
    const past = new Date(Date.now() - 60_000);
    await utimes(path, past, past);
    const lock = await acquireLock(path, { timeoutMs: 0 });
    await lock.release();
  });

  it('lets exactly one of several waiters take over a stale lock at a time', async () => {
    const path = await nextPath();
    await writeFile(path, record(await deadPid()));
    let active = 0;
    let maxActive = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        const lock = await acquireLock(path, { timeoutMs: 10_000, intervalMs: 10 });
        active += 1;
        maxActive = Math.max(maxActive, active);
        await sleep(50);
        active -= 1;
        await lock.release();
      }),
    );
    expect(maxActive).toBe(1);
  });

  it('says so when this very process already holds the lock', async () => {
    const path = await nextPath();
    const lock = await acquireLock(path);
    const error = await failure(acquireLock(path, { timeoutMs: 50 }));
    expect(error.message).toContain(`this very process (${process.pid})`);
    await lock.release();
  });

  it('does not delete a lock that was taken over from it', async () => {
    const path = await nextPath();
    const lock = await acquireLock(path);
    await writeFile(path, record(process.pid, { token: 'someone-else' }));
    await lock.release();
    expect(await readFile(path, 'utf8')).toContain('someone-else');
  });

  it('removes locks still held when the process exits', async () => {
    const path = await nextPath();
    await acquireLock(path);
    const other = await acquireLock(await nextPath());
    await other.release();
    releaseHeldLocksSync();
    expect(await readLockOwner(path)).toBeNull();
  });
});
