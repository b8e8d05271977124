import type { ProxyProbe, WorkerStatus } from '@hop3/core';
import { proxyReachesNothing, type ProxyReach } from './proxy-reach.js';

/** The one word `hop3 status` leads with. */
export type OverallState = 'running' | 'degraded' | 'unreachable' | 'starting' | 'crashed' | 'stopped' | 'not running';

/**
 * Derived from what the deployer measured: `running` only when every worker is up and the proxy
 * sends to every endpoint the app answers on; `degraded` when the app serves but another worker is
 * not up, or the proxy misses some of its endpoints; `unreachable` when its processes serve but the
 * proxy sends to none of their endpoints, or a request through the proxy does not get to the app
 * (the proxy is down, or answers 502); `crashed` when it does not serve. Without per-worker
 * states (a deployer that cannot see its processes) only running / not running.
 */
export function overallState(running: boolean, workers: readonly WorkerStatus[] | undefined, reach: ProxyReach | null = null, probe: ProxyProbe | null = null): OverallState {
  const processes = processState(running, workers);
  if (processes !== 'running' && processes !== 'degraded') return processes;
  // The processes serve, but not through the proxy when it sends to none of their endpoints.
  if (proxyReachesNothing(reach) || probe?.ok === false) return 'unreachable';
  return processes === 'running' && reach !== null && reach.missed.length > 0 ? 'degraded' : processes;
}

function processState(running: boolean, workers: readonly WorkerStatus[] | undefined): OverallState {
  if (workers === undefined || workers.length === 0) return running ? 'running' : 'not running';
  if (workers.every((w) => w.state === 'stopped')) return 'stopped';
  if (running && workers.every((w) => w.state === 'up')) return 'running';
  if (running) return 'degraded';
  if (workers.every((w) => w.state === 'up' || w.state === 'starting')) return 'starting';
  return 'crashed';
}
