import type { DeploymentInfo } from '@hop3/core';

/**
 * The proxy's backends beside where the app answers now. The proxy is pointed at a release's
 * backend when it is deployed, scaled, started or restarted; processes that a supervisor (Swarm,
 * a restart policy) brings back on their own may come back on other ports, and the proxy keeps
 * sending to the old ones until it is pointed again.
 */
export interface ProxyReach {
  /** `address:port` the proxy sends to: the live release's backend and its upstreams, as recorded. */
  backends: string[];
  /** `address:port` where the deployer finds the live version now. */
  live: string[];
  /** Live endpoints the proxy does not send to. */
  missed: string[];
}

/** Apps with only background workers report a `tcp` backend without a port: nothing to proxy. */
export function servesHttp(deployment: DeploymentInfo): boolean {
  return !(deployment.protocol === 'tcp' && deployment.port === null);
}

function endpoints(info: DeploymentInfo): string[] {
  const all = [info, ...(info.upstreams ?? [])].map((endpoint) => `${endpoint.address}:${endpoint.port ?? ''}`);
  return [...new Set(all)];
}

/**
 * Null when either side is unknown (a deployer that does not say where it answers, an app without
 * a web kind), so that nothing is claimed without a measurement.
 */
export function proxyReach(proxied: DeploymentInfo | null, measured: DeploymentInfo | null | undefined): ProxyReach | null {
  if (proxied === null || measured === null || measured === undefined || !servesHttp(proxied)) return null;
  const backends = endpoints(proxied);
  const live = endpoints(measured);
  return { backends, live, missed: live.filter((endpoint) => !backends.includes(endpoint)) };
}

/** True when the proxy sends to none of the endpoints the app answers on (it would answer 502). */
export function proxyReachesNothing(reach: ProxyReach | null): boolean {
  return reach !== null && reach.live.length > 0 && reach.missed.length === reach.live.length;
}
