import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

/**
 * Poll `check` every `intervalMs` until it returns true or `timeoutMs` passes; resolves to
 * whether it succeeded. Short intervals on purpose: redis answers in milliseconds, and these
 * waits sit on the path of every backup and restore.
 */
export async function pollUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, intervalMs = 5): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (performance.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}
