import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { isProcessAlive } from './is-process-alive.js';
import { stopProcess } from './stop-process.js';
import { deadPid, IDLE_CHILD, startChild, STUBBORN_CHILD } from '../test-support/child-process.js';

describe('stopProcess', () => {
  it('stops a child with SIGTERM, and a second call finds nothing to stop', async () => {
    const child = await startChild(IDLE_CHILD);
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    expect(await stopProcess(child.pid, { timeoutMs: 5_000 })).toBe('stopped');
    expect(await exited).toBe('SIGTERM');
    expect(isProcessAlive(child.pid)).toBe(false);
    expect(await stopProcess(child.pid)).toBe('not-running');
  });

  it('sends the signal it is given', async () => {
    const child = await startChild(IDLE_CHILD);
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    expect(await stopProcess(child.pid, { signal: 'SIGINT' })).toBe('stopped');
    expect(await exited).toBe('SIGINT');
  });

  it('escalates to SIGKILL when SIGTERM is ignored', async () => {
    const child = await startChild(STUBBORN_CHILD);
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    expect(await stopProcess(child.pid, { killAfterMs: 300, timeoutMs: 5_000 })).toBe('killed');
    expect(await exited).toBe('SIGKILL');
  });

  it('throws HOP3_TIMEOUT when told never to kill and the process stays', async () => {
    const child = await startChild(STUBBORN_CHILD);
    try {
      const error = await stopProcess(child.pid, { killAfterMs: Number.POSITIVE_INFINITY, timeoutMs: 300 }).catch((e: unknown) => e as Error);
      expect(hasErrorCode(error, 'HOP3_TIMEOUT')).toBe(true);
      expect((error as Error).message).toContain(String(child.pid));
      expect(isProcessAlive(child.pid)).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('is a no-op for an exited pid', async () => {
    expect(await stopProcess(await deadPid())).toBe('not-running');
  });

  it.each([0, -1, 1, 1.5, process.pid])('refuses pid %d', async (pid) => {
    await expect(stopProcess(pid)).rejects.toMatchObject({ code: 'HOP3_INVALID_INPUT' });
  });
});
