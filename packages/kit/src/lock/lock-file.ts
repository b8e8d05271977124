import { open, rm, stat, unlink } from 'node:fs/promises';
import { readLockSnapshot, type LockSnapshot } from './lock-owner.js';

/** Create the lock file only if it does not exist; false when someone else holds it. */
export async function tryCreate(lockPath: string, content: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockPath, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content);
    await handle.close();
    return true;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(lockPath, { force: true });
    throw error;
  }
}

// Breaking a stale lock is itself guarded: without it, two waiters could both see the same
// stale file, and the slower one would delete the fresh lock the faster one just created.
const BREAKER_STALE_MS = 10_000;

/**
 * Delete `lockPath` if it is still exactly the stale file seen in `stale` (same inode, same
 * content). Does nothing while another process is breaking it.
 */
export async function breakStaleLock(lockPath: string, stale: LockSnapshot): Promise<void> {
  const breaker = `${lockPath}.break`;
  if (!(await tryCreate(breaker, String(process.pid)))) {
    const info = await stat(breaker).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > BREAKER_STALE_MS) await rm(breaker, { force: true });
    return;
  }
  try {
    const current = await readLockSnapshot(lockPath);
    if (current && current.ino === stale.ino && current.raw === stale.raw) await unlink(lockPath);
  } finally {
    await rm(breaker, { force: true });
  }
}
