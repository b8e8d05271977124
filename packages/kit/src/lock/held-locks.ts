import { readFileSync, unlinkSync } from 'node:fs';

// Locks this process holds, by path → token. On a normal exit (process.exit, end of the event
// loop) they are removed even if a `finally` never ran; after a crash or a kill, the next
// acquirer sees the dead pid and takes the lock over.
const held = new Map<string, string>();
let hooked = false;

export function rememberHeldLock(lockPath: string, token: string): void {
  held.set(lockPath, token);
  if (!hooked) {
    hooked = true;
    process.once('exit', releaseHeldLocksSync);
  }
}

export function forgetHeldLock(lockPath: string): void {
  held.delete(lockPath);
}

/** Remove every lock file this process still holds (only those still carrying our token). */
export function releaseHeldLocksSync(): void {
  for (const [lockPath, token] of held) {
    try {
      if (readFileSync(lockPath, 'utf8').includes(token)) unlinkSync(lockPath);
    } catch {
      // already gone or unreadable: nothing of ours to remove
    }
  }
  held.clear();
}
