import type { DeploymentInfo } from '@hop3/core';
import type { GenerationRecord } from './state.js';
import { workerFamily } from './workers.js';

/**
 * Where the proxy reaches a generation: the wsgi socket (with its http port for health checks),
 * else the `web` processes' ports, else the static files, else nothing (`tcp` without a port:
 * background workers only).
 */
export function deploymentInfoOf(generation: GenerationRecord, workers: Record<string, string>): DeploymentInfo {
  const wsgi = generation.vassals.find((v) => workerFamily(v.kind) === 'wsgi');
  if (wsgi?.socket) return { protocol: 'unix', address: wsgi.socket, port: wsgi.port };
  const web = generation.vassals.filter((v) => workerFamily(v.kind) === 'web' && v.port !== null).sort((a, b) => a.ordinal - b.ordinal);
  const [first, ...rest] = web;
  if (first !== undefined) {
    const info: DeploymentInfo = { protocol: 'http', address: '127.0.0.1', port: first.port };
    if (rest.length > 0) info.upstreams = rest.map((v) => ({ address: '127.0.0.1', port: v.port }));
    return info;
  }
  if (workers.static !== undefined) return { protocol: 'static', address: generation.sourcePath, port: null };
  return { protocol: 'tcp', address: '127.0.0.1', port: null };
}
