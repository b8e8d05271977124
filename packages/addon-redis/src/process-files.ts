import { open, readFile, rm, stat } from 'node:fs/promises';

/** The pid in a pid file, or undefined when the file is missing or holds no sane pid. */
export async function readPid(pidFile: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 1 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True while `pid` is a live process. A zombie counts as dead: daemons are reparented to
 * PID 1, which may take seconds to reap them, and `kill -0` succeeds on a zombie.
 */
export async function isProcessAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    // No /proc (not Linux) or the process just went away: trust kill(0) unless it vanished.
    return process.platform !== 'linux';
  }
}

export async function removeFile(path: string): Promise<void> {
  await rm(path, { force: true });
}

/** Size of a file in bytes, 0 when it does not exist. */
export async function fileSize(path: string): Promise<number> {
  return stat(path).then(
    (info) => info.size,
    () => 0,
  );
}

/** The text a file gained after `offset` (at most `maxBytes`); empty when missing. */
export async function readFrom(path: string, offset: number, maxBytes = 65_536): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return '';
  }
  try {
    const buffer = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes, offset);
    return buffer.toString('utf8', 0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The last `count` lines of a (possibly large) log file; empty when it does not exist. */
export async function tailFile(path: string, count: number, maxBytes = 16_384): Promise<string[]> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return [];
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer
      .toString('utf8')
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .slice(-count);
  } finally {
    await handle.close();
  }
}
