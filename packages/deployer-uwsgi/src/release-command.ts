import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { hasErrorCode } from '@hop3/core';
import { lastLines, runCommand, KitErrorCodes } from '@hop3/kit';
import { UwsgiErrorCodes, uwsgiError } from './errors.js';

export interface ReleaseOptions {
  app: string;
  command: string;
  cwd: string;
  env: Record<string, string>;
  logDir: string;
  timeoutMs: number;
  /** The account the app runs as, when hop3 (root) switches to it (settings.appOwner). */
  runAs?: { uid: number; gid: number } | null;
}

/**
 * Heroku's release phase: run once per deploy, after the build and before the new version
 * starts, with the app's full environment (migrations go here). A failure stops the deploy and
 * the running version keeps serving.
 */
export async function runReleaseCommand(options: ReleaseOptions): Promise<void> {
  await mkdir(options.logDir, { recursive: true });
  const logFile = join(options.logDir, 'release.log');
  await appendFile(logFile, `\n===== ${new Date().toISOString()} release of ${options.app}: ${options.command} =====\n`, { mode: 0o600 });
  const result = await runCommand('/bin/sh', ['-c', options.command], {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    logFile,
    timeoutMs: options.timeoutMs,
    uid: options.runAs?.uid,
    gid: options.runAs?.gid,
    allowFailure: true,
  }).catch((error: unknown) => {
    const why = hasErrorCode(error, KitErrorCodes.commandTimeout) ? `took longer than ${Math.round(options.timeoutMs / 1000)} s` : (error as Error).message;
    throw uwsgiError({ message: `The release command of "${options.app}" failed: ${why}. Log: ${logFile}`, code: UwsgiErrorCodes.releaseFailed, cause: error });
  });
  if (result.exitCode !== 0) {
    const tail = lastLines(`${result.stdout}\n${result.stderr}`, 10);
    throw uwsgiError({
      message: `The release command of "${options.app}" exited with code ${result.exitCode}; the new version was not started:\n${tail.map((l) => `  ${l}`).join('\n')}\nLog: ${logFile}`,
      code: UwsgiErrorCodes.releaseFailed, details: { exitCode: result.exitCode, logFile },
    });
  }
}
