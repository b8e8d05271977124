import type { DeploymentInfo } from '@hop3/core';
import { vassalLogFile } from './log-files.js';
import type { GenerationRecord, VassalRecord } from './state.js';
import { workerFamily } from './workers.js';

/** The vassal that answers HTTP for a generation: the wsgi one, else the first web process. */
export function servingVassal(vassals: readonly VassalRecord[]): VassalRecord | undefined {
  const wsgi = vassals.find((v) => workerFamily(v.kind) === 'wsgi' && v.socket);
  if (wsgi) return wsgi;
  return vassals.filter((v) => workerFamily(v.kind) === 'web' && v.port !== null).sort((a, b) => a.ordinal - b.ordinal)[0];
}

/**
 * Where the proxy reaches a generation: the wsgi socket (with its http port for health checks),
 * else the `web` processes' ports, else the static files, else nothing (`tcp` without a port:
 * background workers only). With `logDir`, `logFile` names the serving process's log.
 */
export function deploymentInfoOf(generation: GenerationRecord, workers: Record<string, string>, logDir?: string): DeploymentInfo {
  const serving = servingVassal(generation.vassals);
  const logFile = serving && logDir !== undefined ? { logFile: vassalLogFile(logDir, serving.kind, serving.ordinal) } : {};
  const wsgi = generation.vassals.find((v) => workerFamily(v.kind) === 'wsgi');
  if (wsgi?.socket) return { protocol: 'unix', address: wsgi.socket, port: wsgi.port, ...logFile };
  const web = generation.vassals.filter((v) => workerFamily(v.kind) === 'web' && v.port !== null).sort((a, b) => a.ordinal - b.ordinal);
  const [first, ...rest] = web;
  if (first !== undefined) {
    const info: DeploymentInfo = { protocol: 'http', address: '127.0.0.1', port: first.port, ...logFile };
    if (rest.length > 0) info.upstreams = rest.map((v) => ({ address: '127.0.0.1', port: v.port }));
    return info;
  }
  if (workers.static !== undefined) return { protocol: 'static', address: generation.sourcePath, port: null };
  return { protocol: 'tcp', address: '127.0.0.1', port: null };
}
