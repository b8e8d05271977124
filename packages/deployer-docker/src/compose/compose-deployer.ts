import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildArtifact, Deployer, DeployerStatus, DeploymentContext, DestroyOptions, DeploymentInfo, ScaleDeltas, StrategyRuntime, WorkerStatus } from '@hop3/core';
import { waitUntil } from '@hop3/kit';
import { answersHttp } from '../answers-http.js';
import type { Measured } from '../docker-deployer-base.js';
import { ComposeFamilyDeployer } from './compose-family-deployer.js';
import { containerLogTail } from '../container-status.js';
import { docker, inspect } from '../docker-cli.js';
import { containersByLabel, removeContainers, restartContainers, startContainers, stopContainers } from '../docker-objects.js';
import { writeDockerEnvFile } from '../env-file.js';
import { DockerErrorCodes, dockerError } from '../errors.js';
import { applyImageRetention, removeAppImages } from '../image-retention.js';
import { retireContainers } from '../retirement.js';
import { ensureLogPumps } from '../log-pumps.js';
import { LABELS } from '../names.js';
import { compose, composeRunner } from './compose-cli.js';
import { projectName } from './project.js';
import { readComposeState, removeComposeState, writeComposeState, type ComposeState } from './compose-state.js';

const PROJECT_LABEL = 'com.docker.compose.project';
const SERVICE_LABEL = 'com.docker.compose.service';
const NUMBER_LABEL = 'com.docker.compose.container-number';
const SCALE_START_TIMEOUT_MS = 60_000;

interface ComposeMeasured extends Measured {
  containers: ProjectContainer[];
}

interface ProjectContainer {
  Id: string;
  Name: string;
  RestartCount: number;
  Config: { Labels: Record<string, string> };
  State: { Status: string; Running: boolean; Restarting: boolean; ExitCode: number; StartedAt: string; Pid: number };
  NetworkSettings: { Ports: Record<string, Array<{ HostIp: string; HostPort: string }> | null> | null };
}


/**
 * Runs a `docker-compose` artifact as the Compose project `hop3-<app>`. A redeploy updates the
 * other services with `up -d` (stateful ones are not duplicated) and rolls the web service
 * without an outage: scale it up beside the old containers, let the health gate see the new ones
 * answer, switch the proxy, then `commit()` retires the old ones (instead of the outage of
 * `up -d` recreating them). Named volumes survive redeploys and `destroy`.
 */
export class ComposeDeployer extends ComposeFamilyDeployer<ComposeMeasured> implements Deployer {
  static readonly strategyName = 'docker-compose';
  readonly name = 'docker-compose';
  protected readonly deployedAs = 'with docker-compose';
  private readonly project: string;

  constructor(context: DeploymentContext, artifact: BuildArtifact, runtime: StrategyRuntime) {
    super(context, artifact, runtime);
    this.project = projectName(context.appName);
  }

  accept(): boolean {
    if (this.artifact.kind === 'docker-compose' && this.artifact.metadata.mode !== 'swarm') return true;
    this.rejectionReason = `runs "docker-compose" artifacts (an app with a compose file), not "${this.artifact.kind}"`;
    return false;
  }

  deploy(deltas: ScaleDeltas = {}): Promise<DeploymentInfo> {
    return this.locked(async () => {
      if (!this.accept()) throw dockerError({ code: DockerErrorCodes.unsupportedArtifact, message: this.rejectionReason ?? 'unsupported artifact' });
      const previous = await readComposeState(this.paths.root, this.appName);
      if (previous !== null) await this.undoUncommitted(previous);
      const meta = this.meta();
      await writeDockerEnvFile(meta.envFile, { ...this.appEnv, APP: this.appName });
      const runner = await composeRunner(this.client);
      const counts = { ...(previous?.counts ?? {}) };
      for (const [service, delta] of Object.entries(deltas)) counts[service] = (counts[service] ?? 1) + delta;
      const oldWeb = previous !== null && !previous.stopped ? await this.running(meta.webService) : [];
      let fresh: string[];
      if (oldWeb.length === 0) {
        await compose(runner, this.project, meta.file, ['up', '--detach', '--remove-orphans', ...this.scaleArgs(counts)], { timeoutMs: 15 * 60_000 });
        fresh = await this.containers(meta.webService);
      } else {
        const others = meta.services.filter((service) => service !== meta.webService);
        if (others.length > 0) await compose(runner, this.project, meta.file, ['up', '--detach', '--no-deps', ...this.scaleArgs(counts, others), ...others], { timeoutMs: 15 * 60_000 });
        const want = counts[meta.webService] ?? oldWeb.length;
        await compose(runner, this.project, meta.file, ['up', '--detach', '--no-deps', '--no-recreate', '--scale', `${meta.webService}=${oldWeb.length + want}`, meta.webService], { timeoutMs: 15 * 60_000 });
        fresh = (await this.containers(meta.webService)).filter((id) => !oldWeb.includes(id));
      }
      const state: ComposeState = {
        version: 1,
        mode: 'compose',
        project: this.project,
        release: meta.release,
        file: meta.file,
        envFile: meta.envFile,
        webService: meta.webService,
        webPort: meta.webPort,
        counts,
        rollout: { old: oldWeb, fresh, previousRelease: previous?.release ?? null, previousFile: previous?.file ?? null },
        committed: false,
        stopped: false,
      };
      await writeComposeState(this.paths.root, state);
      await this.pumpLogs();
      this.runtime.log.info(`docker-compose: release ${meta.release} of ${this.appName} started (${fresh.length} new ${meta.webService} containers)`);
      return this.deploymentInfo(await this.inspectIds(fresh), meta.webService, meta.webPort);
    });
  }

