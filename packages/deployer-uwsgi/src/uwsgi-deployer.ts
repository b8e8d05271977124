import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type AppPaths,
  type BuildArtifact,
  type Deployer,
  type DeployerStatus,
  type DeploymentContext,
  type DeploymentInfo,
  type ScaleDeltas,
  type StrategyRuntime,
  type WorkerStatus,
} from '@hop3/core';
import { isPortOpen, toolchainOf, waitUntil, withLock } from '@hop3/kit';
import { appEnvOf, workersOf } from './artifact-defaults.js';
import { ensureEmperor } from './emperor.js';
import { UwsgiErrorCodes, uwsgiError } from './errors.js';
import { prepareAppDirs } from './app-dirs.js';
import { findProcesses, processPrefix } from './processes.js';
import { runReleaseCommand } from './release-command.js';
import { applyAbsolute, applyDeltas, currentCounts, type Counts } from './scaling.js';
import { readAppTuning, readDeployerSettings, type DeployerSettings } from './settings.js';
import { emptyState, readState, removeState, writeState, type DeployState, type GenerationRecord, type VassalRecord } from './state.js';
import { installVassal, listAppVassals, removeVassal, touchVassal } from './vassal-files.js';
import { deploymentInfoOf, servingVassal } from './deployment-info.js';
import { vassalLogFile } from './log-files.js';
import { readSince, startupFailureIn, type ServingLog } from './startup-failure.js';
import { planGeneration, type PlannedVassal, type Reuse } from './generation-plan.js';
import { workerEnv } from './worker-env.js';
import { appServes, measureWorkers, webServingPids, webVassalsReloaded } from './worker-status.js';
import { processKinds, workerFamily } from './workers.js';

export const ACCEPTED_ARTIFACT_KINDS = ['virtualenv', 'python', 'node'] as const;

const STOP_TIMEOUT_MS = 20_000;
const RETIRE_TIMEOUT_MS = 15_000;
const RELEASE_TIMEOUT_MS = 15 * 60_000;
const RELOAD_TIMEOUT_MS = 30_000;

/**
 * Runs an app as uWSGI vassals, one ini file per worker process group, named
 * `<app>_<kind>.<n>.g<generation>.ini`. A redeploy starts a new generation beside the running
 * one (new ports and socket); `commit()` retires the old generation, `rollback()` the new one.
 */
export class UwsgiDeployer implements Deployer {
  static readonly strategyName = 'uwsgi';
  readonly name = 'uwsgi';
  rejectionReason: string | undefined;
  private readonly paths: AppPaths;
  /** Set by deploy(): the log of the process that should answer, and where this start began in it. */
  private servingLog: ServingLog | null = null;

  constructor(
    readonly context: DeploymentContext,
    readonly artifact: BuildArtifact,
    private readonly runtime: StrategyRuntime,
  ) {
    this.paths = runtime.layout.app(context.appName);
  }

  accept(): boolean {
    if ((ACCEPTED_ARTIFACT_KINDS as readonly string[]).includes(this.artifact.kind)) return true;
    this.rejectionReason = `uWSGI runs ${ACCEPTED_ARTIFACT_KINDS.join(', ')} artifacts, not "${this.artifact.kind}"`;
    return false;
  }

  // ---- lifecycle ------------------------------------------------------------------------

  deploy(deltas: ScaleDeltas = {}): Promise<DeploymentInfo> {
    return this.locked(async (settings) => {
      this.checkArtifact();
      const state = await readState(this.paths.root);
      await this.undoUncommitted(state, settings);
      const counts = applyDeltas(this.declaredCounts(state), deltas);
      const generation = state.lastGeneration + 1;
      // Render (and so validate) everything before anything runs or is written.
      const planned = await this.plan(settings, generation, counts, null);
      const release = this.workers.release;
      await this.prepareDirs(settings);
      if (release !== undefined && release.trim() !== '') await this.runRelease(settings, release);
      await ensureEmperor(this.runtime);

      const running = await this.isRunning(state, settings);
      if (!running) await this.removeAll(settings, { keep: new Set(), available: true });
      this.servingLog = await this.servingLogOf(planned.map((p) => p.record));
      await this.install(settings, planned);
      state.previous = running ? state.current : null;
      state.current = { generation, committed: false, sourcePath: this.context.sourcePath, vassals: planned.map((p) => p.record) };
      state.lastGeneration = generation;
      state.counts = counts;
      state.stopped = false;
      await writeState(this.paths.root, state);
      this.runtime.log.info(`uWSGI: generation ${generation} of ${this.appName} started (${this.describeCounts(counts)})`);
      return deploymentInfoOf(state.current, this.workers, this.paths.log);
    });
  }

