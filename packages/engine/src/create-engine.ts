import type { LoadPluginsOptions, LoadReport, Logger } from '@hop3/core';
import type { DeployResult } from './deploy/deploy-app.js';
import type { DeployRequest } from './deploy/deploy-request.js';
import type { EngineEventListener } from './events.js';
import { openEngineHost, type EngineBase, type EngineHost } from './host/engine-host.js';
import * as appsOperation from './operations/apps.js';
import * as logsOperation from './operations/logs.js';
import * as statusOperation from './operations/status.js';
import type { AttachInput, AttachResult, ServiceDestroyInput, ServiceEntry, ServiceRef } from './operations/addons.js';
import type { AppSummary } from './operations/apps.js';
import type { CertificateEntry, CertificateIssueResult, CertificateRenewInput, CertificateRenewResult } from './operations/certs.js';
import type { ConfigChangeResult, ConfigResult, ConfigSetInput, ConfigUnsetInput } from './operations/config.js';
import type { DestroyInput, DestroyResult } from './operations/destroy.js';
import type { LifecycleResult } from './operations/lifecycle.js';
import type { LogsInput, LogsResult } from './operations/logs.js';
import type { ScaleInput, ScaleResult } from './operations/scale.js';
import type { ReleasesResult } from './operations/releases.js';
import type { RollbackInput, RollbackResult } from './operations/rollback.js';
import type { ServerStatus, SetupInput, SetupPlanResult } from './operations/server.js';
import type { AppStatus } from './operations/status.js';
import type { ReceivePushInput, ReceivePushResult } from './git/receive-push.js';
import type { SshKeyEntry } from './ssh/authorized-keys.js';
import type { PluginInstallInput, PluginInstallResult, PluginUninstallResult } from './plugin-set/install-plugin.js';
import type { PluginSettings } from './plugin-set/plugin-settings.js';