  /** A new web container that exited (or keeps restarting) ends the health gate at once. Never throws. */
  async startupFailure(): Promise<string | null> {
    try {
      const state = await readComposeState(this.paths.root, this.appName);
      for (const container of await this.inspectIds(state?.rollout?.fresh ?? [])) {
        const { State: s } = container;
        if (s.Running && container.RestartCount === 0) continue;
        const name = container.Name.replace(/^\//, '');
        const tail = await containerLogTail(this.client, name);
        const why = s.Running || s.Restarting ? `keeps exiting (last exit code ${s.ExitCode})` : `exited with code ${s.ExitCode}`;
        return `container ${name} ${why}${tail.length > 0 ? `; its last lines:\n${tail.map((l) => `  ${l}`).join('\n')}` : ''}`;
      }
      return null;
    } catch {
      return null;
    }
  }

  protected async afterCommit(_state: ComposeState, rollout: NonNullable<ComposeState['rollout']>): Promise<void> {
    await Promise.all([
      retireContainers(this.client, rollout.old, this.drain, this.stopTimeout),
      applyImageRetention(this.client, this.context, this.runtime),
    ]);
  }

  stop(): Promise<void> {
    return this.locked(async () => {
      const ids = await this.containers();
      await stopContainers(this.client, ids, this.stopTimeout);
      const state = await readComposeState(this.paths.root, this.appName);
      if (state !== null && !state.stopped) await writeComposeState(this.paths.root, { ...state, stopped: true });
    });
  }

  start(): Promise<void> {
    return this.locked(async () => {
      const state = await readComposeState(this.paths.root, this.appName);
      if (state === null) return;
      const runner = await composeRunner(this.client);
      await writeDockerEnvFile(state.envFile, { ...this.appEnv, APP: this.appName });
      const stopped = (await this.inspectIds(await this.containers())).filter((c) => !c.State.Running).map((c) => c.Id);
      await startContainers(this.client, stopped);
      // Anything removed behind Hop3's back comes back; running containers are left alone.
      await compose(runner, this.project, state.file, ['up', '--detach', '--no-recreate', ...this.scaleArgs(state.counts)], { timeoutMs: 15 * 60_000 });
      if (state.stopped) await writeComposeState(this.paths.root, { ...state, stopped: false });
      await this.pumpLogs();
    });
  }

  restart(): Promise<void> {
    return this.locked(async () => {
      const state = await readComposeState(this.paths.root, this.appName);
      if (state === null) return;
      const ids = await this.containers();
      await restartContainers(this.client, ids, this.stopTimeout);
      if (state.stopped) await writeComposeState(this.paths.root, { ...state, stopped: false });
      await this.pumpLogs();
    });
  }

  /** Remove the project's containers and networks (found by label) and the app's images; named volumes only with `volumes`. */
  destroy(options: DestroyOptions = {}): Promise<void> {
    return this.locked(async () => {
      const ids = await this.containers();
      await removeContainers(this.client, ids);
      const networks = (await docker(this.client, ['network', 'ls', '-q', '--filter', `label=${PROJECT_LABEL}=${this.project}`])).stdout.split('\n').filter(Boolean);
      if (networks.length > 0) await docker(this.client, ['network', 'rm', ...networks], { allowFailure: true });
      if (options.volumes === true) await this.removeVolumes();
      await removeAppImages(this.client, this.appName);
      const state = await readComposeState(this.paths.root, this.appName).catch(() => null);
      if (state !== null) await rm(state.envFile, { force: true });
      await this.removeDockerDir();
      await removeComposeState(this.paths.root);
    });
  }

  async getStatus(): Promise<DeployerStatus> {
    const state = await readComposeState(this.paths.root, this.appName).catch(() => null);
    const measured = await this.measureOrNothing();
    const { running, workers } = measured;
    const containers = 'containers' in measured ? measured.containers : [];
    const processes: Record<string, number> = {};
    for (const c of containers) processes[c.Config.Labels[SERVICE_LABEL] ?? '?'] = (processes[c.Config.Labels[SERVICE_LABEL] ?? '?'] ?? 0) + 1;
    const web = state === null ? [] : containers.filter((c) => c.Config.Labels[SERVICE_LABEL] === state.webService && c.State.Running);
    const deployment = state === null ? null : this.deploymentInfo(web, state.webService, state.webPort);
    if (state !== null && !state.stopped) await this.pumpLogs();
    return { running, processes, deployment, workers };
  }

  // ---- internals ------------------------------------------------------------------------

  /** The project's named volumes (compose labels them with the project), with their data. */
  private async removeVolumes(): Promise<void> {
    const volumes = (await docker(this.client, ['volume', 'ls', '-q', '--filter', `label=${PROJECT_LABEL}=${this.project}`])).stdout.split('\n').filter(Boolean);
    if (volumes.length === 0) return;
    await docker(this.client, ['volume', 'rm', '--force', ...volumes]);
    this.runtime.log.info(`docker-compose: removed the volumes of ${this.appName}: ${volumes.join(', ')}`);
  }

  private meta(): { release: number; file: string; envFile: string; webService: string; webPort: number; services: string[] } {
    const m = this.artifact.metadata as Record<string, unknown>;
    const file = m.renderedFile;
    if (typeof file !== 'string') throw dockerError({ code: DockerErrorCodes.unsupportedArtifact, message: 'the docker-compose artifact names no rendered compose file: rebuild the app' });
    return {
      release: Number(m.release),
      file,
      envFile: String(m.envFile),
      webService: String(m.webService),
      webPort: Number(m.webPort),
      services: Array.isArray(m.services) ? m.services.map(String) : [],
    };
  }

  private scaleArgs(counts: Record<string, number>, only?: readonly string[]): string[] {
    return Object.entries(counts).filter(([service]) => only === undefined || only.includes(service)).flatMap(([service, n]) => ['--scale', `${service}=${n}`]);
  }

  /** Ids of the project's containers (this root's), optionally of one service. */
  private async containers(service?: string): Promise<string[]> {
    const filters = [`${PROJECT_LABEL}=${this.project}`, `${LABELS.root}=${this.rootId}`, ...(service ? [`${SERVICE_LABEL}=${service}`] : [])];
    return containersByLabel(this.client, filters);
  }

  private async running(service: string): Promise<string[]> {
    return (await this.inspectIds(await this.containers(service))).filter((c) => c.State.Running).map((c) => c.Id);
  }

  private inspectIds(ids: readonly string[]): Promise<ProjectContainer[]> {
    return inspect<ProjectContainer>(this.client, ids);
  }

  protected async currentCounts(state: ComposeState): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const c of await this.inspectIds(await this.containers())) {
      const service = c.Config.Labels[SERVICE_LABEL];
      if (service !== undefined) counts[service] = (counts[service] ?? 0) + 1;
    }
    return { ...state.counts, ...counts };
  }

  protected async applyCounts(state: ComposeState, counts: Record<string, number>, changed: readonly string[]): Promise<void> {
    const services = Object.keys(await this.currentCounts(state));
    for (const service of changed) {
      const n = counts[service]!;
      if (!services.includes(service)) throw dockerError({ code: DockerErrorCodes.invalidScale, message: `The app has no service "${service}" (services: ${services.join(', ')}).`, details: { kind: service } });
      if (!Number.isInteger(n) || n < 0) throw dockerError({ code: DockerErrorCodes.invalidScale, message: `${service} cannot run ${n} containers: give a whole number, 0 or more.`, details: { kind: service, count: n } });
      if (service === state.webService && n === 0) throw dockerError({ code: DockerErrorCodes.invalidScale, message: `The web service cannot be scaled to 0 (the app would stop answering): use "hop3 stop" to stop the app.`, details: { kind: service } });
    }
    const runner = await composeRunner(this.client);
    const before = await this.containers(state.webService);
    await compose(runner, this.project, state.file, ['up', '--detach', '--no-deps', '--no-recreate', ...this.scaleArgs(counts, changed), ...changed], { timeoutMs: 15 * 60_000 });
    const added = (await this.inspectIds((await this.containers(state.webService)).filter((id) => !before.includes(id))));
    const ports = added.map((c) => this.hostPort(c, state.webPort)).filter((p): p is number => p !== null);
    await waitUntil(async () => (await Promise.all(ports.map((p) => answersHttp(p, 500)))).every(Boolean), {
      timeoutMs: SCALE_START_TIMEOUT_MS,
      intervalMs: 100,
      description: `the new ${state.webService} containers of ${this.appName} to answer`,
    });
    await writeComposeState(this.paths.root, { ...state, counts: { ...state.counts, ...Object.fromEntries(changed.map((s) => [s, counts[s]!])) } });
    await this.pumpLogs();
  }

  protected async undoUncommitted(state: ComposeState): Promise<void> {
    if (state.committed || state.rollout === null) return;
    const { fresh, old } = state.rollout;
    await removeContainers(this.client, fresh).catch(() => undefined);
    if (old.length === 0) {
      // A first deploy that failed: nothing served before, nothing of it stays.
      const ids = await this.containers();
      await removeContainers(this.client, ids).catch(() => undefined);
      await removeComposeState(this.paths.root);
      return;
    }
    await writeComposeState(this.paths.root, {
      ...state,
      release: state.rollout.previousRelease ?? state.release,
      file: state.rollout.previousFile ?? state.file,
      rollout: null,
      committed: true,
    });
    this.runtime.log.info(`docker-compose: release ${state.release} of ${this.appName} rolled back`);
  }

  private hostPort(container: ProjectContainer, target: number): number | null {
    const bindings = container.NetworkSettings.Ports?.[`${target}/tcp`] ?? null;
    const port = Number(bindings?.[0]?.HostPort);
    return Number.isInteger(port) && port > 0 ? port : null;
  }

  private deploymentInfo(web: readonly ProjectContainer[], _service: string, target: number): DeploymentInfo {
    const ports = web.map((c) => this.hostPort(c, target)).filter((p): p is number => p !== null).sort((a, b) => a - b);
    const [first, ...rest] = ports;
    if (first === undefined) return { protocol: 'tcp', address: '127.0.0.1', port: null };
    return { protocol: 'http', address: '127.0.0.1', port: first, ...(rest.length > 0 ? { upstreams: rest.map((port) => ({ address: '127.0.0.1', port })) } : {}) };
  }

  protected async measure(): Promise<ComposeMeasured> {
    const state = await readComposeState(this.paths.root, this.appName);
    if (state === null) return { running: false, workers: [], containers: [] };
    const containers = await this.inspectIds(await this.containers());
    const workers: WorkerStatus[] = [];
    for (const c of containers) {
      const kind = c.Config.Labels[SERVICE_LABEL] ?? '?';
      const ordinal = Number(c.Config.Labels[NUMBER_LABEL] ?? 0);
      const name = c.Name.replace(/^\//, '');
      if (c.State.Restarting) workers.push({ kind, ordinal, state: 'restarting', detail: `exit code ${c.State.ExitCode}`, logTail: await containerLogTail(this.client, name) });
      else if (!c.State.Running) workers.push({ kind, ordinal, state: state.stopped ? 'stopped' : 'crashed', ...(state.stopped ? {} : { logTail: await containerLogTail(this.client, name) }) });
      else if (kind === state.webService) {
        const port = this.hostPort(c, state.webPort);
        const up = port !== null && (await answersHttp(port));
        workers.push({ kind, ordinal, state: up ? 'up' : 'starting', pids: [c.State.Pid] });
      } else workers.push({ kind, ordinal, state: 'up', pids: [c.State.Pid] });
    }
    const web = workers.filter((w) => w.kind === state.webService);
    return { running: !state.stopped && web.length > 0 && web.every((w) => w.state === 'up'), workers: workers.sort((a, b) => (a.kind === b.kind ? a.ordinal - b.ordinal : a.kind < b.kind ? -1 : 1)), containers };
  }

  private async pumpLogs(): Promise<void> {
    const containers = await this.inspectIds(await this.containers()).catch(() => [] as ProjectContainer[]);
    const targets = containers.map((c) => ({
      container: c.Name.replace(/^\//, ''),
      logFile: join(this.paths.log, `${c.Config.Labels[SERVICE_LABEL] ?? 'service'}.${c.Config.Labels[NUMBER_LABEL] ?? '0'}.log`),
    }));
    await ensureLogPumps(this.client.bin, this.pumpDir, targets);
  }
}
