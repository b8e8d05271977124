import type { CreateBody } from './docker-objects.js';
import { LABELS } from './names.js';

export interface ContainerSpec {
  name: string;
  app: string;
  rootId: string;
  release: number;
  kind: string;
  ordinal: number;
  image: string;
  /** The app's env: sent in the API body, never on a command line (`ps` would show secrets). */
  env: Readonly<Record<string, string>>;
  network: 'bridge' | 'host';
  /** Web containers: the loopback port the proxy reaches it on. */
  hostPort: number | null;
  /** Web containers on the bridge: the port the process listens on inside. */
  containerPort: number | null;
  /** A Procfile command (run with /bin/sh -c), or null for the image's own CMD. */
  command: string | null;
  /** `[docker] memory`: a size such as "256m" (hop3.toml's schema checked it). */
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
 * The `POST /containers/create` body of one process container: what `docker run --init
 * --restart … --log-opt max-size=10m --log-opt max-file=3 --env … --publish 127.0.0.1:…` sends.
 * Web ports are published on 127.0.0.1 only; with the host network the process itself listens
 * on its port. PORT joins the app's env.
 */
export function createBody(spec: ContainerSpec): CreateBody {
  const port = spec.network === 'host' ? spec.hostPort : spec.containerPort;
  const env = { ...spec.env, ...(port !== null ? { PORT: String(port) } : {}) };
  const published = spec.network === 'bridge' && spec.hostPort !== null && spec.containerPort !== null;
  return {
    Image: spec.image,
    ...(spec.command !== null ? { Cmd: ['/bin/sh', '-c', spec.command] } : {}),
    Env: Object.entries(env).map(([name, value]) => `${name}=${value}`),
    Labels: {
      [LABELS.app]: spec.app,
      [LABELS.root]: spec.rootId,
      [LABELS.release]: String(spec.release),
      [LABELS.kind]: spec.kind,
      [LABELS.ordinal]: String(spec.ordinal),
    },
    StopTimeout: spec.stopTimeout,
    ...(published ? { ExposedPorts: { [`${spec.containerPort}/tcp`]: {} } } : {}),
    HostConfig: {
      // tini as PID 1: signals reach the app, so a stop takes ~0.2 s instead of the 10 s kill.
      Init: true,
      RestartPolicy: { Name: spec.restart },
      LogConfig: { Type: '', Config: { 'max-size': '10m', 'max-file': '3' } },
      NetworkMode: spec.network === 'host' ? 'host' : 'default',
      ...(published ? { PortBindings: { [`${spec.containerPort}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: String(spec.hostPort) }] } } : {}),
      ...(spec.memory !== undefined ? { Memory: memoryBytes(spec.memory) } : {}),
      ...(spec.cpus !== undefined ? { NanoCpus: Math.round(spec.cpus * 1e9) } : {}),
    },
  };
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** "256m" → bytes, as `docker run --memory` reads it (binary units). */
export function memoryBytes(size: string): number {
  const match = size.trim().toLowerCase().match(/^(\d+)([bkmg]?)$/);
  if (match === null) throw new Error(`not a memory size: ${size}`);
  return Number(match[1]) * UNITS[match[2]!]!;
}
