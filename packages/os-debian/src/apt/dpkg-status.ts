import { hasErrorCode } from '@hop3/core';
import { RunErrorCodes } from '@hop3/kit';
import { debianError, DebianErrorCodes } from '../errors.js';
import type { CommandRunner, RanCommand } from '../run.js';

/** Which of the requested packages dpkg knows as installed. Both lists keep the request order. */
export interface PackagePlan {
  missing: string[];
  present: string[];
}

// dpkg-query expands `\t` and `\n` itself (as in `-f='…\t…\n'` in a shell).
const STATUS_FORMAT = '-f=${Package}\\t${db:Status-Status}\\n';

export function dpkgQueryCommand(packages: readonly string[]): RanCommand {
  return { command: 'dpkg-query', args: ['-W', STATUS_FORMAT, ...packages] };
}

/**
 * Split `packages` by dpkg-query's answer. Only the status text `installed` counts: removed
 * packages that left config files (`config-files`), half-installed ones, and names dpkg has
 * never heard of ("no packages found matching", absent from stdout) are all missing. A name
 * listed for several architectures is present when any of them is installed.
 */
export function parseDpkgStatus(stdout: string, packages: readonly string[]): PackagePlan {
  const installed = new Set<string>();
  for (const line of stdout.split('\n')) {
    const [name, status] = line.trim().split('\t');
    if (name && status?.trim() === 'installed') installed.add(name);
  }
  const unique = [...new Set(packages)];
  return {
    missing: unique.filter((name) => !installed.has(name)),
    present: unique.filter((name) => installed.has(name)),
  };
}

/** Ask dpkg, in one call, which packages are installed. Read-only: works without root. */
export async function queryPackageStatus(run: CommandRunner, packages: readonly string[]): Promise<PackagePlan> {
  if (packages.length === 0) return { missing: [], present: [] };
  const { command, args } = dpkgQueryCommand(packages);
  let result;
  try {
    // Exit 1 means "some names unknown": stdout still lists the known ones.
    result = await run(command, args, { allowFailure: true, timeoutMs: 60_000 });
  } catch (error) {
    if (hasErrorCode(error, RunErrorCodes.notFound)) {
      throw debianError({
        code: DebianErrorCodes.aptFailed,
        message: 'dpkg-query was not found: the debian OS strategy needs a Debian-family system (Debian, Ubuntu or a derivative).',
        cause: error,
      });
    }
    throw error;
  }
  if (result.exitCode > 1) {
    throw debianError({
      code: DebianErrorCodes.aptFailed,
      message: `dpkg-query failed with exit code ${result.exitCode}: ${result.stderr.trim() || 'no error output'}`,
      details: { exitCode: result.exitCode },
    });
  }
  return parseDpkgStatus(result.stdout, packages);
}
