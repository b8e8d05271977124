import { LABELS } from './names.js';

export interface ContainerSpec {
  name: string;
  app: string;
  rootId: string;
  release: number;
  kind: string;
  ordinal: number;
  image: string;
  envFile: string;
  network: 'bridge' | 'host';
  /** Web containers: the loopback port the proxy reaches it on. */
  hostPort: number | null;
  /** Web containers on the bridge: the port the process listens on inside. */
  containerPort: number | null;
  /** A Procfile command (run with /bin/sh -c), or null for the image's own CMD. */
  command: string | null;
  memory?: string;
  cpus?: number;
  stopTimeout: number;
  /**
   * `no` while a new release waits for its health gate (a crash shows its exit code at once,
   * instead of a restart loop); `unless-stopped` once it serves (`commit()` switches it).
   */
  restart: 'no' | 'unless-stopped';
}

/**
 * The `docker run` arguments of one process container. The env comes from the env file (never
 * argv: `ps` would show secrets); only PORT is passed with -e. Web ports are published on
 * 127.0.0.1 only; with the host network the process itself listens on its port.
 */
export function runArgs(spec: ContainerSpec): string[] {
  const port = spec.network === 'host' ? spec.hostPort : spec.containerPort;
  return [
    'run',
    '--detach',
    '--name', spec.name,
    '--label', `${LABELS.app}=${spec.app}`,
    '--label', `${LABELS.root}=${spec.rootId}`,
    '--label', `${LABELS.release}=${spec.release}`,
    '--label', `${LABELS.kind}=${spec.kind}`,
    '--label', `${LABELS.ordinal}=${spec.ordinal}`,
    // tini as PID 1: signals reach the app, so `docker stop` takes ~0.2 s instead of the 10 s kill.
    '--init',
    '--restart', spec.restart,
    '--stop-timeout', String(spec.stopTimeout),
    '--log-opt', 'max-size=10m',
    '--log-opt', 'max-file=3',
    '--env-file', spec.envFile,
    ...(port !== null ? ['--env', `PORT=${port}`] : []),
    ...(spec.network === 'host' ? ['--network', 'host'] : []),
    ...(spec.network === 'bridge' && spec.hostPort !== null && spec.containerPort !== null ? ['--publish', `127.0.0.1:${spec.hostPort}:${spec.containerPort}`] : []),
    ...(spec.memory !== undefined ? ['--memory', spec.memory] : []),
    ...(spec.cpus !== undefined ? ['--cpus', String(spec.cpus)] : []),
    spec.image,
    ...(spec.command !== null ? ['/bin/sh', '-c', spec.command] : []),
  ];
}
