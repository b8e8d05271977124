import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { waitForProcessExit } from './wait-for-process-exit.js';
import { deadPid, IDLE_CHILD, startChild } from '../test-support/child-process.js';

describe('waitForProcessExit', () => {
  it('resolves when a child exits later', async () => {
    const child = await startChild('setTimeout(() => process.exit(0), 300); console.log("ready")');
    const started = performance.now();
    await waitForProcessExit(child.pid, { timeoutMs: 5_000 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('resolves at once for an exited pid', async () => {
    await waitForProcessExit(await deadPid(), { timeoutMs: 0 });
  });

  it('throws HOP3_TIMEOUT naming the pid', async () => {
    const child = await startChild(IDLE_CHILD);
    try {
      const error = await waitForProcessExit(child.pid, { timeoutMs: 200 }).catch((e: unknown) => e as Error);
      expect(hasErrorCode(error, 'HOP3_TIMEOUT')).toBe(true);
      expect((error as Error).message).toContain(`process ${child.pid}`);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