  /** Why the web process of the generation `deploy()` just started cannot come up, or null. Never throws. */
  async startupFailure(): Promise<string | null> {
    const log = this.servingLog;
    if (log === null) return null;
    try {
      return startupFailureIn(await readSince(log.file, log.offset), log);
    } catch {
      return null;
    }
  }

  /**
   * The new generation serves: stop the previous one (its ini files go, its logs stay). This
   * does not wait for the old processes to exit: the proxy no longer sends them traffic, and
   * the emperor stops them within about two seconds (waiting was most of a redeploy's time).
   */
  commit(): Promise<void> {
    return this.locked(async (settings) => {
      const state = await readState(this.paths.root);
      if (state.current === null) return;
      state.current.committed = true;
      const previous = state.previous;
      state.previous = null;
      await writeState(this.paths.root, state);
      if (previous !== null) await this.retire(settings, previous, { wait: false });
    });
  }

  /** The new generation failed: remove it; the previous one keeps serving. */
  rollback(): Promise<void> {
    return this.locked(async (settings) => {
      const state = await readState(this.paths.root);
      await this.undoUncommitted(state, settings);
    });
  }

  scale(deltas: ScaleDeltas): Promise<void> {
    return this.locked(async (settings) => {
      const state = await readState(this.paths.root);
      await this.applyCounts(settings, state, applyDeltas(this.declaredCounts(state), deltas));
    });
  }

  /** Absolute counts (`{ web: 2 }`); kinds not named keep their count. */
  scaleTo(counts: Record<string, number>): Promise<void> {
    return this.locked(async (settings) => {
      const state = await readState(this.paths.root);
      await this.applyCounts(settings, state, applyAbsolute(this.declaredCounts(state), counts));
    });
  }

  /** Remove the app's vassals and wait until its processes are gone. Idempotent. */
  stop(): Promise<void> {
    return this.locked(async (settings) => {
      const state = await readState(this.paths.root);
      await this.stopAll(settings, state);
      if (state.current !== null || state.previous !== null) {
        state.stopped = true;
        await writeState(this.paths.root, state);
      }
    });
  }

  /** Start the app again from its persisted state (same generation, ports kept when free). */
  start(): Promise<void> {
    return this.locked(async (settings) => {
      const state = await readState(this.paths.root);
      await this.startFromState(settings, state);
    });
  }

  /** Touch the vassal files: the emperor reloads them gracefully. Starts a stopped app. */
  restart(): Promise<void> {
    return this.locked(async (settings) => {
      const state = await readState(this.paths.root);
      if (state.current === null || !(await this.isRunning(state, settings))) {
        await this.startFromState(settings, state);
        return;
      }
      const vassals = state.current.vassals;
      const before = await webServingPids({ ...this.processScope(settings), vassals });
      for (const vassal of vassals) await touchVassal(settings.vassalsDir, vassal.file);
      // The emperor reloads within its scan interval; until then the old processes answer, so
      // return only once the web kind runs anew (the host's health gate then checks it answers).
      try {
        await waitUntil(() => webVassalsReloaded({ ...this.processScope(settings), vassals }, before), {
          timeoutMs: RELOAD_TIMEOUT_MS,
          intervalMs: 100,
          description: `the processes of ${this.appName} to restart`,
        });
      } catch {
        this.runtime.log.warn(`uWSGI: ${this.appName} had not restarted ${RELOAD_TIMEOUT_MS / 1000} s after its vassals were touched`);
      }
    });
  }

  /** Stop, then remove vassal files, sockets and the state file. The data dir is kept. Idempotent. */
  destroy(): Promise<void> {
    return this.locked(async (settings) => {
      // A damaged state file must not keep the app from being removed.
      const state = await readState(this.paths.root).catch(() => emptyState());
      await this.stopAll(settings, state);
      await this.removeAll(settings, { keep: new Set(), available: true });
      await this.removeSockets(settings);
      await removeState(this.paths.root);
    });
  }

