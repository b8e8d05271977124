import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppPaths, BuildArtifact, DeploymentContext, DockerConfig, StrategyRuntime, WorkerStatus } from '@hop3/core';
import { withLock } from '@hop3/kit';
import { dockerClient, type DockerClient } from './docker-cli.js';
import { stopLogPumps } from './log-pumps.js';
import { rootTag } from './names.js';
import { DEFAULTS, dockerConfigOf } from './settings.js';

/** What a deployer measured of its containers: `running` is the app doing its job. */
export interface Measured {
  running: boolean;
  workers: WorkerStatus[];
}

/**
 * What the docker deployers (containers, compose, swarm) share: the app's paths, the docker
 * client, the root tag, its settings, one lock per app, and a status measured from the real
 * containers that never throws.
 */
export abstract class DockerDeployerBase<M extends Measured = Measured> {
  rejectionReason: string | undefined;
  protected readonly paths: AppPaths;
  protected readonly client: DockerClient;
  protected readonly rootId: string;
  /** Log pumps being started without being waited for (see {@link pumpInBackground}). */
  private pendingPumps: Promise<unknown> = Promise.resolve();

  constructor(
    readonly context: DeploymentContext,
    readonly artifact: BuildArtifact,
    protected readonly runtime: StrategyRuntime,
  ) {
    this.paths = runtime.layout.app(context.appName);
    this.client = dockerClient(runtime.env);
    this.rootId = rootTag(runtime.layout.root);
  }

  /** The app's containers inspected now (throws when docker cannot be asked). */
  protected abstract measure(): Promise<M>;

  /** True when the app's web containers run and answer HTTP. Never throws. */
  async checkStatus(): Promise<boolean> {
    return (await this.measureOrNothing()).running;
  }

  /** {@link measure}, or nothing running when docker cannot be asked: status must not throw. */
  protected measureOrNothing(): Promise<M | Measured> {
    return this.measure().catch(() => ({ running: false, workers: [] }));
  }

  protected get appName(): string {
    return this.context.appName;
  }

  protected get config(): DockerConfig {
    return dockerConfigOf(this.context);
  }

  protected get appEnv(): Record<string, string> {
    return this.context.app?.env ?? this.context.appConfig.env;
  }

  protected get stopTimeout(): number {
    return this.config.stopTimeout ?? DEFAULTS.stopTimeout;
  }

  protected get drain(): number {
    return this.config.drain ?? DEFAULTS.drain;
  }

  /** Env files, log pumps and the record of live releases. */
  protected get dockerDir(): string {
    return join(this.paths.root, 'docker');
  }

  /** Where the log pumps keep their pid and position files. */
  protected get pumpDir(): string {
    return join(this.dockerDir, 'pumps');
  }

  /** Let pumps start while the operation goes on; {@link removeDockerDir} still waits for them. */
  protected pumpInBackground(pumping: Promise<void>): void {
    this.pendingPumps = pumping;
  }

  /**
   * Remove the docker dir, its log pumps stopped first: a pump saving its place while the
   * directory was emptied made the removal fail (ENOTEMPTY). The retries cover a `status` in
   * another process writing a pump's pid file meanwhile.
   */
  protected async removeDockerDir(): Promise<void> {
    await this.pendingPumps;
    await stopLogPumps(this.pumpDir);
    await rm(this.dockerDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }

  /** One operation at a time per app, across processes (a deploy, a scale, a status's log pumps). */
  protected locked<T>(fn: () => Promise<T>): Promise<T> {
    return withLock(join(this.paths.root, '.docker.lock'), fn, { timeoutMs: 180_000 });
  }
}
