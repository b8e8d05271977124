import { setTimeout as sleep } from 'node:timers/promises';
import { kitError, KitErrorCodes } from '../errors.js';

export interface WaitOptions {
  /** Give up after this many milliseconds. */
  timeoutMs?: number;
  /** Pause between two checks. */
  intervalMs?: number;
  /** Stop waiting once aborted: the wait throws the signal's reason (a host's Ctrl-C). */
  signal?: AbortSignal;
}

export interface WaitUntilOptions extends WaitOptions {
  /** What is awaited, for the timeout message: "127.0.0.1:8080 to accept connections". */
  description: string;
  /** Extra words for the timeout message (the last error seen, who holds a lock). */
  lastState?: () => string | undefined;
}

/**
 * Call `check` until it returns true; past `timeoutMs` throw `HOP3_TIMEOUT` naming what was
 * awaited. `check` receives the time left so it can bound its own attempt. The check always
 * runs at least once, even with `timeoutMs: 0`.
 */
export async function waitUntil(check: (remainingMs: number) => Promise<boolean> | boolean, options: WaitUntilOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = performance.now() + timeoutMs;
  const { signal } = options;
  for (;;) {
    signal?.throwIfAborted();
    if (await check(Math.max(0, deadline - performance.now()))) return;
    const remaining = deadline - performance.now();
    if (remaining <= 0) break;
    await sleep(Math.min(intervalMs, remaining), undefined, signal ? { signal } : undefined).catch((error: unknown) => {
      throw signal?.aborted ? signal.reason : error;
    });
  }
  const state = options.lastState?.();
  throw kitError({
    code: KitErrorCodes.timeout,
    message: `Timed out after ${timeoutMs} ms waiting for ${options.description}${state ? ` (${state})` : ''}`,
    details: { awaited: options.description, timeoutMs, ...(state ? { lastState: state } : {}) },
  });
}
