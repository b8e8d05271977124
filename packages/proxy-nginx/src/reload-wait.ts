import type { Logger } from '@hop3/core';
import { waitUntil } from '@hop3/kit';
import { childProcesses } from './processes.js';

/**
 * Wait until a reload of the nginx master `pid` is live. After the signal nginx starts new
 * workers and retires the old ones: the new configuration is live once a new worker runs
 * (until then only old ones accept; on a loaded machine this takes seconds, and returning
 * early sent requests to exiting workers).
 */
export async function waitForReloadedWorkers(pid: number, oldWorkers: readonly number[], log: Logger): Promise<void> {
  await waitUntil(async () => (await childProcesses(pid)).some((worker) => !oldWorkers.includes(worker)), {
    description: 'nginx to start workers with the new configuration after a reload',
    timeoutMs: 60_000,
    intervalMs: 20,
  });
  try {
    await waitUntil(async () => !(await childProcesses(pid)).some((worker) => oldWorkers.includes(worker)), {
      description: 'nginx to retire its old workers after a reload',
      timeoutMs: 10_000,
      intervalMs: 20,
    });
  } catch {
    // Old workers may linger on long requests (up to worker_shutdown_timeout); they no longer
    // accept connections, so the new config is live.
    log.debug('nginx reload: old workers still finishing requests');
  }
}
