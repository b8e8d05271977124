import { readFileSync } from 'node:fs';

/** True for a value that can name one process (not 0 or a negative process-group id). */
export function isValidPid(pid: unknown): pid is number {
  return typeof pid === 'number' && Number.isSafeInteger(pid) && pid > 0 && pid <= 2 ** 31 - 1;
}

/** A zombie has exited but was not reaped by its parent yet: it answers signal 0 but is gone. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false; // no /proc (not Linux) or the process just went away: trust the signal
  }
}

/**
 * True when process `pid` exists (signal 0). EPERM means it exists but belongs to another
 * user: alive. Zombies count as exited. Never throws; an invalid pid is simply not alive.
 */
export function isProcessAlive(pid: number): boolean {
  if (!isValidPid(pid)) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}
