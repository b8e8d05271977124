import { Hop3Error } from '@hop3/core';
import { lastLines } from '@hop3/kit';
import { debianError, DebianErrorCodes } from '../errors.js';

export interface AptFailureContext {
  /** The apt-get sub-command that failed (`update`, `install`). */
  step: string;
  exitCode: number;
  stderr: string;
  packages: readonly string[];
}

/**
 * Turn a failed apt-get run into an error the user can act on: the lock holder, the unknown
 * package, missing privileges; otherwise the tail of apt's own output.
 */
export function aptFailure({ step, exitCode, stderr, packages }: AptFailureContext): Hop3Error {
  const details = { step, exitCode, packages: [...packages], stderrTail: lastLines(stderr, 10) };

  // Not any "Permission denied": as root apt still warns about its unsandboxed _apt download.
  if (/are you root\?|Could not open lock file.*Permission denied/i.test(stderr)) {
    return debianError({
      code: DebianErrorCodes.notRoot,
      message: `apt-get ${step} needs root privileges: run as root or with sudo.`,
      details,
    });
  }

  const lock = /Could not get lock (\/\S+?)\.?(?:\s|$)/.exec(stderr);
  if (lock) {
    const holder = /held by process (\d+)(?: \(([^)]*)\))?/.exec(stderr);
    const who = holder ? `process ${holder[1]}${holder[2] ? ` (${holder[2]})` : ''}` : 'another apt or dpkg process';
    return debianError({
      code: DebianErrorCodes.aptLocked,
      message: `apt-get ${step} could not get the package manager lock ${lock[1]}: it is held by ${who}. ` +
        'Wait for it to finish (on a fresh server this is often unattended-upgrades) and retry.',
      details: { ...details, lock: lock[1], holderPid: holder ? Number(holder[1]) : null, holderName: holder?.[2] ?? null },
    });
  }

  const unknown = [
    ...[...stderr.matchAll(/Unable to locate package (\S+)/g)].map((m) => m[1]!),
    ...[...stderr.matchAll(/Package '?([^'\s]+)'? has no installation candidate/g)].map((m) => m[1]!),
  ];
  if (unknown.length > 0) {
    const names = [...new Set(unknown)];
    return debianError({
      code: DebianErrorCodes.packageNotFound,
      message: `apt cannot find package${names.length > 1 ? 's' : ''} ${names.join(', ')}. ` +
        'Refresh the package index with `apt-get update` (or `hop3 setup`, which does it) and retry; ' +
        'if it still fails, check the name and that the repository providing it is enabled.',
      details: { ...details, unknown: names },
    });
  }

  const tail = details.stderrTail.map((line) => `  ${line}`).join('\n');
  return debianError({
    code: DebianErrorCodes.aptFailed,
    message: `apt-get ${step} failed with exit code ${exitCode}${tail ? `:\n${tail}` : '.'}`,
    details,
  });
}
