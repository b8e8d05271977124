import { describe, expect, it } from 'vitest';
import { proxyReach, proxyReachesNothing } from './proxy-reach.js';

const http = (port: number, upstreams: number[] = []) => ({
  protocol: 'http' as const,
  address: '127.0.0.1',
  port,
  ...(upstreams.length > 0 ? { upstreams: upstreams.map((p) => ({ address: '127.0.0.1', port: p })) } : {}),
});

describe('proxyReach', () => {
  it('compares the backend and its upstreams as endpoints, in any order', () => {
    expect(proxyReach(http(1, [2]), http(2, [1]))).toEqual({ backends: ['127.0.0.1:1', '127.0.0.1:2'], live: ['127.0.0.1:2', '127.0.0.1:1'], missed: [] });
    expect(proxyReach(http(1), http(1, [3]))?.missed).toEqual(['127.0.0.1:3']);
  });

  it('is null when either side is unknown or nothing is proxied (a worker-only app)', () => {
    expect(proxyReach(null, http(1))).toBeNull();
    expect(proxyReach(http(1), undefined)).toBeNull();
    expect(proxyReach(http(1), null)).toBeNull();
    expect(proxyReach({ protocol: 'tcp', address: '127.0.0.1', port: null }, http(1))).toBeNull();
  });

  it('reaches nothing only when every live endpoint is missed', () => {
    expect(proxyReachesNothing(proxyReach(http(1), http(2)))).toBe(true);
    expect(proxyReachesNothing(proxyReach(http(1), http(2, [1])))).toBe(false);
    expect(proxyReachesNothing(null)).toBe(false);
  });
});
