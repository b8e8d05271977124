import { Abort, hasErrorCode, type BuildArtifact, type BuildHookKind } from '@hop3/core';
import { processEnv, runCommand, secretValues, toolchainOf, KitErrorCodes } from '@hop3/kit';
import { EngineErrorCodes } from '../errors.js';

/** Who the hooks run for: the same facts the deployer builds the app's processes' env from. */
export interface HookContext {
  app: string;
  /** The app's env (hop3.toml [env], services, `config set`). */
  appEnv: Record<string, string>;
  /** The app's home (its dir under HOP3_ROOT), HOME for its processes. */
  home: string;
  /** The release's source dir: hooks run there. */
  cwd: string;
  logFile: string;
}

/**
 * The environment of a hook: the one the app's processes get (kit's `processEnv`), with the
 * artifact's toolchain first on PATH (venv/bin, node_modules/.bin) — so `python manage.py
 * collectstatic` finds the app's packages. Before the first build there is no toolchain yet.
 */
export function hookEnv(context: HookContext, artifact: BuildArtifact | null | undefined): Record<string, string> {
  return processEnv({ app: context.app, appEnv: context.appEnv, ...toolchainOf(artifact, context.cwd), home: context.home, port: null });
}

/**
 * Run an app's build hook (prebuild, postbuild, prerun): each command line is the app author's
 * own, run with `sh -c` in the source dir, with the app's process environment. A failure aborts
 * the deploy (exit code 1; the hook's own status is in the message and details).
 */
export async function runBuildHook(kind: BuildHookKind, commands: readonly string[] | undefined, context: HookContext, artifact: BuildArtifact | null | undefined): Promise<void> {
  if (commands === undefined || commands.length === 0) return;
  const env = hookEnv(context, artifact);
  for (const command of commands) {
    try {
      // The app's secrets are masked in the build log and in the error, as `config show` masks them.
      await runCommand('/bin/sh', ['-c', command], { cwd: context.cwd, env, extendEnv: false, logFile: context.logFile, timeoutMs: 30 * 60_000, secrets: secretValues(context.appEnv) });
    } catch (error) {
      if (!hasErrorCode(error, KitErrorCodes.commandFailed)) throw error;
      const exitCode = ((error as { details?: { exitCode?: number } }).details?.exitCode ?? 1) || 1;
      throw new Abort(`${kind} hook failed with exit code ${exitCode}: ${command}\n${(error as Error).message.split('\n').slice(1).join('\n')}\n(full output in ${context.logFile})`, {
        code: EngineErrorCodes.buildHookFailed,
        cause: error,
        details: { hook: kind, exitCode, logFile: context.logFile },
      });
    }
  }
}
