import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breakStaleLock, tryCreate } from './lock-file.js';
import { readLockSnapshot } from './lock-owner.js';

describe('lock file primitives', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hop3-kit-lockfile-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a lock file only once', async () => {
    const path = join(dir, 'once.lock');
    expect(await tryCreate(path, 'first')).toBe(true);
    expect(await tryCreate(path, 'second')).toBe(false);
    expect(await readFile(path, 'utf8')).toBe('first');
  });

  it('breaks the stale file it saw', async () => {
    const path = join(dir, 'stale.lock');
    await writeFile(path, '{"pid":999999,"token":"old"}');
    const stale = await readLockSnapshot(path);
    await breakStaleLock(path, stale!);
    expect(await readLockSnapshot(path)).toBeUndefined();
  });

  it('never deletes a fresh lock that replaced the stale one in the meantime', async () => {
    const path = join(dir, 'replaced.lock');
    await writeFile(path, '{"pid":999999,"token":"old"}');
    const stale = await readLockSnapshot(path);
    // Another waiter broke the stale lock and took a fresh one before we got here.
    await rm(path);
    await tryCreate(path, '{"pid":1234,"token":"fresh"}');
    await breakStaleLock(path, stale!);
    expect(await readFile(path, 'utf8')).toContain('fresh');
  });

  it('leaves the lock alone while another process is breaking it, and clears an abandoned breaker', async () => {
    const path = join(dir, 'guarded.lock');
    await writeFile(path, '{"pid":999999,"token":"old"}');
    await writeFile(`${path}.break`, '4321');
    const stale = await readLockSnapshot(path);
    await breakStaleLock(path, stale!);
    expect(await readLockSnapshot(path)).toBeDefined();
    const past = new Date(Date.now() - 60_000);
    await utimes(`${path}.break`, past, past);
    await breakStaleLock(path, stale!); // clears the abandoned breaker only
    await breakStaleLock(path, stale!);
    expect(await readLockSnapshot(path)).toBeUndefined();
  });
});
