import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { HOSTNAME_PATTERN, SAFE_NAME_RULE, isSafeName, loadAppConfig, type AppConfig } from '@hop3/core';
import { parseAssignments, toAssignments } from './app-env.js';
import { engineError, EngineErrorCodes } from '../errors.js';
import { releaseSourceSchema, type ReleaseSource } from '../releases/release-record.js';

export interface DeployRequest {
  sourceDir: string;
  appName?: string;
  hostnames?: readonly string[];
  /** Variables to set (they win over hop3.toml [env] and services): `{ KEY: 'value' }` or `['KEY=value']`. */
  env?: Readonly<Record<string, string>> | readonly string[];
  /** Where the code came from, for the release record (default: the source dir). A git push gives the commit. */
  source?: ReleaseSource;
  /**
   * Abort it to interrupt the deploy (a host's Ctrl-C): it stops at the next step or while
   * waiting for the app to answer, and undoes what it started, as a failed deploy does
   * (`HOP3_INTERRUPTED`). A build program already running is waited for.
   */
  signal?: AbortSignal;
}

export interface ValidDeployRequest {
  sourceDir: string;
  appName: string;
  hostnames: string[] | undefined;
  env: Record<string, string>;
  config: AppConfig;
  source: ReleaseSource | undefined;
}

/**
 * Check everything about a deploy before anything is written: the dir, the app name, the
 * hostnames, the env assignments and the app's config files. Every problem is reported at once.
 */
export async function validateDeployRequest(request: DeployRequest): Promise<ValidDeployRequest> {
  const problems: string[] = [];
  const sourceDir = resolve(request.sourceDir);
  const found = statSync(sourceDir, { throwIfNoEntry: false });
  if (found === undefined) problems.push(`source directory not found: ${sourceDir}`);
  else if (!found.isDirectory()) problems.push(`${sourceDir} is not a directory: give the app's directory (the one holding its Procfile, requirements.txt or package.json)`);

  const appName = request.appName ?? basename(sourceDir).toLowerCase();
  if (!isSafeName(appName)) {
    problems.push(
      request.appName === undefined
        ? `the directory name "${basename(sourceDir)}" is not a valid app name; pass --app NAME (${SAFE_NAME_RULE})`
        : `invalid app name "${appName}": ${SAFE_NAME_RULE}`,
    );
  }

  const hostnames = request.hostnames?.map((host) => host.trim()).filter((host) => host !== '');
  for (const host of hostnames ?? []) {
    if (!HOSTNAME_PATTERN.test(host)) problems.push(`invalid hostname "${host}": use letters, digits, "-" and "." (e.g. app.example.com)`);
  }

  const env = parseAssignments(toAssignments(request.env ?? []));
  problems.push(...env.problems.map((problem) => `--env ${problem}`));

  if (request.source !== undefined && !releaseSourceSchema.safeParse(request.source).success) {
    problems.push('source must be { kind: "git", commit: <40-hex sha>, ref? } or { kind: "dir", path }');
  }

  if (problems.length > 0) {
    throw engineError({ message: `Cannot deploy:\n  - ${problems.join('\n  - ')}`, code: EngineErrorCodes.invalidInput });
  }
  const config = await loadAppConfig(sourceDir);
  return { sourceDir, appName, hostnames, env: env.values, config, source: request.source };
}
