import { hasErrorCode } from '@hop3/core';
import { kitError, KitErrorCodes } from '../errors.js';
import { isProcessAlive, isValidPid } from './is-process-alive.js';
import { waitForProcessExit } from './wait-for-process-exit.js';

export interface StopProcessOptions {
  /** First signal (default SIGTERM). */
  signal?: NodeJS.Signals;
  /** Overall budget (default 10 s); past it, with the process still alive, `HOP3_TIMEOUT`. */
  timeoutMs?: number;
  /** Send SIGKILL if the process still runs this long after the first signal (default 5 s). Use Infinity to never. */
  killAfterMs?: number;
}

const KILL_GRACE_MS = 500;

/** What {@link stopProcess} had to do. */
export type StopOutcome = 'not-running' | 'stopped' | 'killed';

function send(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw kitError({
      code: KitErrorCodes.signalFailed,
      message: `Cannot send ${signal} to process ${pid}: ${(error as Error).message}`,
      cause: error,
      details: { pid, signal },
    });
  }
}

async function exitsWithin(pid: number, timeoutMs: number): Promise<boolean> {
  try {
    await waitForProcessExit(pid, { timeoutMs, intervalMs: 25 });
    return true;
  } catch (error) {
    if (hasErrorCode(error, KitErrorCodes.timeout)) return false;
    throw error;
  }
}

/**
 * Stop `pid`: send `signal`, wait, escalate to SIGKILL after `killAfterMs`, and resolve once it
 * is gone. Idempotent: a process that is not running resolves `'not-running'`. Refuses pid 1
 * and the current process.
 */
export async function stopProcess(pid: number, options: StopProcessOptions = {}): Promise<StopOutcome> {
  if (!isValidPid(pid) || pid === 1 || pid === process.pid) {
    throw kitError({
      code: KitErrorCodes.invalidInput,
      message: `Refusing to stop process ${String(pid)}: expected the pid of another process (not 1, not this one)`,
      details: { pid },
    });
  }
  const signal = options.signal ?? 'SIGTERM';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const killAfterMs = options.killAfterMs ?? 5_000;
  const escalate = killAfterMs < timeoutMs;
  const started = performance.now();

  if (!isProcessAlive(pid) || !send(pid, signal)) return 'not-running';
  if (await exitsWithin(pid, escalate ? killAfterMs : timeoutMs)) return 'stopped';
  if (escalate) {
    if (!send(pid, 'SIGKILL')) return 'stopped'; // it exited between the last check and now
    // SIGKILL cannot be caught; allow a moment for the kernel to tear the process down.
    const remaining = Math.max(KILL_GRACE_MS, timeoutMs - (performance.now() - started));
    if (await exitsWithin(pid, remaining)) return 'killed';
  }
  throw kitError({
    code: KitErrorCodes.timeout,
    message: `Timed out after ${timeoutMs} ms waiting for process ${pid} to exit after ${escalate ? `${signal} and SIGKILL` : signal}`,
    details: { pid, signal, timeoutMs },
  });
}
