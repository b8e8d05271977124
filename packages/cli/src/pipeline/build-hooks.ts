import { Abort, hasErrorCode, type BuildHookKind } from '@hop3/core';
import { runCommand } from '@hop3/kit';

export interface HookRunOptions {
  cwd: string;
  env: Record<string, string>;
  logFile: string;
}

/**
 * Run an app's build hook (prebuild, postbuild…): each command line is the app author's own,
 * run with `sh -c` in the source dir. A failure aborts the deploy with the hook's exit code.
 */
export async function runBuildHook(kind: BuildHookKind, commands: readonly string[] | undefined, options: HookRunOptions): Promise<void> {
  for (const command of commands ?? []) {
    try {
      await runCommand('/bin/sh', ['-c', command], { cwd: options.cwd, env: options.env, logFile: options.logFile, timeoutMs: 30 * 60_000 });
    } catch (error) {
      if (!hasErrorCode(error, 'HOP3_COMMAND_FAILED')) throw error;
      const exitCode = ((error as { details?: { exitCode?: number } }).details?.exitCode ?? 1) || 1;
      throw new Abort(`${kind} hook failed with exit code ${exitCode}: ${command}\n${(error as Error).message.split('\n').slice(1).join('\n')}\n(full output in ${options.logFile})`, {
        code: 'HOP3_HOOK_FAILED',
        exitCode,
        cause: error,
      });
    }
  }
}
