import type { Logger } from '@hop3/core';
import { checkPackageNames } from '../names.js';
import { requireRoot, type RootCheck } from '../privileges.js';
import type { CommandRunner, RanCommand } from '../run.js';
import { aptFailure } from './apt-failure.js';
import { dpkgQueryCommand, queryPackageStatus, type PackagePlan } from './dpkg-status.js';

export interface AptContext {
  run: CommandRunner;
  isRoot: RootCheck;
  log: Logger;
  /** How long apt waits for a lock held by another apt/dpkg before failing. */
  lockTimeoutSeconds: number;
}

export interface InstallOptions {
  /** Run `apt-get update` first (only when something is missing). */
  update?: boolean;
}

/** What {@link installMissing} found and did. */
export interface InstallReport {
  installed: string[];
  present: string[];
  updated: boolean;
  commands: RanCommand[];
}

const APT_ENV = {
  DEBIAN_FRONTEND: 'noninteractive',
  // Ubuntu's needrestart otherwise asks which services to restart after an install.
  NEEDRESTART_MODE: 'a',
};
const APT_TIMEOUT_MS = 30 * 60_000;

function aptOptions(lockTimeoutSeconds: number): string[] {
  return [
    '-o', `DPkg::Lock::Timeout=${lockTimeoutSeconds}`,
    // A package removed earlier may have left modified config files: keep them, never prompt.
    '-o', 'Dpkg::Options::=--force-confdef',
    '-o', 'Dpkg::Options::=--force-confold',
  ];
}

export function aptUpdateCommand(lockTimeoutSeconds: number): RanCommand {
  return { command: 'apt-get', args: ['update', ...aptOptions(lockTimeoutSeconds).slice(0, 2)] };
}

export function aptInstallCommand(packages: readonly string[], lockTimeoutSeconds: number): RanCommand {
  return {
    command: 'apt-get',
    args: ['install', '-y', '--no-install-recommends', ...aptOptions(lockTimeoutSeconds), ...packages],
  };
}

/** Which of `packages` are missing; read-only (one dpkg-query call), works without root. */
export async function planPackages(context: AptContext, packages: readonly string[]): Promise<PackagePlan> {
  checkPackageNames(packages);
  return queryPackageStatus(context.run, packages);
}

async function runApt(context: AptContext, step: RanCommand, packages: readonly string[]): Promise<void> {
  const result = await context.run(step.command, step.args, {
    env: APT_ENV,
    allowFailure: true,
    timeoutMs: APT_TIMEOUT_MS,
  });
  if (result.exitCode !== 0) {
    throw aptFailure({ step: step.args[0]!, exitCode: result.exitCode, stderr: result.stderr, packages });
  }
}

/**
 * Install the packages dpkg does not report as installed, in one apt-get call. Nothing missing
 * means no apt command at all (and no root needed); already-installed packages are never named
 * to apt, which would upgrade them.
 */
export async function installMissing(
  context: AptContext,
  packages: readonly string[],
  options: InstallOptions = {},
): Promise<InstallReport> {
  const plan = await planPackages(context, packages);
  const commands: RanCommand[] = packages.length > 0 ? [dpkgQueryCommand(packages)] : [];
  const report: InstallReport = { installed: [], present: plan.present, updated: false, commands };
  if (plan.missing.length === 0) return report;

  requireRoot(context.isRoot, `install ${plan.missing.join(', ')}`);
  if (options.update) {
    const update = aptUpdateCommand(context.lockTimeoutSeconds);
    context.log.info('Refreshing the package index (apt-get update)');
    commands.push(update);
    await runApt(context, update, plan.missing);
    report.updated = true;
  }
  const install = aptInstallCommand(plan.missing, context.lockTimeoutSeconds);
  context.log.info(`Installing ${plan.missing.join(', ')}`);
  commands.push(install);
  await runApt(context, install, plan.missing);
  report.installed = plan.missing;
  return report;
}
