import type { WorkerStatus } from '@hop3/core';

/** The one word `hop3 status` leads with. */
export type OverallState = 'running' | 'degraded' | 'starting' | 'crashed' | 'stopped' | 'not running';

/**
 * Derived from what the deployer measured: `running` only when every worker is up; `degraded` when
 * the app serves (its web kind is up) but another worker is not; `crashed` when it does not serve.
 * Without per-worker states (a deployer that cannot see its processes) only running / not running.
 */
export function overallState(running: boolean, workers: readonly WorkerStatus[] | undefined): OverallState {
  if (workers === undefined || workers.length === 0) return running ? 'running' : 'not running';
  if (workers.every((w) => w.state === 'stopped')) return 'stopped';
  if (running && workers.every((w) => w.state === 'up')) return 'running';
  if (running) return 'degraded';
  if (workers.every((w) => w.state === 'up' || w.state === 'starting')) return 'starting';
  return 'crashed';
}
