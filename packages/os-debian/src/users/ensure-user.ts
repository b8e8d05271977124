import { Hop3Error, type Logger } from '@hop3/core';
import { debianError, DebianErrorCodes } from '../errors.js';
import { checkAccountName, checkSystemPath } from '../names.js';
import { requireRoot, type RootCheck } from '../privileges.js';
import type { CommandRunner, RanCommand } from '../run.js';
import { lookupGroup, lookupUser, type PasswdEntry } from './getent.js';

export interface UserSpec {
  user: string;
  home: string;
  shell: string;
  /** Primary group. */
  group: string;
}

export interface UserContext {
  run: CommandRunner;
  isRoot: RootCheck;
  log: Logger;
}

/** What {@link ensureUserAccount} would do; serialisable. */
export interface UserPlan extends UserSpec {
  action: 'create' | 'none' | 'mismatch';
  userExists: boolean;
  groupExists: boolean;
  /** Human-readable differences of an existing account (home, shell, primary group). */
  differences: string[];
}

export interface UserReport extends UserSpec {
  createdGroup: boolean;
  createdUser: boolean;
  commands: RanCommand[];
}

export function checkUserSpec(spec: UserSpec): void {
  checkAccountName(spec.user, 'user');
  checkAccountName(spec.group, 'group');
  checkSystemPath(spec.home, 'home directory');
  checkSystemPath(spec.shell, 'shell');
}

interface Inspection {
  existing: PasswdEntry | undefined;
  groupGid: number | undefined;
  /** Differences that make the account unusable for Hop3 (home, shell). */
  blocking: string[];
  /** Differences worth a warning only (primary group). */
  advisory: string[];
}

async function inspect(run: CommandRunner, spec: UserSpec): Promise<Inspection> {
  const [existing, group] = await Promise.all([lookupUser(run, spec.user), lookupGroup(run, spec.group)]);
  const blocking: string[] = [];
  const advisory: string[] = [];
  if (existing) {
    if (existing.home !== spec.home) blocking.push(`home is ${existing.home}, expected ${spec.home}`);
    if (existing.shell !== spec.shell) blocking.push(`shell is ${existing.shell}, expected ${spec.shell}`);
    if (group === undefined || existing.gid !== group.gid) advisory.push(`primary group is not ${spec.group}`);
  }
  return { existing, groupGid: group?.gid, blocking, advisory };
}

function mismatchError(spec: UserSpec, existing: PasswdEntry, differences: string[]): Hop3Error {
  const fixes: string[] = [];
  if (existing.home !== spec.home) fixes.push(`\`usermod -d ${spec.home} -m ${spec.user}\``);
  if (existing.shell !== spec.shell) fixes.push(`\`usermod -s ${spec.shell} ${spec.user}\``);
  return debianError({
    code: DebianErrorCodes.userMismatch,
    message: `User "${spec.user}" already exists but its ${differences.join(' and its ')}. ` +
      `Hop3 does not change existing accounts: fix it with ${fixes.join(' and ')}, ` +
      `or use a different HOP3_ROOT${existing.home !== spec.home ? ` (e.g. HOP3_ROOT=${existing.home})` : ''}.`,
    details: {
      user: spec.user,
      expected: { home: spec.home, shell: spec.shell },
      actual: { home: existing.home, shell: existing.shell },
    },
  });
}

/** Read-only: what ensuring this account would do. Works without root. */
export async function planUser(context: UserContext, spec: UserSpec): Promise<UserPlan> {
  checkUserSpec(spec);
  const found = await inspect(context.run, spec);
  const differences = [...found.blocking, ...found.advisory];
  const action = !found.existing ? 'create' : found.blocking.length > 0 ? 'mismatch' : 'none';
  return { ...spec, action, userExists: found.existing !== undefined, groupExists: found.groupGid !== undefined, differences };
}

/**
 * Make sure the account exists with this home and shell: create the group and the user when
 * missing; nothing to do (and no root needed) when it is already right; HOP3_OS_USER_MISMATCH when
 * it exists with another home or shell. A different primary group is only a warning.
 */
export async function ensureUserAccount(context: UserContext, spec: UserSpec): Promise<UserReport> {
  checkUserSpec(spec);
  const found = await inspect(context.run, spec);
  const report: UserReport = { ...spec, createdGroup: false, createdUser: false, commands: [] };

  if (found.existing) {
    if (found.blocking.length > 0) throw mismatchError(spec, found.existing, found.blocking);
    for (const note of found.advisory) {
      context.log.warn(`User "${spec.user}": ${note}; change it with \`usermod -g ${spec.group} ${spec.user}\` if Hop3's files must belong to it.`);
    }
    return report;
  }

  requireRoot(context.isRoot, `create the user "${spec.user}"`);
  const run = async (command: string, args: string[]): Promise<void> => {
    report.commands.push({ command, args });
    await context.run(command, args, { timeoutMs: 60_000 });
  };
  try {
    if (found.groupGid === undefined) {
      context.log.info(`Creating group ${spec.group}`);
      await run('groupadd', [spec.group]);
      report.createdGroup = true;
    }
    context.log.info(`Creating user ${spec.user} (home ${spec.home}, shell ${spec.shell})`);
    await run('useradd', ['-m', '-d', spec.home, '-s', spec.shell, '-g', spec.group, spec.user]);
    report.createdUser = true;
  } catch (error) {
    throw debianError({
      code: DebianErrorCodes.userFailed,
      message: `Could not create user "${spec.user}": ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
      details: { user: spec.user, group: spec.group },
    });
  }
  return report;
}
