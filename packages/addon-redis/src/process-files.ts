import { open, rm, stat } from 'node:fs/promises';
import { readFileTail, readPidFile } from '@hop3/kit';

/**
 * The pid redis wrote, or undefined. Never 1: a pid file tampered to say "1" must not make us
 * signal init.
 */
export async function readServerPid(pidFile: string): Promise<number | undefined> {
  const pid = await readPidFile(pidFile);
  return pid !== null && pid > 1 ? pid : undefined;
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
  return (await readFileTail(path, maxBytes)).filter((line) => line.trim() !== '').slice(-count);
}
