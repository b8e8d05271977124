import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BuildArtifact, Deployer, DeployerStatus, DeploymentContext, DeploymentInfo, DestroyOptions, ScaleDeltas, StrategyRuntime, WorkerStatus } from '@hop3/core';
import { waitUntil, writeFileAtomic } from '@hop3/kit';
import { answersHttp } from '../answers-http.js';
import { projectName } from '../compose/project.js';
import { readComposeState, removeComposeState, writeComposeState, type ComposeState } from '../compose/compose-state.js';
import { docker } from '../docker-cli.js';
import type { Measured } from '../docker-deployer-base.js';
import { ComposeFamilyDeployer } from '../compose/compose-family-deployer.js';
import { writeDockerEnvFile } from '../env-file.js';
import { loadYaml } from '../yaml.js';
import { DockerErrorCodes, dockerError } from '../errors.js';
import { applyImageRetention, removeAppImages } from '../image-retention.js';
import { ensureLogPumps } from '../log-pumps.js';
import { serviceName, serviceTasks, taskFailure, wantedRunning, type SwarmTask } from './swarm-tasks.js';

/** How long the new web tasks have to be scheduled and started (pulling an image may take a while). */
const TASKS_START_TIMEOUT_MS = 180_000;
/** The label Swarm puts on everything of a stack. */
const STACK_LABEL = 'com.docker.stack.namespace';
/**
 * Seconds an old web task keeps serving once Swarm stops it, unless `[docker] drain` says: Swarm
 * stops it as soon as the new task is healthy, without waiting for the proxy to switch.
 */
const SWARM_DRAIN_SECONDS = 5;
/** A signal node (and most servers) ignore: the task keeps serving until the drain's SIGKILL. */
const DRAIN_SIGNAL = 'SIGWINCH';

/**
 * Runs a compose app as the Swarm stack `hop3-<app>` (`[docker] mode = "swarm"`). The web
 * service is published in host mode on a random port per task, with `endpoint_mode: dnsrr` and
 * `start-first` updates: a redeploy is `docker stack deploy`, Swarm starts each new task beside
 * the old one and stops the old one once the new one is healthy. `deploy()` waits for the new
 * web tasks and hands the proxy their ports first and the old tasks' ports after them, so nginx
 * (which sends a refused request on to the next server) serves throughout, whenever Swarm stops
 * an old task. A failed gate deploys the previous stack file again.
 */
export class SwarmDeployer extends ComposeFamilyDeployer<Measured & { tasks: Map<string, SwarmTask[]> }> implements Deployer {
  static readonly strategyName = 'docker-swarm';
  readonly name = 'docker-swarm';
  protected readonly deployedAs = 'as a Swarm stack';
  private readonly stack: string;

  constructor(context: DeploymentContext, artifact: BuildArtifact, runtime: StrategyRuntime) {
    super(context, artifact, runtime);
    this.stack = projectName(context.appName);
  }

  accept(): boolean {
    if (this.artifact.kind === 'docker-compose' && this.artifact.metadata.mode === 'swarm') return true;
    this.rejectionReason = `runs compose apps in Swarm mode ([docker] mode = "swarm"), not "${this.artifact.kind}"${this.artifact.kind === 'docker-compose' ? ' in compose mode' : ''}`;
    return false;
  }

