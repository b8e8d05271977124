import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deployer, DeployerStatus, DeploymentInfo, ScaleDeltas } from '@hop3/core';
import { findFreePort, waitUntil } from '@hop3/kit';
import { answersHttp } from './answers-http.js';
import { DockerDeployerBase, type Measured } from './docker-deployer-base.js';
import { ARTIFACT_KINDS } from './docker-builder.js';
import { docker } from './docker-cli.js';
import { containersByLabel, createContainer, removeContainers, restartContainers, setRestartPolicy, startContainers, stopContainers } from './docker-objects.js';
import { writeDockerEnvFile } from './env-file.js';
import { DockerErrorCodes, dockerError } from './errors.js';
import { applyImageRetention, removeAppImages } from './image-retention.js';
import { retireContainers } from './retirement.js';
import { recordLiveRelease } from './live-releases.js';
import { ensureLogPumps, stopLogPumps } from './log-pumps.js';
import { containerName, LABELS } from './names.js';
import { networkOf } from './network-mode.js';
import { applyAbsolute, applyDeltas, containerKinds, currentCounts, isCronKind, type Counts } from './processes.js';
import { containerLogTail, inspectContainers, startFailureOf, workerStatus } from './container-status.js';
import { emptyState, readState, removeState, writeState, type ContainerRecord, type ContainerState, type ReleaseRecord } from './container-state.js';
import { createBody, type ContainerSpec } from './container-spec.js';
import { DEFAULTS } from './settings.js';

/** Seconds a web container added by `scale` has to answer before the scale fails. */
const SCALE_START_TIMEOUT_MS = 60_000;

/**
 * Runs a `docker-image` artifact as one container per process (`web` and each background
 * worker, times its count). A redeploy starts the new release's containers beside the old
 * ones on new loopback ports; the host's health gate waits for them (and asks
 * `startupFailure()`, which fails fast when a container exits); the proxy switches; `commit()`
 * then stops the old containers after a drain. `rollback()` removes the new ones instead.
 */
export class ContainerDeployer extends DockerDeployerBase implements Deployer {
  static readonly strategyName = 'docker';
  readonly name = 'docker';

  accept(): boolean {
    if (this.artifact.kind === ARTIFACT_KINDS.image) return true;
    this.rejectionReason = `runs "${ARTIFACT_KINDS.image}" artifacts (a Dockerfile build), not "${this.artifact.kind}"`;
    return false;
  }

  // ---- lifecycle ------------------------------------------------------------------------

  deploy(deltas: ScaleDeltas = {}): Promise<DeploymentInfo> {
    return this.locked(async () => {
      this.checkArtifact();
      const state = await readState(this.paths.root, this.appName);
      await this.undoUncommitted(state);
      const kinds = this.kinds();
      const counts = applyDeltas(kinds, currentCounts(kinds, state.counts), deltas);
      const release = this.releaseNumber();
      const record: ReleaseRecord = {
        release,
        image: this.imageRef(),
        committed: false,
        network: networkOf(this.config.network, this.appEnv),
        containerPort: this.containerPort(),
        envFile: join(this.dockerDir, `r${release}.env`),
        containers: [],
      };
      await writeDockerEnvFile(record.envFile, this.containerEnv());
      await mkdir(this.paths.log, { recursive: true });
      await this.runRelease(record);
      try {
        record.containers = await this.startContainers(record, counts, [], 'no');
      } catch (error) {
        await this.removeContainers(record.containers.length > 0 ? record.containers : this.plannedNames(record, counts));
        await rm(record.envFile, { force: true });
        throw error;
      }
      state.previous = state.current;
      state.current = record;
      state.counts = counts;
      state.stopped = false;
      await writeState(this.paths.root, state);
      this.runtime.log.info(`docker: release ${release} of ${this.appName} started (${describe(counts)}, ${record.network} network)`);
      return this.deploymentInfo(record);
    });
  }