  /**
   * True when the app does its job, measured: its web kind is up and answers (or, without a web
   * kind, every worker is up). A crash-looping worker or a web kind that does not answer is not
   * "running". Never throws.
   */
  async checkStatus(): Promise<boolean> {
    try {
      return (await this.measure()).running;
    } catch {
      return false;
    }
  }

  /** Counts, where the app answers, and each worker's measured state (with its log when not up). */
  async getStatus(): Promise<DeployerStatus> {
    const state = await readState(this.paths.root).catch(() => null);
    const counts = state ? this.declaredCountsSafe(state) : {};
    const info = state?.current ? deploymentInfoOf(state.current, this.workers, this.paths.log) : null;
    const notRunning = { running: false, workers: [] as WorkerStatus[] };
    const { running, workers } = state === null ? notRunning : await this.measure(state).catch(() => notRunning);
    return { running, processes: counts, generation: state?.current?.generation ?? null, port: info?.port ?? null, deployment: info, workers };
  }

  // ---- internals ------------------------------------------------------------------------

  /** Each vassal of the live generation measured (processes, port, log) and whether the app serves. */
  private async measure(given?: DeployState): Promise<{ running: boolean; workers: WorkerStatus[] }> {
    const settings = readDeployerSettings(this.runtime);
    const state = given ?? (await readState(this.paths.root));
    if (state.current === null) return { running: false, workers: [] };
    const enabled = new Set(await listAppVassals(settings.vassalsDir, this.appName));
    const workers = await measureWorkers({ ...this.processScope(settings), vassals: state.current.vassals, enabled, stopped: state.stopped });
    if (!liveGenerationEnabled(state, enabled)) return { running: false, workers };
    if (state.current.vassals.length === 0) return { running: this.workers.static !== undefined, workers };
    return { running: appServes(workers), workers };
  }

  /** Where this app's processes and logs are found. */
  private processScope(settings: DeployerSettings): { app: string; processTag: string; logDir: string } {
    return { app: this.appName, processTag: settings.processTag, logDir: this.paths.log };
  }

  private get appName(): string {
    return this.context.appName;
  }

  /** The app's env, over the builder's runtime defaults (NODE_ENV=production for Node apps). */
  private get appEnv(): Record<string, string> {
    return appEnvOf(this.context.app?.env ?? this.context.appConfig.env, this.artifact);
  }

  /** The declared workers, plus the builder's default web command when the app declares none. */
  private get workers(): Record<string, string> {
    return workersOf(this.context.appConfig.workers, this.artifact);
  }

  private locked<T>(fn: (settings: DeployerSettings) => Promise<T>): Promise<T> {
    const settings = readDeployerSettings(this.runtime);
    return withLock(join(settings.socketDir, `${this.appName}.lock`), () => fn(settings), { timeoutMs: 120_000 });
  }

  /** Where the serving vassal's log stands before it starts (see startupFailure). */
  private async servingLogOf(vassals: readonly VassalRecord[]): Promise<ServingLog | null> {
    const serving = servingVassal(vassals);
    if (serving === undefined) return null;
    const file = vassalLogFile(this.paths.log, serving.kind, serving.ordinal);
    const offset = await stat(file).then((s) => s.size, () => 0);
    return { file, offset, family: workerFamily(serving.kind), kind: serving.kind };
  }

  private checkArtifact(): void {
    if (!this.accept()) throw uwsgiError({ code: UwsgiErrorCodes.unsupportedArtifact, message: this.rejectionReason ?? 'unsupported artifact', details: { kind: this.artifact.kind } });
  }

  private declaredCounts(state: DeployState): Counts {
    const tuning = readAppTuning(this.appEnv);
    return currentCounts(processKinds(this.workers), state.counts, { wsgi: tuning.processes });
  }

  private declaredCountsSafe(state: DeployState): Counts {
    try {
      return this.declaredCounts(state);
    } catch {
      return state.counts;
    }
  }

  private describeCounts(counts: Counts): string {
    const parts = Object.entries(counts).map(([kind, n]) => `${kind}=${n}`);
    return parts.length > 0 ? parts.join(' ') : 'no processes';
  }

  private async isRunning(state: DeployState, settings: DeployerSettings): Promise<boolean> {
    return liveGenerationEnabled(state, new Set(await listAppVassals(settings.vassalsDir, this.appName)));
  }