// What `hop3 apps`, `status` and `logs` need is imported with the engine; every other operation
// is in one module imported when the first of them runs. Two files rather than one per operation
// (Node 20's ESM loader pays per file) or one for all (the deploy pipeline, addons and setup are
// not compiled for a command that only reads).
const cold = () => import('./operations/cold.js');
const operations = {
  deploy: async () => (await cold()).deploy,
  apps: async () => appsOperation,
  status: async () => statusOperation,
  lifecycle: async () => (await cold()).lifecycle,
  scale: async () => (await cold()).scale,
  logs: async () => logsOperation,
  config: async () => (await cold()).config,
  destroy: async () => (await cold()).destroy,
  addons: async () => (await cold()).addons,
  services: async () => (await cold()).services,
  server: async () => (await cold()).server,
  install: async () => (await cold()).install,
  pluginUsers: async () => (await cold()).pluginUsers,
  pluginSettings: async () => (await cold()).pluginCommands,
  settings: async () => (await cold()).pluginSettings,
  releases: async () => (await cold()).releases,
  certs: async () => (await cold()).certs,
  rollback: async () => (await cold()).rollback,
  appRepo: async () => (await cold()).appRepo,
  receivePush: async () => (await cold()).receivePush,
  sshKeys: async () => (await cold()).sshKeys,
};

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
  /** The host's plugin management (the plugin folder and the settings under HOP3_ROOT). */
  plugins: {
    /** Install a plugin (npm name, package dir or .tgz) into `$HOP3_ROOT/plugins` after the compatibility check; refused → nothing changes. */
    install(input: PluginInstallInput): Promise<PluginInstallResult>;
    /** Remove a plugin installed with `install`; refused while apps or services use it (`HOP3_PLUGIN_IN_USE`) unless `force`. */
    uninstall(input: { name: string; force?: boolean }): Promise<PluginUninstallResult>;
    /** Packages in the plugin folder, name → the spec npm recorded. */
    installed(): Promise<Record<string, string>>;
    /** Put a plugin on the host's deny list (it is not loaded by any command); refused while apps or services use it unless `force`. */
    disable(input: { name: string; force?: boolean }): Promise<PluginSettings>;
    enable(input: { name: string }): Promise<PluginSettings>;
    /** `kind:name` (e.g. `builder:python`) → the plugin whose strategy wins; `plugin: null` forgets it. */
    prefer(input: { strategy: string; plugin: string | null }): Promise<PluginSettings>;
    /** The stored deny list and preferences. */
    settings(): Promise<PluginSettings>;
  };
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
  /** Remove an app (its data/ dir is kept; named volumes too unless `volumes`); also what a failed deploy left behind. */
  destroy(input: DestroyInput): Promise<DestroyResult>;
  /** The apps' TLS certificates, through the proxy (ACME with the nginx proxy). */
  certs: {
    /** The certificate served now: names, issuer, expiry, source, the last ACME attempt and its error. */
    show(input: AppRef): Promise<CertificateEntry>;
    /** Order a certificate from the ACME server now; the app's certificate is renewed automatically from then on. */
    issue(input: AppRef): Promise<CertificateIssueResult>;
    /** Renew what is due (or everything with `force`): one app, or every app on ACME when `app` is omitted. */
    renew(input: CertificateRenewInput): Promise<CertificateRenewResult>;
  };
  git: {
    /**
     * The app's bare repository for `git receive-pack` (created on the first push, with a
     * pre-receive hook running `hookCommand` + `git-hook pre-receive <app>`). `repo` is the path
     * the pusher named (`/blog.git`, `blog`); anything but an app's name is refused.
     */
    receiveRepo(input: { repo: string; hookCommand: readonly string[]; anyDir?: boolean }): Promise<{ app: string; path: string }>;
    /** The existing repository of an app, for `git upload-pack` (fetch/clone); refused for anything else. */
    uploadRepo(input: { repo: string }): Promise<{ app: string; path: string }>;
    /** From the pre-receive hook: deploy the pushed commit of the deploy branch; rejects (so git rejects the push) on failure. */
    receive(input: ReceivePushInput): Promise<ReceivePushResult>;
  };
  /** The keys in the hop3 user's authorized_keys (HOP3_AUTHORIZED_KEYS overrides the path); other lines are left alone. */
  sshKeys: {
    /** Add a public key (the .pub text); sshd runs only `command` + `ssh-command <name>` for it, with `restrict`. */
    add(input: { name: string; publicKey: string; command: readonly string[] }): Promise<SshKeyEntry>;
    list(): Promise<SshKeyEntry[]>;
    remove(input: { name: string }): Promise<SshKeyEntry>;
  };
  addons: {
    /** Create a service; `created` is false when it existed already (then it is only checked). */
    create(input: { type: string; name: string }): Promise<{ name: string; type: string; created: boolean }>;
    /** Delete a service and its data; refused while attached. `dryRun` only checks that. */
    destroy(input: ServiceDestroyInput): Promise<{ name: string; type: string; destroyed: boolean }>;
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
  const { base, load, reload, ensureRoot } = await openEngineHost(options);
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
  // A settings change applies from the next load.
  const settled = <T>(value: T): T => {
    reload();
    return value;
  };
  const list = async (): Promise<ServiceEntry[]> => new (await operations.services()).ServiceRegistry(base.layout).list();
  const apps = async (): Promise<AppSummary[]> => (await operations.apps()).listApps(base as EngineBase);
  const logs = async (input: LogsInput): Promise<LogsResult> => (await operations.logs()).readLogs(base, input);
  return {
    root: base.layout.root,
    get report() {
      return report;
    },
    loadPlugins: async () => (await loaded()).report,
    plugins: {
      install: async (input) => {
        await ensureRoot();
        const result = await (await operations.install()).installPlugin(base.layout, input);
        reload();
        return result;
      },
      uninstall: async ({ name, force }) => {
        const host = await loaded();
        await (await operations.pluginUsers()).refuseWhileUsed(host, name, 'uninstall', force === true);
        const result = await (await operations.install()).uninstallPlugin(base.layout, name);
        reload();
        return result;
      },
      installed: async () => (await operations.install()).installedPlugins(base.layout),
      disable: changing(async (host, { name, force }: { name: string; force?: boolean }) => {
        await (await operations.pluginUsers()).refuseWhileUsed(host, name, 'disable', force === true);
        return settled(await (await operations.pluginSettings()).disablePlugin(host.layout, host.report, name));
      }),
      enable: changing(async (host, { name }: { name: string }) => settled(await (await operations.pluginSettings()).enablePlugin(host.layout, host.report, name))),
      prefer: changing(async (host, input: { strategy: string; plugin: string | null }) =>
        settled(await (await operations.pluginSettings()).preferPlugin(host.layout, host.report, input.strategy, input.plugin)),
      ),
      settings: async () => (await (await operations.settings()).readHostSettings(base.layout)).plugins,
    },
    deploy: changing(async (host, input: DeployRequest) => (await operations.deploy()).deployApp(host, input)),
    apps,
    releases: async ({ app }: AppRef) => (await operations.releases()).listReleases(base, app),
    rollback: changing(async (host, input: RollbackInput) => (await operations.rollback()).rollbackApp(host, input)),
    status: withHost(async (host, { app }: AppRef) => (await operations.status()).appStatus(host, app)),
    start: changing(async (host, { app }: AppRef) => (await operations.lifecycle()).runLifecycle(host, app, 'start')),
    stop: changing(async (host, { app }: AppRef) => (await operations.lifecycle()).runLifecycle(host, app, 'stop')),
    restart: changing(async (host, { app }: AppRef) => (await operations.lifecycle()).runLifecycle(host, app, 'restart')),
    scale: changing(async (host, input: ScaleInput) => (await operations.scale()).scaleApp(host, input)),
    logs,
    config: {
      get: withHost(async (host, { app }: AppRef) => (await operations.config()).getConfig(host, app)),
      set: changing(async (host, input: ConfigSetInput) => (await operations.config()).changeConfig(host, input.app, { set: input.env })),
      unset: changing(async (host, input: ConfigUnsetInput) => (await operations.config()).changeConfig(host, input.app, { unset: input.keys })),
    },
    certs: {
      show: withHost(async (host, { app }: AppRef) => (await operations.certs()).showCertificate(host, app)),
      issue: changing(async (host, { app }: AppRef) => (await operations.certs()).issueCertificate(host, app)),
      renew: changing(async (host, input: CertificateRenewInput) => (await operations.certs()).renewCertificates(host, input)),
    },
    destroy: changing(async (host, { app, volumes, dryRun }: DestroyInput) => (await operations.destroy()).destroyApp(host, app, { volumes: volumes === true }, dryRun === true)),
    git: {
      receiveRepo: async ({ repo, hookCommand, anyDir }) => {
        const { appOfRepoPath, ensureAppRepo } = await operations.appRepo();
        const app = appOfRepoPath(repo, anyDir === undefined ? {} : { anyDir });
        await ensureRoot();
        return { app, path: await ensureAppRepo(base.layout, app, hookCommand) };
      },
      uploadRepo: async ({ repo }) => (await operations.appRepo()).existingAppRepo(base.layout, repo),
      receive: changing(async (host, input: ReceivePushInput) => (await operations.receivePush()).receivePush(host, input)),
    },
    sshKeys: {
      add: async (input) => (await operations.sshKeys()).addSshKey(base.env, base.layout.root, input),
      list: async () => (await operations.sshKeys()).listSshKeys(base.env),
      remove: async ({ name }) => (await operations.sshKeys()).removeSshKey(base.env, name),
    },
    addons: {
      create: changing(async (host, input: { type: string; name: string }) => (await operations.addons()).createService(host, input)),
      destroy: changing(async (host, input: ServiceDestroyInput) => (await operations.addons()).destroyService(host, input)),
      info: withHost(async (host, input: ServiceRef) => (await operations.addons()).serviceInfo(host, input)),
      list,
      backup: changing(async (host, input: ServiceRef) => (await operations.addons()).backupService(host, input)),
      restore: changing(async (host, input: ServiceRef & { file: string }) => (await operations.addons()).restoreService(host, input)),
      env: withHost(async (host, input: ServiceRef) => (await operations.addons()).serviceEnv(host, input)),
      attach: changing(async (host, input: AttachInput) => (await operations.addons()).changeAttachment(host, input, 'attach')),
      detach: changing(async (host, input: AttachInput) => (await operations.addons()).changeAttachment(host, input, 'detach')),
      start: changing(async (host, input: ServiceRef) => (await operations.addons()).controlService(host, input, 'start')),
      stop: changing(async (host, input: ServiceRef) => (await operations.addons()).controlService(host, input, 'stop')),
    },
    server: {
      start: async () => changing(async (host: EngineHost) => (await operations.server()).controlServer(host, 'start'))(undefined),
      stop: async () => changing(async (host: EngineHost) => (await operations.server()).controlServer(host, 'stop'))(undefined),
      status: async () => (await operations.server()).controlServer(await loaded(), 'status'),
      planSetup: async (input = {}) => (await operations.server()).planSetup(await loaded(), input),
      setup: changing(async (host, input: SetupInput = {}) => (await operations.server()).runSetup(host, input)),
    },
  };
}