  /** Why the web container `deploy()` just started cannot come up (it exited or restarts), or null. Never throws. */
  async startupFailure(): Promise<string | null> {
    try {
      const state = await readState(this.paths.root, this.appName);
      const web = state.current?.containers.filter((c) => c.kind === 'web') ?? [];
      const found = await inspectContainers(this.client, web);
      for (const container of web) {
        const reason = startFailureOf(container, found.get(container.name));
        if (reason === null) continue;
        const tail = await containerLogTail(this.client, container.name);
        return tail.length > 0 ? `${reason}; its last lines:\n${tail.map((l) => `  ${l}`).join('\n')}` : reason;
      }
      return null;
    } catch {
      return null;
    }
  }

  /** The new release serves: the previous release's containers are stopped and removed after the drain period. */
  commit(): Promise<void> {
    return this.locked(async () => {
      const state = await readState(this.paths.root, this.appName);
      if (state.current === null) return;
      const names = state.current.containers.map((c) => c.name);
      state.current.committed = true;
      const previous = state.previous;
      state.previous = null;
      await writeState(this.paths.root, state);
      await recordLiveRelease(this.paths.root, this.appName, state.current.release);
      const old = previous?.containers.map((c) => c.name) ?? [];
      await Promise.all([
        // From now on the release serves: docker restarts its containers if they exit (and at boot).
        setRestartPolicy(this.client, names, 'unless-stopped'),
        // The old ones go after the drain, in the background: the new release already serves.
        retireContainers(this.client, old, this.drain, this.stopTimeout),
        // A release went live: the oldest kept image may go (never one a container uses).
        applyImageRetention(this.client, this.context, this.runtime),
      ]);
      if (previous === null) return;
      // The old containers' pumps copy their lines until the drain ends, then go by themselves.
      await rm(previous.envFile, { force: true });
      this.runtime.log.info(`docker: release ${previous.release} of ${this.appName} retired (its containers stop after the drain)`);
    });
  }

  /** The new release failed its health gate: remove its containers; the previous keeps serving. */
  rollback(): Promise<void> {
    return this.locked(async () => {
      await this.undoUncommitted(await readState(this.paths.root, this.appName));
    });
  }

  scale(deltas: ScaleDeltas): Promise<void> {
    return this.locked(async () => {
      const state = await readState(this.paths.root, this.appName);
      const kinds = this.kinds();
      await this.applyCounts(state, applyDeltas(kinds, currentCounts(kinds, state.counts), deltas));
    });
  }

  scaleTo(counts: Record<string, number>): Promise<void> {
    return this.locked(async () => {
      const state = await readState(this.paths.root, this.appName);
      const kinds = this.kinds();
      await this.applyCounts(state, applyAbsolute(kinds, currentCounts(kinds, state.counts), counts));
    });
  }

  /** Stop every container of the app (they stay, to be started again). Idempotent. */
  stop(): Promise<void> {
    return this.locked(async () => {
      const state = await readState(this.paths.root, this.appName);
      const ids = await this.appContainers();
      await stopContainers(this.client, ids, this.stopTimeout);
      if (state.current !== null && !state.stopped) {
        state.stopped = true;
        await writeState(this.paths.root, state);
      }
    });
  }

  /** Start the current release's containers again (recreating any that are gone). Idempotent. */
  start(): Promise<void> {
    return this.locked(async () => {
      const state = await readState(this.paths.root, this.appName);
      await this.startRelease(state);
    });
  }

  /** Restart every container of the current release (a stopped app is started). */
  restart(): Promise<void> {
    return this.locked(async () => {
      const state = await readState(this.paths.root, this.appName);
      const current = state.current;
      if (current === null) return;
      const found = await inspectContainers(this.client, current.containers);
      const present = current.containers.filter((c) => found.has(c.name)).map((c) => c.name);
      await restartContainers(this.client, present, this.stopTimeout);
      await this.startRelease(state);
    });
  }

