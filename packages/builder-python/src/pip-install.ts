import { hasErrorCode } from '@hop3/core';
import { lastLines, runCommand, KitErrorCodes } from '@hop3/kit';
import { PythonBuildErrorCodes, pythonError } from './errors.js';
import type { InstallMode } from './dependency-hash.js';

export interface PipInstallOptions {
  python: string;
  venv: string;
  sourceDir: string;
  mode: InstallMode;
  /** The app's environment; it wins over the host's PIP_* settings. */
  appEnv: Record<string, string>;
  pipEnv: Record<string, string>;
  logFile: string;
  timeoutMs: number;
  /** Each line pip writes, as it writes it (the host shows them as progress on a terminal). */
  onLine?: (line: string) => void;
}

const HOST_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The environment pip runs with: nothing inherited from the hop3 process but what pip needs.
 * The host's PIP_* settings (a mirror, find-links, a config file) and the app's env both apply;
 * pip's own config files are honoured (no --isolated) so a server's pip.conf keeps working.
 */
export function pipEnvironment(options: Pick<PipInstallOptions, 'venv' | 'appEnv' | 'pipEnv'>, hostEnv: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {
    PATH: `${options.venv}/bin:${hostEnv.PATH ?? HOST_PATH}`,
    HOME: hostEnv.HOME ?? '/root',
    LANG: hostEnv.LANG ?? 'C.UTF-8',
    ...options.pipEnv,
    ...options.appEnv,
    VIRTUAL_ENV: options.venv,
    PYTHONUNBUFFERED: '1',
    PYTHONIOENCODING: 'UTF-8:replace',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
  };
  // No index is reachable on many servers; fail fast instead of retrying for ~8 s per lookup.
  env.PIP_RETRIES ??= '0';
  return env;
}

export function pipArguments(mode: InstallMode): string[] {
  const target = mode === 'requirements' ? ['-r', 'requirements.txt'] : ['.'];
  return ['-m', 'pip', 'install', '--disable-pip-version-check', ...target];
}

/** pip's `ERROR:` lines and the last lines of its output, for a failure message. */
export function summarizePipFailure(stdout: string, stderr: string): string[] {
  const all = `${stdout}\n${stderr}`;
  const errors = all.split(/\r?\n/).filter((line) => /^\s*ERROR:/.test(line)).map((line) => line.trim());
  const tail = lastLines(stderr || stdout, 8).map((line) => line.trimEnd());
  const lines = [...errors];
  for (const line of tail) if (!lines.includes(line.trim())) lines.push(line);
  return lines.slice(-20);
}

/** Run pip in the app's source dir (relative wheel paths in requirements resolve there). */
export async function pipInstall(options: PipInstallOptions): Promise<void> {
  const result = await runCommand(options.python, pipArguments(options.mode), {
    cwd: options.sourceDir,
    env: pipEnvironment(options),
    extendEnv: false,
    logFile: options.logFile,
    timeoutMs: options.timeoutMs,
    allowFailure: true,
    ...(options.onLine ? { onLine: (line: string) => options.onLine?.(line) } : {}),
  }).catch((error: unknown) => {
    if (hasErrorCode(error, KitErrorCodes.commandTimeout)) {
      throw pythonError({
        message: `pip install took longer than ${Math.round(options.timeoutMs / 1000)} s and was stopped (HOP3_PIP_TIMEOUT). Build log: ${options.logFile}`,
        code: PythonBuildErrorCodes.pipFailed,
        cause: error,
      });
    }
    throw error;
  });
  if (result.exitCode === 0) return;
  const lines = summarizePipFailure(result.stdout, result.stderr);
  const what = options.mode === 'requirements' ? 'pip install -r requirements.txt' : 'pip install .';
  throw pythonError({
    message: `${what} failed (exit code ${result.exitCode}):\n${lines.map((l) => `  ${l}`).join('\n')}\nFull output in the build log: ${options.logFile}`,
    code: PythonBuildErrorCodes.pipFailed,
    details: { exitCode: result.exitCode, errorLines: lines, logFile: options.logFile },
  });
}
