import { readFile } from 'node:fs/promises';
import type { Logger } from '@hop3/core';
import { waitUntil } from '@hop3/kit';
import { childProcesses } from './processes.js';

/** Seconds without a new worker before `whenSlow` asks why (a configuration nginx refused?). */
const SLOW_MS = 3_000;

/**
 * Wait until a reload of the nginx master `pid` is live. After the signal nginx starts new
 * workers and retires the old ones: the new configuration is live once a new worker runs
 * (until then only old ones accept; on a loaded machine this takes seconds, and returning
 * early sent requests to exiting workers) and no old worker accepts any more. An old worker
 * stops accepting the moment it takes the "shutting down" title (nginx closes its listening
 * sockets in the same step), so one finishing a long request is not waited for.
 * `whenSlow` runs once when no new worker came within 3 s; it may throw to end the wait.
 */
export async function waitForReloadedWorkers(pid: number, oldWorkers: readonly number[], log: Logger, whenSlow?: () => Promise<void>): Promise<void> {
  const started = performance.now();
  let asked = false;
  await waitUntil(
    async () => {
      if ((await childProcesses(pid)).some((worker) => !oldWorkers.includes(worker))) return true;
      if (whenSlow !== undefined && !asked && performance.now() - started > SLOW_MS) {
        asked = true;
        await whenSlow();
      }
      return false;
    },
    { description: 'nginx to start workers with the new configuration after a reload', timeoutMs: 60_000, intervalMs: 20 },
  );
  try {
    await waitUntil(async () => (await Promise.all(oldWorkers.map(stillAccepts))).every((accepts) => !accepts), {
      description: 'nginx to retire its old workers after a reload',
      timeoutMs: 10_000,
      intervalMs: 20,
    });
  } catch {
    log.debug('nginx reload: old workers still running after 10 s');
  }
}

/** Whether an old worker may still accept connections: it runs and is not shutting down. */
async function stillAccepts(worker: number): Promise<boolean> {
  const title = await readFile(`/proc/${worker}/cmdline`, 'utf8').catch(() => null);
  if (title === null || title === '') return false; // gone (or a zombie)
  return !title.includes('shutting down');
}
