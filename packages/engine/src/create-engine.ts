import type { LoadPluginsOptions, LoadReport, Logger } from '@hop3/core';
import { deployApp, type DeployResult } from './deploy/deploy-app.js';
import type { DeployRequest } from './deploy/deploy-request.js';
import type { EngineEventListener } from './events.js';
import { openEngineHost, type EngineHost } from './host/engine-host.js';
import {
  backupService,
  changeAttachment,
  controlService,
  createService,
  destroyService,
  restoreService,
  serviceEnv,
  serviceInfo,
  type AttachInput,
  type AttachResult,
  type ServiceEntry,
  type ServiceRef,
} from './operations/addons.js';
import { listApps, type AppSummary } from './operations/apps.js';
import { changeConfig, getConfig, type ConfigChangeResult, type ConfigResult, type ConfigSetInput, type ConfigUnsetInput } from './operations/config.js';
import { destroyApp, type DestroyResult } from './operations/destroy.js';
import { runLifecycle, type LifecycleResult } from './operations/lifecycle.js';
import { readLogs, type LogsInput, type LogsResult } from './operations/logs.js';
import { scaleApp, type ScaleInput, type ScaleResult } from './operations/scale.js';
import { listReleases, type ReleasesResult } from './operations/releases.js';
import { rollbackApp, type RollbackInput, type RollbackResult } from './operations/rollback.js';
import { controlServer, planSetup, runSetup, type ServerStatus, type SetupInput, type SetupPlanResult } from './operations/server.js';
import { appStatus, type AppStatus } from './operations/status.js';
import { ServiceRegistry } from './services/service-registry.js';


export interface EngineOptions {
  /** Where apps and state live (default: HOP3_ROOT from `env`, else ~/.hop3 or /home/hop3). */
  root?: string;
  /** Host settings (HOP3_*) read by the engine and its strategies (default `process.env`). Checked at once. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * The plugin set, with the options of core's `loadPlugins`: an explicit list (names, paths or
   * plugin objects), discovery on/off and where it starts (`cwd`), allow/deny, a host package.json.
   * Loaded on the first operation that needs a strategy.
   */
  plugins?: LoadPluginsOptions;
  /** Where strategies' log lines go (default: dropped). The engine itself writes nothing. */
  log?: Logger;
  /** Progress of every operation, as typed events. */
  onEvent?: EngineEventListener;
}

export interface AppRef {
  app: string;
}

/** One Hop3 host's operations. Each that changes an app holds that app's lock while it runs. */
export interface Engine {
  /** The HOP3_ROOT this engine works in. */
  readonly root: string;
  /** The plugin load report, once the plugins are loaded (null before). */
  readonly report: LoadReport | null;
  /** Load the plugin set now (once) and return its report: what was loaded, skipped, failed. */
  loadPlugins(): Promise<LoadReport>;
  /** Build and run an app from a source dir, behind the proxy; a redeploy replaces the running version without downtime. */
  deploy(input: DeployRequest): Promise<DeployResult>;
  /** The app's numbered releases, newest first: what each ran, how it went, which can be rolled back to (loads no plugin). */
  releases(input: AppRef): Promise<ReleasesResult>;
  /** Put back a kept release (default: the previous one) without building, with the same zero-downtime swap; recorded as a new release. */
  rollback(input: RollbackInput): Promise<RollbackResult>;
  /** Every app, from its state file (loads no plugin). */
  apps(): Promise<AppSummary[]>;
  /** The app's measured state (loads the plugins; uses the app's recorded deployer). */
  status(input: AppRef): Promise<AppStatus>;
  start(input: AppRef): Promise<LifecycleResult>;
  stop(input: AppRef): Promise<LifecycleResult>;
  restart(input: AppRef): Promise<LifecycleResult>;
  scale(input: ScaleInput): Promise<ScaleResult>;
  /** The last lines of each of the app's logs (loads no plugin). */
  logs(input: LogsInput): Promise<LogsResult>;
  config: {
    get(input: AppRef): Promise<ConfigResult>;
    set(input: ConfigSetInput): Promise<ConfigChangeResult>;
    unset(input: ConfigUnsetInput): Promise<ConfigChangeResult>;
  };
  /** Remove an app (its data/ dir is kept); also what a failed deploy left behind. */
  destroy(input: AppRef): Promise<DestroyResult>;
  addons: {
    create(input: { type: string; name: string }): Promise<{ name: string; type: string; created: true }>;
    destroy(input: ServiceRef): Promise<{ name: string; type: string; destroyed: true }>;
    info(input: ServiceRef): Promise<{ name: string; type: string } & Record<string, unknown>>;
    list(): Promise<ServiceEntry[]>;
    backup(input: ServiceRef): Promise<{ name: string; type: string; path: string }>;
    restore(input: ServiceRef & { file: string }): Promise<{ name: string; type: string; restored: string }>;
    env(input: ServiceRef): Promise<Record<string, string>>;
    attach(input: AttachInput): Promise<AttachResult>;
    detach(input: AttachInput): Promise<AttachResult>;
    start(input: ServiceRef): Promise<{ name: string; running: boolean }>;
    stop(input: ServiceRef): Promise<{ name: string; running: boolean }>;
  };
  server: {
    start(): Promise<ServerStatus>;
    stop(): Promise<ServerStatus>;
    status(): Promise<ServerStatus>;
    /** What provisioning this server would change (changes nothing). */
    planSetup(input?: SetupInput): Promise<SetupPlanResult>;
    /** Provision this server through the detected OS plugin. */
    setup(input?: SetupInput): Promise<{ os: { name: string; displayName: string }; result: unknown }>;
  };
}