  /** A generation nobody committed (failed health gate, crashed host): remove it, restore the previous. */
  private async undoUncommitted(state: DeployState, settings: DeployerSettings): Promise<void> {
    const current = state.current;
    if (current === null || current.committed) return;
    state.current = state.previous;
    state.previous = null;
    await writeState(this.paths.root, state);
    await this.retire(settings, current, { wait: true, remaining: state.current?.vassals.length ?? 0 });
    this.runtime.log.info(`uWSGI: generation ${current.generation} of ${this.appName} rolled back`);
  }

  /**
   * Remove a generation's vassals; with `wait`, also wait (bounded) for its ports to close and
   * its uWSGI masters to exit (`remaining`: the masters of the generation that stays), so that
   * a status right after a rollback measures only the version that serves.
   */
  private async retire(settings: DeployerSettings, generation: GenerationRecord, options: { wait: false } | { wait: true; remaining: number }): Promise<void> {
    for (const vassal of generation.vassals) await removeVassal(settings.vassalsDir, vassal.file, settings.availableDir);
    if (!options.wait) {
      for (const vassal of generation.vassals) if (vassal.socket) await rm(vassal.socket, { force: true });
      return;
    }
    const ports = generation.vassals.map((v) => v.port).filter((p): p is number => p !== null);
    // A web command that exited at once never opened its port: its master still has to go.
    const masters = () => findProcesses(processPrefix(settings.processTag, this.appName)).filter((p) => p.title.endsWith('uWSGI master')).length;
    try {
      await waitUntil(async () => masters() <= options.remaining && !(await Promise.all(ports.map((p) => isPortOpen(p)))).some(Boolean), {
        timeoutMs: RETIRE_TIMEOUT_MS,
        intervalMs: 100,
        description: `generation ${generation.generation} of ${this.appName} to stop`,
      });
    } catch {
      this.runtime.log.warn(`uWSGI: generation ${generation.generation} of ${this.appName} still answers ${RETIRE_TIMEOUT_MS / 1000} s after its vassals were removed`);
    }
    for (const vassal of generation.vassals) if (vassal.socket) await rm(vassal.socket, { force: true });
  }

  private async stopAll(settings: DeployerSettings, state: DeployState): Promise<void> {
    await this.removeAll(settings, { keep: new Set(), available: false });
    const ports = [...(state.current?.vassals ?? []), ...(state.previous?.vassals ?? [])].map((v) => v.port).filter((p): p is number => p !== null);
    const prefix = processPrefix(settings.processTag, this.appName);
    try {
      await waitUntil(
        async () => findProcesses(prefix).length === 0 && !(await Promise.all(ports.map((p) => isPortOpen(p)))).some(Boolean),
        { timeoutMs: STOP_TIMEOUT_MS, intervalMs: 100, description: `the processes of ${this.appName} to exit` },
      );
    } catch (error) {
      const left = findProcesses(prefix);
      throw uwsgiError({
        code: UwsgiErrorCodes.stopTimeout,
        message: `The processes of "${this.appName}" were still running ${STOP_TIMEOUT_MS / 1000} s after their vassals were removed (${left.map((p) => `${p.pid} ${p.title}`).join(', ') || 'a port still answers'}). Is the uWSGI emperor watching ${settings.vassalsDir}?`,
        details: { pids: left.map((p) => p.pid) },
        cause: error,
      });
    }
  }

  private async removeAll(settings: DeployerSettings, options: { keep: Set<string>; available: boolean }): Promise<void> {
    for (const file of await listAppVassals(settings.vassalsDir, this.appName)) {
      if (!options.keep.has(file)) await removeVassal(settings.vassalsDir, file);
    }
    if (options.available) {
      for (const file of await listAppVassals(settings.availableDir, this.appName)) {
        if (!options.keep.has(file)) await rm(join(settings.availableDir, file), { force: true });
      }
    }
  }

  private async removeSockets(settings: DeployerSettings): Promise<void> {
    let entries: string[] = [];
    try {
      entries = await readdir(settings.socketDir);
    } catch {
      return;
    }
    for (const entry of entries) if (entry.startsWith(`${this.appName}_`) && entry.endsWith('.sock')) await rm(join(settings.socketDir, entry), { force: true });
  }