  /** Remove the app's containers (all releases, found by label), its images and its state. Idempotent. */
  destroy(): Promise<void> {
    return this.locked(async () => {
      const ids = await this.appContainers();
      await removeContainers(this.client, ids, { volumes: true });
      await removeAppImages(this.client, this.appName);
      await this.removeDockerDir();
      await removeState(this.paths.root);
    });
  }

  async getStatus(): Promise<DeployerStatus> {
    const state = await readState(this.paths.root, this.appName).catch(() => emptyState());
    const { running, workers } = await this.measureOrNothing();
    const deployment = state.current !== null ? this.deploymentInfo(state.current) : null;
    if (state.current !== null && !state.stopped) await this.pumpLogs(state.current.containers);
    return { running, processes: state.current !== null ? currentCounts(this.kindsOf(state), state.counts) : state.counts, deployment, workers };
  }

  // ---- internals ------------------------------------------------------------------------

  protected async measure(): Promise<Measured> {
    const state = await readState(this.paths.root, this.appName);
    const current = state.current;
    if (current === null) return { running: false, workers: [] };
    const found = await inspectContainers(this.client, current.containers);
    const workers = await Promise.all(current.containers.map((c) => workerStatus(this.client, c, found.get(c.name), state.stopped)));
    const web = workers.filter((w) => w.kind === 'web');
    const running = !state.stopped && (web.length > 0 ? web.every((w) => w.state === 'up') : workers.every((w) => w.state === 'up'));
    return { running, workers };
  }

  private checkArtifact(): void {
    if (!this.accept()) throw dockerError({ code: DockerErrorCodes.unsupportedArtifact, message: this.rejectionReason ?? 'unsupported artifact', details: { kind: this.artifact.kind } });
  }

  private kinds(): string[] {
    const crons = Object.keys(this.context.appConfig.workers).filter(isCronKind);
    if (crons.length > 0) this.runtime.log.warn(`docker: ${crons.join(', ')} not run: the docker deployer has no scheduler (run cron jobs in a worker container)`);
    return containerKinds(this.context.appConfig.workers);
  }

  private kindsOf(state: ContainerState): string[] {
    const fromContainers = state.current?.containers.map((c) => c.kind) ?? [];
    return [...new Set([...containerKinds(this.context.appConfig.workers), ...fromContainers])];
  }

  private releaseNumber(): number {
    const release = this.artifact.metadata.release;
    return typeof release === 'number' ? release : Math.floor(Date.now() / 1000);
  }

  private imageRef(): string {
    const id = this.artifact.metadata.imageId;
    return typeof id === 'string' && id !== '' ? id : this.artifact.location;
  }

  /** `[docker] port`, else the image's first EXPOSE, else 8080. */
  private containerPort(): number {
    if (this.config.port !== undefined) return this.config.port;
    const exposed = this.artifact.metadata.exposedPorts;
    const first = Array.isArray(exposed) ? exposed.map((p) => String(p)).find((p) => p.endsWith('/tcp')) : undefined;
    const port = first === undefined ? NaN : Number(first.split('/')[0]);
    return Number.isInteger(port) && port > 0 ? port : DEFAULTS.containerPort;
  }

  private containerEnv(): Record<string, string> {
    return { ...this.appEnv, APP: this.appName };
  }

  private commandOf(kind: string): string | null {
    const command = this.context.appConfig.workers[kind];
    if (kind === 'web' && command === undefined) {
      const cmd = this.artifact.metadata.cmd;
      const entrypoint = this.artifact.metadata.entrypoint;
      const hasCmd = (Array.isArray(cmd) && cmd.length > 0) || (Array.isArray(entrypoint) && entrypoint.length > 0);
      if (!hasCmd && this.artifact.metadata.cmd !== undefined) {
        throw dockerError({ code: DockerErrorCodes.invalidSetting, message: `The image of "${this.appName}" has no CMD and the app has no web process: add CMD to the Dockerfile, or "web: <command>" to the Procfile.` });
      }
      return null;
    }
    return command ?? null;
  }

