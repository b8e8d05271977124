import type { BuildArtifact, DeploymentContext, DeploymentInfo } from '../data/deployment.js';
import type { Acceptor, MaybePromise, ScaleDeltas } from './common.js';

/**
 * What a worker is doing, measured (not what was asked for):
 * - `up`: running (and, for the web kind, answering on its port);
 * - `starting`: started and not answering yet, still within its start-up time;
 * - `restarting`: its process keeps exiting and is being started again (a crash loop);
 * - `unresponsive`: running past its start-up time but not answering on its port;
 * - `crashed`: no process runs although the app should be running;
 * - `stopped`: not meant to run (the app is stopped).
 */
export type WorkerState = 'up' | 'starting' | 'restarting' | 'unresponsive' | 'crashed' | 'stopped';

/** One running unit of a worker kind (`worker.2` is kind `worker`, ordinal 2). */
export interface WorkerStatus {
  kind: string;
  /** 1-based; kinds whose count is processes inside one unit (uWSGI's wsgi) have only 1. */
  ordinal: number;
  state: WorkerState;
  /** The processes found for it (supervisor first), when the deployer can see them. */
  pids?: number[];
  /** A few words on why it is not `up` (e.g. "respawned 2 s ago"). */
  detail?: string;
  /** The last lines of its log, given when it is not `up`. */
  logTail?: string[];
}

/** What `destroy()` removes beyond the app's processes. */
export interface DestroyOptions {
  /** Also the app's named volumes (compose and swarm apps): their data is kept without it. */
  volumes?: boolean;
}

export interface DeployerStatus {
  running: boolean;
  /** Worker kind → number of processes configured. */
  processes: Record<string, number>;
  /** Where the live version answers now (scaling `web` processes changes its upstreams). */
  deployment?: DeploymentInfo | null;
  /**
   * Optional: each worker's measured state. Deployers that can observe their processes should
   * give it; hosts show it and derive "running / degraded / crashed" from it. Without it, hosts
   * rely on `running`.
   */
  workers?: WorkerStatus[];
  [key: string]: unknown;
}

/** Runs an artifact: deploy, scale, stop, status. */
export interface Deployer extends Acceptor {
  readonly name: string;
  readonly context: DeploymentContext;
  readonly artifact: BuildArtifact;
  /** Start (or replace) the app's processes; `deltas` adjust process counts. */
  deploy(deltas?: ScaleDeltas): MaybePromise<DeploymentInfo>;
  /** Change process counts by `deltas`. */
  scale(deltas: ScaleDeltas): MaybePromise<void>;
  /** Set absolute process counts (`{ web: 2 }`); kinds not named keep their count. */
  scaleTo?(counts: Record<string, number>): MaybePromise<void>;
  /** Stop every process of the app. Idempotent. */
  stop(): MaybePromise<void>;
  /**
   * True when the app does its job: its web kind is measured up (answering), or — for an app
   * without a web kind — every worker is up. Never throws.
   */
  checkStatus(): MaybePromise<boolean>;
  start?(): MaybePromise<void>;
  restart?(): MaybePromise<void>;
  /** Remove everything the deployer created for the app (data dir excepted). Idempotent. */
  destroy?(options?: DestroyOptions): MaybePromise<void>;
  getStatus?(): MaybePromise<DeployerStatus>;
  /**
   * Asked while the host waits for a version `deploy()` just started to answer: why its web
   * process cannot come up (it exited, or its server could not load the app), or null while
   * it still may. A reason ends the wait at once instead of at the start timeout. Never throws.
   */
  startupFailure?(): MaybePromise<string | null>;
  /**
   * Zero-downtime redeploys: `deploy()` may start the new version beside the running one. Once
   * the host has switched the proxy to it, `commit()` retires the previous version's processes;
   * if the new version fails its health gate, `rollback()` stops it and the old one keeps serving.
   */
  commit?(): MaybePromise<void>;
  rollback?(): MaybePromise<void>;
}