/**
 * An engine for one HOP3_ROOT: checks the host settings in `env` (a bad value is an
 * `HOP3_INVALID_INPUT` error naming the variable) and creates HOP3_ROOT (0700) if missing.
 */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const { base, load, ensureRoot } = await openEngineHost(options);
  let report: LoadReport | null = null;
  const loaded = async (): Promise<EngineHost> => {
    const host = await load();
    report = host.report;
    return host;
  };
  // Reading operations change nothing on disk; changing ones create a missing HOP3_ROOT first.
  const withHost = <I, R>(fn: (host: EngineHost, input: I) => Promise<R>) => async (input: I): Promise<R> => fn(await loaded(), input);
  const changing = <I, R>(fn: (host: EngineHost, input: I) => Promise<R>) => async (input: I): Promise<R> => {
    await ensureRoot();
    return fn(await loaded(), input);
  };
  return {
    root: base.layout.root,
    get report() {
      return report;
    },
    loadPlugins: async () => (await loaded()).report,
    deploy: changing(deployApp),
    apps: () => listApps(base),
    releases: ({ app }: AppRef) => listReleases(base, app),
    rollback: changing(rollbackApp),
    status: withHost((host, { app }: AppRef) => appStatus(host, app)),
    start: changing((host, { app }: AppRef) => runLifecycle(host, app, 'start')),
    stop: changing((host, { app }: AppRef) => runLifecycle(host, app, 'stop')),
    restart: changing((host, { app }: AppRef) => runLifecycle(host, app, 'restart')),
    scale: changing(scaleApp),
    logs: (input) => readLogs(base, input),
    config: {
      get: withHost((host, { app }: AppRef) => getConfig(host, app)),
      set: changing((host, input: ConfigSetInput) => changeConfig(host, input.app, { set: input.env })),
      unset: changing((host, input: ConfigUnsetInput) => changeConfig(host, input.app, { unset: input.keys })),
    },
    destroy: changing((host, { app }: AppRef) => destroyApp(host, app)),
    addons: {
      create: changing(createService),
      destroy: changing(destroyService),
      info: withHost(serviceInfo),
      list: () => new ServiceRegistry(base.layout).list(),
      backup: changing(backupService),
      restore: changing(restoreService),
      env: withHost(serviceEnv),
      attach: changing((host, input: AttachInput) => changeAttachment(host, input, 'attach')),
      detach: changing((host, input: AttachInput) => changeAttachment(host, input, 'detach')),
      start: changing((host, input: ServiceRef) => controlService(host, input, 'start')),
      stop: changing((host, input: ServiceRef) => controlService(host, input, 'stop')),
    },
    server: {
      start: async () => changing((host: EngineHost) => controlServer(host, 'start'))(undefined),
      stop: async () => changing((host: EngineHost) => controlServer(host, 'stop'))(undefined),
      status: async () => controlServer(await loaded(), 'status'),
      planSetup: async (input = {}) => planSetup(await loaded(), input),
      setup: changing((host, input: SetupInput = {}) => runSetup(host, input)),
    },
  };
}