  private plannedNames(record: ReleaseRecord, counts: Counts): ContainerRecord[] {
    return Object.entries(counts).flatMap(([kind, n]) =>
      Array.from({ length: n }, (_, i) => ({ name: containerName(this.rootId, this.appName, kind, i + 1, record.release), kind, ordinal: i + 1, port: null })),
    );
  }

  /** Start the containers `counts` asks for that `existing` does not have; returns all of them. */
  private async startContainers(record: ReleaseRecord, counts: Counts, existing: readonly ContainerRecord[], restart: 'no' | 'unless-stopped' = 'unless-stopped'): Promise<ContainerRecord[]> {
    const all = [...existing];
    for (const [kind, count] of Object.entries(counts)) {
      const command = this.commandOf(kind);
      for (let ordinal = 1; ordinal <= count; ordinal++) {
        if (all.some((c) => c.kind === kind && c.ordinal === ordinal)) continue;
        const port = kind === 'web' ? await findFreePort() : null;
        const container: ContainerRecord = { name: containerName(this.rootId, this.appName, kind, ordinal, record.release), kind, ordinal, port };
        all.push(container);
        await this.runContainer({
          name: container.name,
          app: this.appName,
          rootId: this.rootId,
          release: record.release,
          kind,
          ordinal,
          image: record.image,
          env: this.containerEnv(),
          network: record.network,
          hostPort: port,
          containerPort: kind === 'web' ? record.containerPort : null,
          command,
          ...(this.config.memory !== undefined ? { memory: this.config.memory } : {}),
          ...(this.config.cpus !== undefined ? { cpus: this.config.cpus } : {}),
          stopTimeout: this.stopTimeout,
          restart,
        });
      }
    }
    await this.pumpLogs(all);
    return all.sort((a, b) => (a.kind === b.kind ? a.ordinal - b.ordinal : a.kind === 'web' ? -1 : b.kind === 'web' ? 1 : a.kind < b.kind ? -1 : 1));
  }

  /**
   * Create and start one container through the Engine API (`docker run` costs a client start on
   * top); a leftover container of that name (a crashed host, a rollback to this release) is
   * removed first.
   */
  private async runContainer(spec: ContainerSpec): Promise<void> {
    const body = createBody(spec);
    let created = await createContainer(this.client, spec.name, body);
    if (created === 'conflict') {
      await removeContainers(this.client, [spec.name]);
      created = await createContainer(this.client, spec.name, body);
      if (created === 'conflict') throw dockerError({ code: DockerErrorCodes.commandFailed, message: `A container named ${spec.name} is in the way and could not be removed: remove it with "docker rm -f ${spec.name}".`, details: { container: spec.name } });
    }
    await startContainers(this.client, [created.id]);
  }

  private pumpLogs(containers: readonly ContainerRecord[]): Promise<void> {
    const targets = containers.map((c) => ({ container: c.name, logFile: join(this.paths.log, `${c.kind}.${c.ordinal}.log`) }));
    return ensureLogPumps(this.client.bin, this.pumpDir, targets);
  }

  /** The `release` process, once per deploy, in a throwaway container of the new image. */
  private async runRelease(record: ReleaseRecord): Promise<void> {
    const command = this.context.appConfig.workers.release;
    if (command === undefined || command.trim() === '') return;
    this.runtime.log.info(`docker: running the release command of ${this.appName}: ${command}`);
    const network = record.network === 'host' ? ['--network', 'host'] : [];
    await docker(this.client, ['run', '--rm', '--init', '--label', `${LABELS.app}=${this.appName}`, '--label', `${LABELS.root}=${this.rootId}`, '--env-file', record.envFile, ...network, record.image, '/bin/sh', '-c', command], {
      timeoutMs: 15 * 60_000,
      logFile: join(this.paths.log, 'release.log'),
    });
  }

