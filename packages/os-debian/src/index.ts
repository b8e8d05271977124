/**
 * hop3-plugin-os-debian — the `debian` OS strategy: detects Debian, Ubuntu and derivatives,
 * installs missing apt packages, creates the service account and the HOP3_ROOT directories.
 */
import { definePlugin, type StrategyDescriptor, type StrategyRuntime } from '@hop3/core';
import { DebianOS, type DebianOSOptions } from './debian-os.js';
import type { SetupOptions, SetupPlan } from './setup/plan-setup.js';

export const debianDescriptor: StrategyDescriptor<'os'> = {
  name: DebianOS.strategyName,
  description: DebianOS.description,
  create: (runtime) => new DebianOS(runtime),
};

/** The setup plan for `hop3 setup --dry-run --json`: read-only, works without root. */
export function planSetup(options: SetupOptions & DebianOSOptions & { runtime: StrategyRuntime }): Promise<SetupPlan> {
  const { runtime, osReleasePath, run, isRoot, lockTimeoutSeconds, systemRoot, systemd, hop3Command, ...setup } = options;
  const strategyOptions: DebianOSOptions = {};
  if (osReleasePath !== undefined) strategyOptions.osReleasePath = osReleasePath;
  if (run !== undefined) strategyOptions.run = run;
  if (isRoot !== undefined) strategyOptions.isRoot = isRoot;
  if (lockTimeoutSeconds !== undefined) strategyOptions.lockTimeoutSeconds = lockTimeoutSeconds;
  if (systemRoot !== undefined) strategyOptions.systemRoot = systemRoot;
  if (systemd !== undefined) strategyOptions.systemd = systemd;
  if (hop3Command !== undefined) strategyOptions.hop3Command = hop3Command;
  return new DebianOS(runtime, strategyOptions).planSetup(setup);
}

// The public surface: the strategy, its options and results, the package groups `hop3 setup
// --only` takes, and the error codes. Parsers and apt helpers are internals.
export { DebianOS, type DebianOSOptions } from './debian-os.js';
export type { OsInfo } from './detect.js';
export { PACKAGE_GROUP_NAMES, DEFAULT_SETUP_GROUPS, type PackageGroup } from './package-groups.js';
export type { PackagePlan } from './apt/dpkg-status.js';
export type { InstallReport, InstallOptions } from './apt/install.js';
export type { UserPlan, UserReport, UserSpec } from './users/ensure-user.js';
export type { SetupOptions, SetupPlan, SkippedUser } from './setup/plan-setup.js';
export type { SetupReport, DryRunReport } from './setup/setup-server.js';
export type { DirectoryPlan, DirectoryAction } from './setup/directories.js';
export type { SystemFilesPlan, SystemFilePlan, SystemFileAction, SystemServicePlan, SystemServiceAction } from './setup/system-files/plan-system-files.js';
export type { SystemFilesReport } from './setup/system-files/apply-system-files.js';
export type { ServiceUserDecision } from './setup/service-user.js';
export type { CommandRunner, RanCommand } from './run.js';
export { DebianErrorCodes, type DebianErrorCode } from './errors.js';

export default definePlugin({
  name: 'hop3-plugin-os-debian',
  apiVersion: 1,
  hooks: {
    getOSImplementations: () => [debianDescriptor],
  },
});
