import type { DeploymentContext, StrategyRuntime } from '@hop3/core';
import { dockerEnvFileText } from './env-file.js';
import { composeFileOf, dockerConfigOf, dockerfileOf, modeOf } from './settings.js';
import { existsSync } from 'node:fs';

/**
 * Before anything is built or written: refuse what the docker deployers would certainly refuse
 * for an app that runs in containers (one with a Dockerfile, a compose file or a [docker]
 * section): a mode without its compose file, env the env file cannot carry.
 */
export function preflightDocker(context: DeploymentContext, runtime: StrategyRuntime): void {
  const configured = Object.keys(dockerConfigOf(context)).length > 0;
  const containerApp = configured || existsSync(dockerfileOf(context)) || composeFileOf(context) !== null;
  if (!containerApp) return;
  modeOf(context, runtime);
  dockerEnvFileText(context.app?.env ?? context.appConfig.env);
}
