import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from '@hop3/kit';
import { PythonBuildErrorCodes, pythonError } from './errors.js';
import { probePython, type PythonInfo } from './python-probe.js';

export interface VenvResult {
  /** The venv's interpreter. */
  python: string;
  version: string;
  /** False when the venv was (re)created by this call. */
  reused: boolean;
}

export function venvPython(venv: string): string {
  return join(venv, 'bin', 'python');
}

/**
 * Make sure `venv` is a working virtualenv of `base`'s Python version. A venv that no longer
 * runs (deleted interpreter, half-copied dir) or was made with another minor version is
 * deleted and rebuilt: uWSGI's python3 plugin can only load packages for its own version.
 */
export async function ensureVenv(
  venv: string,
  base: PythonInfo,
  baseCommand: string,
  logFile: string,
  log: (line: string) => Promise<void> | void,
  options: { systemSitePackages?: boolean } = {},
): Promise<VenvResult> {
  const python = venvPython(venv);
  const systemSite = options.systemSitePackages === true;
  if (existsSync(join(venv, 'pyvenv.cfg'))) {
    const existing = await probePython(python);
    const sameSite = (await seesSystemSitePackages(venv)) === systemSite;
    if (existing && existing.version === base.version && sameSite) return { python, version: existing.version, reused: true };
    await log(
      !existing
        ? 'Recreating virtualenv: its interpreter no longer runs'
        : existing.version !== base.version
          ? `Recreating virtualenv: it runs Python ${existing.version}, the server's is ${base.version}`
          : `Recreating virtualenv: [build] system-site-packages is now ${systemSite}`,
    );
  } else if (existsSync(venv)) {
    await log('Recreating virtualenv: the directory is not a virtualenv');
  } else {
    await log(`Creating virtualenv with ${baseCommand} (Python ${base.version}${systemSite ? ', with the system site-packages' : ''})`);
  }
  await rm(venv, { recursive: true, force: true });
  try {
    await runCommand(baseCommand, ['-m', 'venv', ...(systemSite ? ['--system-site-packages'] : []), venv], { timeoutMs: 120_000, logFile });
  } catch (error) {
    await rm(venv, { recursive: true, force: true });
    throw pythonError({
      message: `Could not create the virtualenv ${venv} with ${baseCommand}: ${(error as Error).message}\nIs python3-venv installed?`,
      code: PythonBuildErrorCodes.venvFailed,
      cause: error,
    });
  }
  const created = await probePython(python);
  if (!created) {
    throw pythonError({ message: `The new virtualenv ${venv} does not run (${python}).`, code: PythonBuildErrorCodes.venvFailed });
  }
  return { python, version: created.version, reused: false };
}

/** What the venv's pyvenv.cfg says about `include-system-site-packages`. */
async function seesSystemSitePackages(venv: string): Promise<boolean> {
  const cfg = await readFile(join(venv, 'pyvenv.cfg'), 'utf8').catch(() => '');
  return /^\s*include-system-site-packages\s*=\s*true\s*$/im.test(cfg);
}