  deploy(deltas: ScaleDeltas = {}): Promise<DeploymentInfo> {
    return this.locked(async () => {
      if (!this.accept()) throw dockerError({ code: DockerErrorCodes.unsupportedArtifact, message: this.rejectionReason ?? 'unsupported artifact' });
      await this.requireManager();
      const meta = this.meta();
      const previous = await readComposeState(this.paths.root, this.appName);
      if (previous !== null) await this.undoUncommitted(previous);
      await writeDockerEnvFile(meta.envFile, { ...this.appEnv, APP: this.appName });
      const counts: Record<string, number> = { ...meta.replicas, ...(previous?.counts ?? {}) };
      for (const [service, delta] of Object.entries(deltas)) counts[service] = Math.max(0, (counts[service] ?? 1) + delta);
      if ((counts[meta.webService] ?? 1) < 1) counts[meta.webService] = 1;
      const webService = serviceName(this.stack, meta.webService);
      const old = previous !== null && !previous.stopped ? wantedRunning(await serviceTasks(this.client, webService, meta.webPort)) : [];
      const file = await this.writeStackFile(meta.stackFile, meta.release, counts, meta.webService);
      const state: ComposeState = {
        version: 1,
        mode: 'swarm',
        project: this.stack,
        release: meta.release,
        file,
        envFile: meta.envFile,
        webService: meta.webService,
        webPort: meta.webPort,
        counts,
        rollout: { old: old.map((t) => t.id), fresh: [], previousRelease: previous?.release ?? null, previousFile: previous?.file ?? null },
        committed: false,
        stopped: false,
      };
      // Saved first: a failure below is undone from this state (the previous stack deployed again).
      await writeComposeState(this.paths.root, state);
      try {
        await this.stackDeploy(file);
        const { fresh, old: stillOld } = await this.waitForNewTasks(webService, meta.webPort, meta.release, counts[meta.webService] ?? 1);
        state.rollout!.fresh = fresh.map((t) => t.id);
        await writeComposeState(this.paths.root, state);
        // Not awaited: the proxy should learn the new ports as soon as possible (pumps never throw).
        this.pumpInBackground(this.pumpLogs());
        this.runtime.log.info(`docker-swarm: release ${meta.release} of ${this.appName} started as stack ${this.stack} (${fresh.length} new ${meta.webService} tasks)`);
        return portsInfo([...fresh, ...stillOld]);
      } catch (error) {
        await this.undoUncommitted(state);
        throw error;
      }
    });
  }

  /** A new web task that failed or was rejected ends the health gate at once. Never throws. */
  async startupFailure(): Promise<string | null> {
    try {
      const state = await readComposeState(this.paths.root, this.appName);
      if (state === null || state.rollout === null) return null;
      const tasks = await serviceTasks(this.client, serviceName(this.stack, state.webService), state.webPort);
      const failed = tasks.filter((t) => t.release === state.release).map(taskFailure).find((reason) => reason !== null);
      return failed === undefined ? null : `${failed}${await this.logTail(state.webService)}`;
    } catch {
      return null;
    }
  }

  protected async afterCommit(state: ComposeState, rollout: NonNullable<ComposeState['rollout']>): Promise<void> {
    // Swarm stops the old tasks itself (start-first); only old images may go.
    await applyImageRetention(this.client, this.context, this.runtime);
    if (rollout.previousFile !== null && rollout.previousFile !== state.file) await rm(rollout.previousFile, { force: true });
  }

  /** The stack's services at their recorded counts (Swarm keeps each at its replicas). */
  protected async currentCounts(state: ComposeState): Promise<Record<string, number>> {
    return { ...state.counts };
  }

  /** Every service scaled to 0 (the stack stays, with its volumes and networks). Idempotent. */
  stop(): Promise<void> {
    return this.locked(async () => {
      const state = await readComposeState(this.paths.root, this.appName);
      if (state === null) return;
      await this.serviceScale(Object.fromEntries(Object.keys(state.counts).map((service) => [service, 0])));
      if (!state.stopped) await writeComposeState(this.paths.root, { ...state, stopped: true });
    });
  }

