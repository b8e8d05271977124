import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isProcessAlive } from './is-process-alive.js';
import { waitForProcessExit } from './wait-for-process-exit.js';
import { deadPid, IDLE_CHILD, startChild } from '../test-support/child-process.js';

describe('isProcessAlive', () => {
  it('follows a real child from start to exit', async () => {
    const child = await startChild(IDLE_CHILD);
    expect(isProcessAlive(child.pid)).toBe(true);
    child.kill('SIGKILL');
    await waitForProcessExit(child.pid, { timeoutMs: 5_000 });
    expect(isProcessAlive(child.pid)).toBe(false);
  });

  it('knows this process and not an exited one', async () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(await deadPid())).toBe(false);
  });

  it('counts a zombie as exited', async () => {
    // sh starts `sleep 0` in the background, prints its pid, then becomes `sleep 5`, which never
    // reaps it: the background process is left a zombie.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const zombie = await new Promise<number>((resolve) => parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
    await waitForProcessExit(zombie, { timeoutMs: 5_000 });
    expect(isProcessAlive(zombie)).toBe(false);
    expect(isProcessAlive(parent.pid as number)).toBe(true);
    parent.kill('SIGKILL');
  });

  it('is false for values that are not a single pid', () => {
    for (const pid of [0, -1, 1.5, Number.NaN, 2 ** 40]) expect(isProcessAlive(pid)).toBe(false);
  });
});
