import { waitUntil } from '../time/wait-until.js';
import { isProcessAlive } from './is-process-alive.js';

export interface WaitForExitOptions {
  /** Default 10 s. */
  timeoutMs?: number;
  /** Default 50 ms. */
  intervalMs?: number;
}

/** Resolve once `pid` no longer runs; `HOP3_TIMEOUT` naming the pid after `timeoutMs`. */
export async function waitForProcessExit(pid: number, options: WaitForExitOptions = {}): Promise<void> {
  await waitUntil(() => !isProcessAlive(pid), {
    timeoutMs: options.timeoutMs ?? 10_000,
    intervalMs: options.intervalMs ?? 50,
    description: `process ${pid} to exit`,
  });
}
