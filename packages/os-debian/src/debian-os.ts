import { realpathSync } from 'node:fs';
import type { EnsurePackagesOptions, OS, StrategyRuntime } from '@hop3/core';
import { systemdIsInit } from '@hop3/kit';
import { installMissing, planPackages, type InstallReport } from './apt/install.js';
import type { PackagePlan } from './apt/dpkg-status.js';
import type { DebianContext } from './context.js';
import { DEFAULT_OS_RELEASE_PATH, detectOs, type OsInfo } from './detect.js';
import { PACKAGE_GROUPS } from './package-groups.js';
import { processIsRoot, type RootCheck } from './privileges.js';
import { defaultRunner, type CommandRunner } from './run.js';
import { planSetup, type SetupOptions, type SetupPlan } from './setup/plan-setup.js';
import { setupServer, type DryRunReport, type SetupReport } from './setup/setup-server.js';
import { ensureUserAccount, type UserReport } from './users/ensure-user.js';

export interface DebianOSOptions {
  /** os-release file to read (default: `HOP3_OS_RELEASE`, else /etc/os-release). */
  osReleasePath?: string;
  /** Runs every program (default: `runCommand` from @hop3/kit). */
  run?: CommandRunner;
  /** Whether the process may change the system (default: uid 0). */
  isRoot?: RootCheck;
  /** Seconds apt waits for a lock held by another apt/dpkg (default: `HOP3_APT_LOCK_TIMEOUT`, else 60). */
  lockTimeoutSeconds?: number;
  /** Prefix of /etc and /run where the system files go (default `/`; tests use a temp dir). */
  systemRoot?: string;
  /** Whether systemd is PID 1 (default: measured, /run/systemd/system). */
  systemd?: boolean;
  /** The command a systemd timer runs hop3 with (default: this node and this process's script). */
  hop3Command?: readonly string[];
}

/** This process's node and script (realpath: the timer must not depend on a PATH or a moved link). */
function currentHop3Command(): string[] {
  const script = process.argv[1];
  if (script === undefined) return [process.execPath];
  try {
    return [process.execPath, realpathSync(script)];
  } catch {
    return [process.execPath, script];
  }
}

const DEFAULT_LOCK_TIMEOUT_SECONDS = 60;

/** `HOP3_APT_LOCK_TIMEOUT` when it is a whole number of seconds, else the default. */
function lockTimeoutFrom(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.HOP3_APT_LOCK_TIMEOUT?.trim() ?? '';
  return /^\d+$/.test(raw) ? Number(raw) : DEFAULT_LOCK_TIMEOUT_SECONDS;
}

/** The `debian` OS strategy: Debian, Ubuntu and their derivatives (ID or ID_LIKE). */
export class DebianOS implements OS {
  static readonly strategyName = 'debian';
  static readonly description = 'Debian, Ubuntu and derivatives: apt packages, the hop3 user, HOP3_ROOT directories';

  readonly name = 'debian';
  readonly packages = PACKAGE_GROUPS;
  private readonly context: DebianContext;
  private info: OsInfo | undefined;

  constructor(runtime: StrategyRuntime, options: DebianOSOptions = {}) {
    this.context = {
      layout: runtime.layout,
      env: runtime.env,
      log: runtime.log,
      run: options.run ?? defaultRunner,
      isRoot: options.isRoot ?? processIsRoot,
      lockTimeoutSeconds: options.lockTimeoutSeconds ?? lockTimeoutFrom(runtime.env),
      osReleasePath: options.osReleasePath ?? (runtime.env.HOP3_OS_RELEASE || DEFAULT_OS_RELEASE_PATH),
      systemRoot: options.systemRoot ?? '/',
      systemd: options.systemd ?? systemdIsInit(),
      hop3Command: options.hop3Command ?? currentHop3Command(),
    };
  }

  /** The system's PRETTY_NAME once `detect()` has run. */
  get displayName(): string {
    return this.info?.displayName ?? 'Debian family';
  }

  /** What the last `detect()` found (undefined before). */
  get osInfo(): OsInfo | undefined {
    return this.info;
  }

  async detect(): Promise<boolean> {
    this.info = await detectOs(this.context.osReleasePath);
    return this.info.detected;
  }

  /** Which packages are missing; read-only, one dpkg-query call. */
  planPackages(packages: readonly string[]): Promise<PackagePlan> {
    return planPackages(this.context, packages);
  }

  /** Install what is missing and report what ran. */
  installMissing(packages: readonly string[], options: EnsurePackagesOptions = {}): Promise<InstallReport> {
    return installMissing(this.context, packages, options);
  }

  async ensurePackages(packages: readonly string[], options: EnsurePackagesOptions = {}): Promise<void> {
    await this.installMissing(packages, options);
  }

  /** Create the account when missing and report what ran. */
  ensureUserAccount(user: string, home: string, shell: string, group: string): Promise<UserReport> {
    return ensureUserAccount(this.context, { user, home, shell, group });
  }

  async ensureUser(user: string, home: string, shell: string, group: string): Promise<void> {
    await this.ensureUserAccount(user, home, shell, group);
  }

  planSetup(options: SetupOptions = {}): Promise<SetupPlan> {
    return planSetup(this.context, options);
  }

  setupServer(options: SetupOptions = {}): Promise<SetupReport | DryRunReport> {
    return setupServer(this.context, options);
  }
}
