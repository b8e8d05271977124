import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLockOwner } from './lock-owner.js';
import { withLock } from './with-lock.js';

describe('withLock', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hop3-kit-withlock-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs concurrent callers one at a time and returns their results', async () => {
    const path = join(dir, 'serial.lock');
    let counter = 0;
    let active = 0;
    let maxActive = 0;
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        withLock(
          path,
          async () => {
            active += 1;
            maxActive = Math.max(maxActive, active);
            const seen = counter;
            await sleep(20);
            counter = seen + 1;
            active -= 1;
            return index;
          },
          { timeoutMs: 10_000, intervalMs: 10 },
        ),
      ),
    );
    expect(results).toEqual([0, 1, 2, 3, 4]);
    expect(counter).toBe(5);
    expect(maxActive).toBe(1);
    expect(await readLockOwner(path)).toBeNull();
  });

  it('releases the lock when the function throws', async () => {
    const path = join(dir, 'throws.lock');
    await expect(
      withLock(path, () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await readLockOwner(path)).toBeNull();
    expect(await withLock(path, () => 'again', { timeoutMs: 0 })).toBe('again');
  });
});
