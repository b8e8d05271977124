import type { SetupOptions as CoreSetupOptions, SetupPlan as CoreSetupPlan } from '@hop3/core';
import { DEFAULT_SETUP_GROUPS, packagesFor, parseGroupList } from '../package-groups.js';
import { queryPackageStatus } from '../apt/dpkg-status.js';
import type { DebianContext } from '../context.js';
import { detectOs, type OsInfo } from '../detect.js';
import { checkUserSpec, planUser, type UserPlan } from '../users/ensure-user.js';
import { lookupGroup, lookupUser } from '../users/getent.js';
import { hop3Directories, planDirectory, type DirectoryPlan, type Ownership } from './directories.js';
import { decideServiceUser, type ServiceUserDecision } from './service-user.js';
import { planSystemFiles, type SystemFilesPlan } from './system-files/plan-system-files.js';

export interface SetupOptions extends CoreSetupOptions {
  /** Package groups to install (default: `HOP3_OS_PACKAGE_GROUPS`, else all groups). */
  groups?: readonly string[];
  /** Only compute the plan: nothing is installed, created or changed. */
  dryRun?: boolean;
  /** Run `apt-get update` before installing missing packages (default true). */
  update?: boolean;
}

export interface SkippedUser {
  action: 'skip';
  reason: string;
}

/** What `setupServer()` would do; serialisable, for `hop3 setup --dry-run --json`. */
export interface SetupPlan extends CoreSetupPlan {
  /** The system's display name (PRETTY_NAME), or "unknown" when os-release is unreadable. */
  os: string;
  detection: OsInfo & { strategy: 'debian' };
  runningAsRoot: boolean;
  user: (UserPlan & { reason: string }) | SkippedUser;
  packages: {
    groups: string[];
    missing: string[];
    present: string[];
    /** False when dpkg was not asked (not a Debian-family system): everything is listed missing. */
    checked: boolean;
  };
  /** `user:group` the directories get, or null for "the user running hop3". */
  owner: string | null;
  dirs: DirectoryPlan[];
  /** HOP3_SERVICES=system: the files under /etc (nginx include, units) and the services setup would start. */
  system: SystemFilesPlan;
}

/** Validated inputs of a setup, resolved before anything runs. */
export interface ResolvedSetup {
  groups: string[];
  packages: string[];
  user: ServiceUserDecision;
}

export function resolveSetup(context: DebianContext, options: SetupOptions): ResolvedSetup {
  const groups = [...(options.groups ?? parseGroupList(context.env.HOP3_OS_PACKAGE_GROUPS) ?? DEFAULT_SETUP_GROUPS)];
  const packages = packagesFor(groups);
  const user = decideServiceUser(context.layout, context.env);
  if (user.manage) checkUserSpec(user.spec);
  return { groups, packages, user };
}

/** The uid/gid the directories should have, when the service account already exists. */
export async function serviceOwnership(context: DebianContext, decision: ServiceUserDecision): Promise<Ownership | undefined> {
  if (!decision.manage) return undefined;
  const [user, group] = await Promise.all([
    lookupUser(context.run, decision.spec.user),
    lookupGroup(context.run, decision.spec.group),
  ]);
  return user && group ? { uid: user.uid, gid: group.gid } : undefined;
}

/** Compute the setup plan. Read-only: needs no root and changes nothing. */
export async function planSetup(context: DebianContext, options: SetupOptions = {}): Promise<SetupPlan> {
  const resolved = resolveSetup(context, options);
  const os = await detectOs(context.osReleasePath);
  const packages = os.detected
    ? { ...(await queryPackageStatus(context.run, resolved.packages)), checked: true }
    : { missing: resolved.packages, present: [], checked: false };

  const decision = resolved.user;
  const user = decision.manage
    ? { ...(await planUser(context, decision.spec)), reason: decision.reason }
    : ({ action: 'skip', reason: decision.reason } as const);
  const ownership = await serviceOwnership(context, decision);
  const dirs = await Promise.all(hop3Directories(context.layout).map((spec) => planDirectory(spec, ownership)));
  const system = (await planSystemFiles(context, context)).plan;

  return {
    os: os.displayName ?? 'unknown',
    detection: { ...os, strategy: 'debian' },
    runningAsRoot: context.isRoot(),
    user,
    packages: { groups: resolved.groups, ...packages },
    owner: decision.manage ? `${decision.spec.user}:${decision.spec.group}` : null,
    dirs,
    system,
  };
}
