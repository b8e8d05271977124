import type { BuildArtifact, DeploymentContext, DeploymentInfo } from '../data/deployment.js';
import type { Acceptor, MaybePromise, ScaleDeltas } from './common.js';

export interface DeployerStatus {
  running: boolean;
  /** Worker kind → number of processes configured. */
  processes: Record<string, number>;
  /** Where the live version answers now (scaling `web` processes changes its upstreams). */
  deployment?: DeploymentInfo | null;
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
  /** True when the app's processes are up. Never throws. */
  checkStatus(): MaybePromise<boolean>;
  start?(): MaybePromise<void>;
  restart?(): MaybePromise<void>;
  /** Remove everything the deployer created for the app (data dir excepted). Idempotent. */
  destroy?(): MaybePromise<void>;
  getStatus?(): MaybePromise<DeployerStatus>;
  /**
   * Zero-downtime redeploys: `deploy()` may start the new version beside the running one. Once
   * the host has switched the proxy to it, `commit()` retires the previous version's processes;
   * if the new version fails its health gate, `rollback()` stops it and the old one keeps serving.
   */
  commit?(): MaybePromise<void>;
  rollback?(): MaybePromise<void>;
}
