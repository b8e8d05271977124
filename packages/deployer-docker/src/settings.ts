import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DeploymentContext, DockerConfig, StrategyRuntime } from '@hop3/core';
import { DockerErrorCodes, dockerError } from './errors.js';

export type DockerMode = 'containers' | 'compose' | 'swarm';

/** Compose file names looked for, in the order of the Compose Specification. */
export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'] as const;

export const DEFAULTS = {
  keepImages: 5,
  /** Seconds the old containers keep running after the proxy switched (requests in flight finish). */
  drain: 1,
  /** Seconds `docker stop` waits before it kills. */
  stopTimeout: 10,
  containerPort: 8080,
  webService: 'web',
} as const;

export function dockerConfigOf(context: DeploymentContext): DockerConfig {
  return context.appConfig.docker ?? {};
}

/**
 * How many releases keep their images: `[docker] keep-images`, else the server's
 * HOP3_KEEP_RELEASES (the releases `hop3 rollback` can go back to), else 5. So by default every
 * release the engine keeps for a rollback still has its image.
 */
export function keepImagesOf(context: DeploymentContext, runtime: StrategyRuntime): number {
  const configured = dockerConfigOf(context).keepImages;
  if (configured !== undefined) return configured;
  const server = Number(runtime.env.HOP3_KEEP_RELEASES?.trim() || NaN);
  return Number.isInteger(server) && server >= 1 ? server : DEFAULTS.keepImages;
}

/** The compose file of an app (`[docker] compose-file`, else the first standard name found), or null. */
export function composeFileOf(context: DeploymentContext): string | null {
  const configured = dockerConfigOf(context).composeFile;
  if (configured !== undefined) return join(context.sourcePath, configured);
  const found = COMPOSE_FILE_NAMES.find((name) => existsSync(join(context.sourcePath, name)));
  return found === undefined ? null : join(context.sourcePath, found);
}

export function dockerfileOf(context: DeploymentContext): string {
  return join(context.sourcePath, dockerConfigOf(context).dockerfile ?? 'Dockerfile');
}

/**
 * How the app runs: `[docker] mode`, else the server's HOP3_DOCKER_MODE (`swarm` on a Swarm
 * manager), else `compose` when the app has a compose file and `containers` otherwise.
 * Swarm needs a compose file: it deploys that file as a stack.
 */
export function modeOf(context: DeploymentContext, runtime: StrategyRuntime): DockerMode {
  const configured = dockerConfigOf(context).mode;
  const hasCompose = composeFileOf(context) !== null;
  const server = runtime.env.HOP3_DOCKER_MODE?.trim();
  if (server !== undefined && server !== '' && !['containers', 'compose', 'swarm'].includes(server)) {
    throw dockerError({ code: DockerErrorCodes.invalidSetting, message: `HOP3_DOCKER_MODE must be "containers", "compose" or "swarm".`, details: { setting: 'HOP3_DOCKER_MODE' } });
  }
  const mode = configured ?? (hasCompose ? (server === 'swarm' ? 'swarm' : 'compose') : 'containers');
  if (mode !== 'containers' && !hasCompose) {
    throw dockerError({
      code: DockerErrorCodes.invalidSetting,
      message: `[docker] mode = "${mode}" needs a compose file (${COMPOSE_FILE_NAMES.join(', ')}, or [docker] compose-file) in the app.`,
      details: { setting: 'docker.mode' },
    });
  }
  return mode;
}