  /** Every service back to its count. Idempotent. */
  start(): Promise<void> {
    return this.locked(async () => {
      const state = await readComposeState(this.paths.root, this.appName);
      if (state === null) return;
      await this.serviceScale(state.counts);
      if (state.stopped) await writeComposeState(this.paths.root, { ...state, stopped: false });
      await this.pumpLogs();
    });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** `docker stack rm`, then what it leaves (networks still in use a moment, volumes with `volumes`). Idempotent. */
  destroy(options: DestroyOptions = {}): Promise<void> {
    return this.locked(async () => {
      await docker(this.client, ['stack', 'rm', this.stack], { allowFailure: true });
      // stack rm returns at once; its containers go over the next seconds (their stop timeout).
      await waitUntil(async () => (await this.stackObjects('ps', ['-aq'])).length === 0, {
        timeoutMs: (this.stopTimeout + 30) * 1000,
        intervalMs: 250,
        description: `the containers of stack ${this.stack} to be removed`,
      });
      const networks = await this.stackObjects('network', ['ls', '-q']);
      if (networks.length > 0) await docker(this.client, ['network', 'rm', ...networks], { allowFailure: true });
      if (options.volumes === true) {
        const volumes = await this.stackObjects('volume', ['ls', '-q']);
        if (volumes.length > 0) await docker(this.client, ['volume', 'rm', '--force', ...volumes]);
      }
      await removeAppImages(this.client, this.appName);
      await this.removeDockerDir();
      await removeComposeState(this.paths.root);
    });
  }

  async getStatus(): Promise<DeployerStatus> {
    const state = await readComposeState(this.paths.root, this.appName).catch(() => null);
    const measured = await this.measureOrNothing();
    const tasks = 'tasks' in measured ? measured.tasks : new Map<string, SwarmTask[]>();
    const processes = Object.fromEntries([...tasks].map(([service, list]) => [service, list.length]));
    const web = state === null ? [] : (tasks.get(state.webService) ?? []).filter((t) => t.state === 'running');
    if (state !== null && !state.stopped) await this.pumpLogs();
    return { running: measured.running, processes: state === null ? processes : { ...state.counts, ...processes }, deployment: state === null ? null : portsInfo(web), workers: measured.workers };
  }

  // ---- internals ------------------------------------------------------------------------

  protected async measure(): Promise<Measured & { tasks: Map<string, SwarmTask[]> }> {
    const state = await readComposeState(this.paths.root, this.appName);
    if (state === null) return { running: false, workers: [], tasks: new Map() };
    const tasks = new Map<string, SwarmTask[]>();
    const workers: WorkerStatus[] = [];
    for (const service of Object.keys(state.counts)) {
      const list = wantedRunning(await serviceTasks(this.client, serviceName(this.stack, service), service === state.webService ? state.webPort : null));
      tasks.set(service, list);
      for (const task of list) {
        const base = { kind: service, ordinal: task.slot };
        const failure = taskFailure(task);
        if (failure !== null) workers.push({ ...base, state: 'crashed', detail: failure });
        else if (task.state !== 'running') workers.push({ ...base, state: 'starting', detail: `task ${task.state}` });
        else if (service === state.webService) workers.push({ ...base, state: task.port !== null && (await answersHttp(task.port)) ? 'up' : 'starting', ...(task.port !== null ? { detail: `port ${task.port}` } : {}) });
        else workers.push({ ...base, state: 'up' });
      }
    }
    const web = workers.filter((w) => w.kind === state.webService);
    const running = !state.stopped && web.length > 0 && web.every((w) => w.state === 'up');
    return { running, workers: workers.sort((a, b) => (a.kind === b.kind ? a.ordinal - b.ordinal : a.kind < b.kind ? -1 : 1)), tasks };
  }

  private meta(): { release: number; stackFile: string; envFile: string; webService: string; webPort: number; replicas: Record<string, number> } {
    const m = this.artifact.metadata as Record<string, unknown>;
    if (typeof m.stackFile !== 'string') throw dockerError({ code: DockerErrorCodes.unsupportedArtifact, message: 'the swarm artifact names no stack file: rebuild the app' });
    const services = Array.isArray(m.services) ? m.services.map(String) : [];
    return {
      release: Number(m.release),
      stackFile: m.stackFile,
      envFile: String(m.envFile),
      webService: String(m.webService),
      webPort: Number(m.webPort),
      replicas: Object.fromEntries(services.map((service) => [service, 1])),
    };
  }

  /** Only a Swarm manager deploys stacks: say how to make one before anything changes. */
  private async requireManager(): Promise<void> {
    const info = await docker(this.client, ['info', '--format', '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}']);
    const [nodeState, manager] = info.stdout.trim().split(' ');
    if (nodeState === 'active' && manager === 'true') return;
    throw dockerError({
      code: DockerErrorCodes.swarmInactive,
      message: `[docker] mode = "swarm" needs this Docker engine to be a Swarm manager (its swarm state is "${nodeState ?? 'unknown'}"${nodeState === 'active' ? ', as a worker' : ''}). Run "docker swarm init" here (or deploy on a manager), or use [docker] mode = "compose".`,
      details: { nodeState, manager },
    });
  }

  /**
   * The release's stack file in the app's docker dir: each service's replicas from the counts, and
   * the web service's drain. Swarm stops an old web task once the new one is healthy, which can be
   * before the proxy has switched to the new one: so, unless the file sets them, an old web task
   * gets a signal it ignores and keeps serving for the drain (`[docker] drain`, default 5 s)
   * before the stop's SIGKILL.
   */
  private async writeStackFile(source: string, release: number, counts: Record<string, number>, webService: string): Promise<string> {
    const { parse, stringify } = await loadYaml();
    const document = parse(await readFile(source, 'utf8')) as { services: Record<string, Record<string, unknown>> };
    for (const [name, service] of Object.entries(document.services)) {
      service.deploy = { ...(service.deploy as Record<string, unknown> | undefined), replicas: counts[name] ?? 1 };
      if (name === webService && service.stop_signal === undefined && service.stop_grace_period === undefined) {
        service.stop_signal = DRAIN_SIGNAL;
        service.stop_grace_period = `${this.config.drain ?? SWARM_DRAIN_SECONDS}s`;
      }
    }
    await mkdir(this.dockerDir, { recursive: true, mode: 0o700 });
    const file = join(this.dockerDir, `stack-r${release}.yaml`);
    await writeFileAtomic(file, stringify(document, { version: '1.1' }), { mode: 0o600 });
    return file;
  }

  private async stackDeploy(file: string): Promise<void> {
    // --resolve-image never: the images are this machine's (a multi-node swarm pulls them from a
    // registry by name: see docs/docker.md). --prune: services dropped from the file go.
    await docker(this.client, ['stack', 'deploy', '--prune', '--resolve-image', 'never', '--compose-file', file, this.stack], { timeoutMs: 5 * 60_000 });
  }

  /**
   * Wait until `count` tasks of the release run with a published port (fail at once when one
   * fails); returns them and the older tasks still running beside them.
   */
  private async waitForNewTasks(service: string, target: number, release: number, count: number): Promise<{ fresh: SwarmTask[]; old: SwarmTask[] }> {
    const started = Date.now();
    for (;;) {
      const all = await serviceTasks(this.client, service, target);
      const tasks = all.filter((t) => t.release === release);
      const failed = tasks.map(taskFailure).find((reason) => reason !== null);
      if (failed !== undefined) {
        throw dockerError({ code: DockerErrorCodes.swarmUpdateFailed, message: `The new ${service} tasks of "${this.appName}" did not start: ${failed}${await this.logTail(service.slice(this.stack.length + 1))}`, details: { service } });
      }
      const ready = wantedRunning(tasks).filter((t) => t.state === 'running' && t.port !== null);
      if (ready.length >= count) return { fresh: ready, old: wantedRunning(all).filter((t) => t.release !== release && t.state === 'running') };
      if (Date.now() - started > TASKS_START_TIMEOUT_MS) {
        const states = wantedRunning(tasks).map((t) => `${t.state}${t.error !== null ? ` (${t.error})` : ''}`).join(', ') || 'none scheduled';
        throw dockerError({ code: DockerErrorCodes.swarmUpdateFailed, message: `The new ${service} tasks of "${this.appName}" were not running after ${TASKS_START_TIMEOUT_MS / 1000} s (tasks: ${states}).`, details: { service } });
      }
      await sleep(100);
    }
  }

  /** A release nobody committed: the previous stack file deployed again, or the stack removed after a first deploy. */
  protected async undoUncommitted(state: ComposeState): Promise<void> {
    if (state.committed || state.rollout === null) return;
    const previousFile = state.rollout.previousFile;
    if (previousFile === null) {
      await docker(this.client, ['stack', 'rm', this.stack], { allowFailure: true });
      await removeComposeState(this.paths.root);
    } else {
      await this.stackDeploy(previousFile).catch(() => undefined);
      await writeComposeState(this.paths.root, { ...state, release: state.rollout.previousRelease ?? state.release, file: previousFile, rollout: null, committed: true });
    }
    if (state.file !== previousFile) await rm(state.file, { force: true });
    this.runtime.log.info(`docker-swarm: release ${state.release} of ${this.appName} rolled back`);
  }

  protected async applyCounts(state: ComposeState, counts: Record<string, number>, changed: readonly string[]): Promise<void> {
    const services = Object.keys(state.counts);
    for (const service of changed) {
      const n = counts[service]!;
      if (!services.includes(service)) throw dockerError({ code: DockerErrorCodes.invalidScale, message: `The app has no service "${service}" (services: ${services.join(', ')}).`, details: { kind: service } });
      if (!Number.isInteger(n) || n < 0) throw dockerError({ code: DockerErrorCodes.invalidScale, message: `${service} cannot run ${n} tasks: give a whole number, 0 or more.`, details: { kind: service, count: n } });
      if (service === state.webService && n === 0) throw dockerError({ code: DockerErrorCodes.invalidScale, message: `The web service cannot be scaled to 0 (the app would stop answering): use "hop3 stop" to stop the app.`, details: { kind: service } });
    }
    const wanted = Object.fromEntries(changed.map((service) => [service, counts[service]!]));
    if (!state.stopped) await this.serviceScale(wanted);
    const next = { ...state, counts: { ...state.counts, ...wanted } };
    // The stack file carries the replicas, so a later `stack deploy` keeps them.
    next.file = await this.writeStackFile(state.file, state.release, next.counts, state.webService);
    await writeComposeState(this.paths.root, next);
    if (state.stopped || wanted[state.webService] === undefined) return;
    // New web tasks answer before the proxy is pointed at them.
    await waitUntil(async () => {
      const ready = wantedRunning(await serviceTasks(this.client, serviceName(this.stack, state.webService), state.webPort)).filter((t) => t.state === 'running' && t.port !== null);
      return ready.length === wanted[state.webService] && (await Promise.all(ready.map((t) => answersHttp(t.port!, 500)))).every(Boolean);
    }, { timeoutMs: TASKS_START_TIMEOUT_MS, intervalMs: 250, description: `the ${state.webService} tasks of ${this.appName} to answer` });
    await this.pumpLogs();
  }

  /** `docker service scale` (waits for the tasks to converge). */
  private async serviceScale(counts: Record<string, number>): Promise<void> {
    const args = Object.entries(counts).map(([service, n]) => `${serviceName(this.stack, service)}=${n}`);
    if (args.length === 0) return;
    await docker(this.client, ['service', 'scale', '--detach=false', ...args], { timeoutMs: 5 * 60_000 });
  }

  /** Ids of the stack's objects of one kind (`ps -aq`, `network ls -q`, `volume ls -q`), by Swarm's label. */
  private async stackObjects(command: 'ps' | 'network' | 'volume', args: string[]): Promise<string[]> {
    const result = await docker(this.client, [command, ...args, '--filter', `label=${STACK_LABEL}=${this.stack}`], { allowFailure: true });
    return result.stdout.split('\n').map((line) => line.trim()).filter(Boolean);
  }

  private async logTail(service: string): Promise<string> {
    const result = await docker(this.client, ['service', 'logs', '--no-task-ids', '--tail', '20', serviceName(this.stack, service)], { allowFailure: true, timeoutMs: 10_000 }).catch(() => null);
    const lines = result === null ? [] : `${result.stdout}\n${result.stderr}`.split('\n').filter((line) => line.trim() !== '').slice(-20);
    return lines.length > 0 ? `; its last lines:\n${lines.map((line) => `  ${line}`).join('\n')}` : '';
  }

  /** Each local task container's output into `<app>/log/<service>.<slot>.log`. */
  private async pumpLogs(): Promise<void> {
    const result = await docker(this.client, ['ps', '--filter', `label=${STACK_LABEL}=${this.stack}`, '--format', '{{.Names}}'], { allowFailure: true }).catch(() => null);
    const names = result?.stdout.split('\n').map((line) => line.trim()).filter(Boolean) ?? [];
    // Task containers are named <stack>_<service>.<slot>.<task id>.
    const targets = names.map((name) => {
      const [service = 'service', slot = '0'] = name.slice(this.stack.length + 1).split('.');
      return { container: name, logFile: join(this.paths.log, `${service}.${slot}.log`) };
    });
    await ensureLogPumps(this.client.bin, this.pumpDir, targets);
  }
}

/** The proxy's backend: the first task's port, the others as upstreams (on this node's loopback). */
function portsInfo(tasks: readonly SwarmTask[]): DeploymentInfo {
  const ports = [...new Set(tasks.map((t) => t.port).filter((p): p is number => p !== null))];
  const [first, ...rest] = ports;
  if (first === undefined) return { protocol: 'tcp', address: '127.0.0.1', port: null };
  return { protocol: 'http', address: '127.0.0.1', port: first, ...(rest.length > 0 ? { upstreams: rest.map((port) => ({ address: '127.0.0.1', port })) } : {}) };
}
