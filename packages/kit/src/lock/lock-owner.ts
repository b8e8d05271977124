import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { hostname } from 'node:os';
import { isProcessAlive, isValidPid } from '../process/is-process-alive.js';

/** What a lock file records about the process holding it. */
export interface LockOwner {
  pid: number;
  hostname: string;
  /** Linux boot id: a pid from before a reboot means nothing now. */
  bootId?: string | undefined;
  acquiredAt: string;
  /** Random per acquisition, so a holder only ever deletes its own lock. */
  token: string;
}

/** A lock file as found on disk: its raw text, identity and parsed owner (if readable). */
export interface LockSnapshot {
  raw: string;
  ino: number;
  mtimeMs: number;
  owner: LockOwner | undefined;
}

function readBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

const BOOT_ID = readBootId();
const HOSTNAME = hostname();

export function currentOwner(token: string): LockOwner {
  return { pid: process.pid, hostname: HOSTNAME, bootId: BOOT_ID, acquiredAt: new Date().toISOString(), token };
}

function parseOwner(raw: string): LockOwner | undefined {
  try {
    const value = JSON.parse(raw) as Partial<LockOwner>;
    if (!isValidPid(value.pid) || typeof value.token !== 'string') return undefined;
    return {
      pid: value.pid,
      hostname: typeof value.hostname === 'string' ? value.hostname : '',
      bootId: typeof value.bootId === 'string' ? value.bootId : undefined,
      acquiredAt: typeof value.acquiredAt === 'string' ? value.acquiredAt : '',
      token: value.token,
    };
  } catch {
    return undefined;
  }
}

/** The lock file's current state, or undefined when there is no lock file. */
export async function readLockSnapshot(lockPath: string): Promise<LockSnapshot | undefined> {
  // One handle for both stat and read, so identity and content describe the same file even if
  // it is replaced meanwhile.
  let handle;
  try {
    handle = await open(lockPath, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const info = await handle.stat();
    const raw = await handle.readFile('utf8');
    return { raw, ino: info.ino, mtimeMs: info.mtimeMs, owner: parseOwner(raw) };
  } finally {
    await handle.close();
  }
}

/** Who holds `lockPath` right now, or null when it is free (for status output). */
export async function readLockOwner(lockPath: string): Promise<LockOwner | null> {
  return (await readLockSnapshot(lockPath))?.owner ?? null;
}

// A holder creates the file and writes its record right after; an unreadable file younger than
// this is most likely being written, older is the leftover of a crash in between.
const UNREADABLE_GRACE_MS = 5_000;

/** True when the holder is certainly gone (or the lock is older than `staleMs`). */
export function isStale(snapshot: LockSnapshot, staleMs: number | undefined, now = Date.now()): boolean {
  const age = now - snapshot.mtimeMs;
  if (staleMs !== undefined && age > staleMs) return true;
  const { owner } = snapshot;
  if (!owner) return age > UNREADABLE_GRACE_MS;
  // A pid is only meaningful on the machine (and boot) that wrote it.
  if (owner.hostname !== HOSTNAME) return false;
  if (owner.bootId && BOOT_ID && owner.bootId !== BOOT_ID) return true;
  return !isProcessAlive(owner.pid);
}

/** "process 123 on web1 since 2026-01-01T10:00:00Z" — for messages. */
export function describeOwner(snapshot: LockSnapshot | undefined): string {
  if (!snapshot) return 'a process that has just released it';
  const { owner } = snapshot;
  if (!owner) return 'an unknown process (the lock file is unreadable)';
  const since = owner.acquiredAt ? ` since ${owner.acquiredAt}` : '';
  if (owner.pid === process.pid && owner.hostname === HOSTNAME) return `this very process (${owner.pid})${since}, which has not released it`;
  const host = owner.hostname && owner.hostname !== HOSTNAME ? ` on ${owner.hostname}` : '';
  return `process ${owner.pid}${host}${since}`;
}