  private async removeContainers(containers: readonly ContainerRecord[]): Promise<void> {
    const names = containers.map((c) => c.name);
    if (names.length === 0) return;
    await removeContainers(this.client, names).catch(() => undefined);
    await stopLogPumps(this.pumpDir, names);
  }

  private async stopAndRemove(containers: readonly ContainerRecord[]): Promise<void> {
    const names = containers.map((c) => c.name);
    await stopContainers(this.client, names, this.stopTimeout).catch(() => undefined);
    await this.removeContainers(containers);
  }

  /** A release nobody committed (failed gate, crashed host): remove it, restore the previous. */
  private async undoUncommitted(state: ContainerState): Promise<void> {
    const current = state.current;
    if (current === null || current.committed) return;
    await this.removeContainers(current.containers);
    await rm(current.envFile, { force: true });
    state.current = state.previous;
    state.previous = null;
    await writeState(this.paths.root, state);
    this.runtime.log.info(`docker: release ${current.release} of ${this.appName} rolled back`);
  }

  /** Every container of this app under this HOP3_ROOT, any release. */
  private appContainers(): Promise<string[]> {
    return containersByLabel(this.client, [`${LABELS.app}=${this.appName}`, `${LABELS.root}=${this.rootId}`]);
  }

  private async startRelease(state: ContainerState): Promise<void> {
    const current = state.current;
    if (current === null) return;
    const found = await inspectContainers(this.client, current.containers);
    const present = current.containers.filter((c) => found.has(c.name));
    const notRunning = present.filter((c) => !found.get(c.name)!.State.Running).map((c) => c.name);
    await startContainers(this.client, notRunning);
    if (present.length < current.containers.length) {
      // Removed behind Hop3's back: run them again from the release's image.
      current.containers = await this.startContainers(current, state.counts, present);
    }
    await this.pumpLogs(current.containers);
    if (state.stopped || present.length < current.containers.length) {
      state.stopped = false;
      await writeState(this.paths.root, state);
    }
  }

  /** New counts: saved always; applied to the running release at once (new web containers answer before this returns). */
  private async applyCounts(state: ContainerState, counts: Counts): Promise<void> {
    const current = state.current;
    state.counts = counts;
    if (current === null || state.stopped) {
      await writeState(this.paths.root, state);
      return;
    }
    const extra = current.containers.filter((c) => c.ordinal > (counts[c.kind] ?? 0));
    const kept = current.containers.filter((c) => c.ordinal <= (counts[c.kind] ?? 0));
    const all = await this.startContainers(current, counts, kept);
    const added = all.filter((c) => !kept.includes(c));
    current.containers = all;
    await writeState(this.paths.root, state);
    const ports = added.map((c) => c.port).filter((p): p is number => p !== null);
    await waitUntil(async () => (await Promise.all(ports.map((p) => answersHttp(p, 500)))).every(Boolean), {
      timeoutMs: SCALE_START_TIMEOUT_MS,
      intervalMs: 100,
      description: `the new web containers of ${this.appName} to answer`,
    });
    await this.stopAndRemove(extra);
  }

  private deploymentInfo(record: ReleaseRecord): DeploymentInfo {
    const web = record.containers.filter((c) => c.kind === 'web' && c.port !== null);
    const [first, ...rest] = web;
    if (first === undefined) return { protocol: 'tcp', address: '127.0.0.1', port: null };
    return {
      protocol: 'http',
      address: '127.0.0.1',
      port: first.port,
      ...(rest.length > 0 ? { upstreams: rest.map((c) => ({ address: '127.0.0.1', port: c.port })) } : {}),
      logFile: join(this.paths.log, 'web.1.log'),
    };
  }
}

function describe(counts: Counts): string {
  return Object.entries(counts).map(([kind, n]) => `${kind}=${n}`).join(' ');
}