  private async startFromState(settings: DeployerSettings, state: DeployState): Promise<void> {
    // First the emperor: after `hop3 server stop` the vassal files are still enabled, and
    // starting the emperor is all it takes to bring them back.
    await ensureEmperor(this.runtime);
    if (await this.isRunning(state, settings)) return;
    this.checkArtifact();
    const counts = this.declaredCounts(state);
    const reuse = state.current;
    const generation = reuse?.generation ?? state.lastGeneration + 1;
    const planned = await this.plan(settings, generation, counts, reuse ? { generation: reuse, live: false } : null);
    await this.prepareDirs(settings);
    await this.removeAll(settings, { keep: new Set(), available: false });
    await this.install(settings, planned);
    state.current = { generation, committed: true, sourcePath: this.context.sourcePath, vassals: planned.map((p) => p.record) };
    state.previous = null;
    state.lastGeneration = Math.max(state.lastGeneration, generation);
    state.counts = counts;
    state.stopped = false;
    await writeState(this.paths.root, state);
  }

  /** New counts: persisted always; applied to the running generation in place. */
  private async applyCounts(settings: DeployerSettings, state: DeployState, counts: Counts): Promise<void> {
    const current = state.current;
    if (current === null || !(await this.isRunning(state, settings))) {
      state.counts = counts;
      await writeState(this.paths.root, state);
      return;
    }
    const planned = await this.plan(settings, current.generation, counts, { generation: current, live: true });
    const wanted = new Set(planned.map((p) => p.record.file));
    const before = new Map(current.vassals.map((v) => [v.file, v]));
    const changed = planned.filter((p) => !before.has(p.record.file) || workerFamily(p.record.kind) === 'wsgi');
    await this.install(settings, changed);
    for (const vassal of current.vassals) {
      if (!wanted.has(vassal.file)) {
        await removeVassal(settings.vassalsDir, vassal.file, settings.availableDir);
        if (vassal.socket) await rm(vassal.socket, { force: true }).catch(() => undefined);
      }
    }
    current.vassals = planned.map((p) => p.record);
    state.counts = counts;
    await writeState(this.paths.root, state);
  }

  private async install(settings: DeployerSettings, planned: readonly PlannedVassal[]): Promise<void> {
    const written: string[] = [];
    try {
      for (const vassal of planned) {
        await installVassal(settings.availableDir, settings.vassalsDir, vassal.record.file, vassal.text);
        written.push(vassal.record.file);
      }
    } catch (error) {
      for (const file of written) await removeVassal(settings.vassalsDir, file, settings.availableDir).catch(() => undefined);
      throw error;
    }
  }

  /** What the app's processes write, usable by the account they run as (see prepareAppDirs). */
  private prepareDirs(settings: DeployerSettings): Promise<void> {
    const dirs = { appRoot: this.paths.root, log: this.paths.log, data: this.paths.data, release: this.context.sourcePath, socketDir: settings.socketDir };
    return prepareAppDirs(dirs, settings.appOwner);
  }

  private async runRelease(settings: DeployerSettings, command: string): Promise<void> {
    this.runtime.log.info(`Running the release command of ${this.appName}: ${command}`);
    const env = workerEnv({ ...this.envBase(), port: null });
    await runReleaseCommand({ app: this.appName, command, cwd: this.context.sourcePath, env, logDir: this.paths.log, timeoutMs: RELEASE_TIMEOUT_MS, runAs: settings.appOwner });
  }

  private envBase(): Omit<Parameters<typeof workerEnv>[0], 'port'> {
    return { app: this.appName, appEnv: this.appEnv, ...toolchainOf(this.artifact, this.context.sourcePath), home: this.paths.root };
  }

  /** The vassals of one generation for `counts` (see planGeneration). */
  private plan(settings: DeployerSettings, generation: number, counts: Counts, reuse: Reuse | null): Promise<PlannedVassal[]> {
    return planGeneration({
      appName: this.appName,
      settings,
      generation,
      counts,
      reuse,
      workers: this.workers,
      tuning: readAppTuning(this.appEnv),
      artifactKind: this.artifact.kind,
      chdir: this.context.sourcePath,
      logDir: this.paths.log,
      envBase: this.envBase(),
    });
  }
}

/** The live generation is meant to run: not stopped, and its vassal files are where the emperor watches (static-only: nothing to run). */
function liveGenerationEnabled(state: DeployState, enabled: ReadonlySet<string>): boolean {
  if (state.current === null || state.stopped) return false;
  return state.current.vassals.length === 0 || state.current.vassals.some((v) => enabled.has(v.file));
}
