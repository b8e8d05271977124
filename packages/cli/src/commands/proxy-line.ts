import type { ProxyProbe } from '@hop3/core';
import type { ProxyReach } from '@hop3/engine';

/**
 * The line `hop3 status` adds when a request through the proxy does not get to the app (the
 * proxy is down, or answers 502), or when the proxy misses endpoints the app answers on
 * (processes that came back on their own on other ports), with the fix; null otherwise.
 */
export function proxyLine(app: string, reach: ProxyReach | null, probe: ProxyProbe | null = null): string | null {
  if (probe !== null && !probe.ok && (reach === null || reach.missed.length === 0)) return `proxy: ${probe.detail}.${probe.fix === undefined ? '' : ` ${probe.fix}`}`;
  if (reach === null || reach.missed.length === 0) return null;
  const fix = `Run "hop3 start ${app}" to point it there.`;
  if (reach.missed.length === reach.live.length) {
    return `proxy: sends to ${reach.backends.join(', ')}, where the app no longer answers; it answers on ${reach.live.join(', ')}. ${fix}`;
  }
  return `proxy: does not send to ${reach.missed.join(', ')}, where the app also answers. ${fix}`;
}
