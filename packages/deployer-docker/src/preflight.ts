import type { DeploymentContext, StrategyRuntime } from '@hop3/core';
import { dockerEnvFileText } from './env-file.js';
import { composeFileOf, dockerConfigOf, dockerfileOf, modeOf } from './settings.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadComposeApp } from './compose/compose-file.js';

/**
 * Before anything is built or written: refuse what the docker deployers would certainly refuse
 * for an app that runs in containers (one with a Dockerfile, a compose file or a [docker]
 * section): a mode without its compose file, env the env file cannot carry, a compose file
 * that cannot run (unreadable, no services, no web service, a port published on every interface).
 */
export async function preflightDocker(context: DeploymentContext, runtime: StrategyRuntime): Promise<void> {
  if (!runsInContainers(context)) return;
  const mode = modeOf(context, runtime);
  dockerEnvFileText(context.app?.env ?? context.appConfig.env);
  const composeFile = composeFileOf(context);
  if (mode !== 'containers' && composeFile !== null) {
    const config = dockerConfigOf(context);
    await loadComposeApp(composeFile, { ...(config.webService !== undefined ? { webService: config.webService } : {}), ...(config.port !== undefined ? { port: config.port } : {}) });
  }
}

/** Files by which other builders take an app: with one, a Dockerfile or compose file may be for development only. */
const OTHER_BUILDERS_MARKERS = ['package.json', 'requirements.txt', 'pyproject.toml', 'Pipfile', 'go.mod', 'Gemfile'];

/**
 * Whether the docker builder will build this app, as far as can be known before the build: it
 * asks for Docker (`[build] builder`, `[run] deployer`, a `[docker]` section), or it has a
 * Dockerfile or compose file and nothing another builder would take first.
 */
function runsInContainers(context: DeploymentContext): boolean {
  const { build, run } = context.appConfig;
  if (build.builder === 'docker' || run.deployer === 'docker' || run.deployer === 'docker-compose') return true;
  if (Object.keys(dockerConfigOf(context)).length > 0) return true;
  if (!existsSync(dockerfileOf(context)) && composeFileOf(context) === null) return false;
  return !OTHER_BUILDERS_MARKERS.some((file) => existsSync(join(context.sourcePath, file)));
}
