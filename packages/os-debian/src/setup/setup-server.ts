import { installMissing, type InstallReport } from '../apt/install.js';
import type { DebianContext } from '../context.js';
import type { RanCommand } from '../run.js';
import { ensureUserAccount, type UserReport } from '../users/ensure-user.js';
import { ensureDirectory, formatMode, hop3Directories, type DirectoryAction } from './directories.js';
import { applySystemFiles, type SystemFilesReport } from './system-files/apply-system-files.js';
import { planSystemFiles } from './system-files/plan-system-files.js';
import { planSetup, resolveSetup, serviceOwnership, type SetupOptions, type SetupPlan, type SkippedUser } from './plan-setup.js';

export interface SetupReport {
  dryRun: false;
  packages: InstallReport;
  user: UserReport | SkippedUser;
  dirs: { path: string; mode: string; action: DirectoryAction }[];
  /** The system files and services (HOP3_SERVICES=system). */
  system: SystemFilesReport;
  /** Whether this run changed anything (a second setup changes nothing). */
  changed: boolean;
  /** Every program run, in order. */
  commands: RanCommand[];
}

export interface DryRunReport {
  dryRun: true;
  plan: SetupPlan;
}

/**
 * Make the server ready for Hop3, idempotently: packages of the chosen groups (one dpkg-query,
 * at most one apt-get update and one apt-get install), the service account when the layout
 * calls for one (see `decideServiceUser`), then the HOP3_ROOT directories with owner and mode.
 * Inputs are validated before anything runs; `dryRun` returns the plan and changes nothing.
 */
export async function setupServer(context: DebianContext, options: SetupOptions = {}): Promise<SetupReport | DryRunReport> {
  const resolved = resolveSetup(context, options);
  if (options.dryRun) return { dryRun: true, plan: await planSetup(context, options) };
  // Validated (settings that go into /etc) before anything is installed or written.
  await planSystemFiles(context, context);

  const packages = await installMissing(context, resolved.packages, { update: options.update ?? true });
  const commands = [...packages.commands];

  let user: UserReport | SkippedUser;
  if (resolved.user.manage) {
    user = await ensureUserAccount(context, resolved.user.spec);
    commands.push(...user.commands);
  } else {
    user = { action: 'skip', reason: resolved.user.reason };
    context.log.debug(resolved.user.reason);
  }

  const owner = await serviceOwnership(context, resolved.user);
  const dirs: SetupReport['dirs'] = [];
  for (const spec of hop3Directories(context.layout)) {
    const action = await ensureDirectory(spec, owner);
    if (action === 'symlink-skipped') context.log.warn(`${spec.path} is a symbolic link: left as it is (owner and mode not changed)`);
    dirs.push({ path: spec.path, mode: formatMode(spec.mode), action });
  }
  // Planned again now: the packages (nginx, its default site) are in place only from here on.
  const system = await applySystemFiles(context, await planSystemFiles(context, context));
  commands.push(...system.commands);
  const changed =
    packages.installed.length > 0 || ('createdUser' in user && (user.createdUser || user.createdGroup)) || dirs.some((d) => d.action !== 'unchanged') || system.changed;
  return { dryRun: false, packages, user, dirs, system, changed, commands };
}
