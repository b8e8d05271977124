import { join } from 'node:path';
import type { DeploymentContext } from '@hop3/core';
import { hasErrorCode } from '@hop3/core';
import { writeFileAtomic } from '@hop3/kit';
import type { DockerClient } from '../docker-cli.js';
import { DockerErrorCodes } from '../errors.js';
import { compose, composeRunner } from './compose-cli.js';
import { loadComposeApp, renderComposeFile, serviceImage } from './compose-file.js';

/** Where the compose file Hop3 runs is written: beside the user's, so relative paths keep their meaning. */
export const RENDERED_COMPOSE_FILE = '.hop3-compose.yaml';
export const RENDERED_STACK_FILE = '.hop3-stack.yaml';

export interface ComposeBuildInput {
  client: DockerClient;
  context: DeploymentContext;
  composeFile: string;
  release: number;
  rootId: string;
  project: string;
  mode: 'compose' | 'swarm';
  webService?: string;
  port?: number;
  envFile: string;
  logFile: string;
  onLine: (line: string) => void;
  failure: (output: readonly string[], error: unknown) => Error;
}

/**
 * Build the services of a compose app that have a `build:` section, each into its per-release
 * image. Returns the rendered file and the images built (service → tag).
 */
export async function buildComposeImages(input: ComposeBuildInput): Promise<{ renderedFile: string; stackFile?: string; images: Record<string, string>; services: string[]; webService: string; webPort: number }> {
  const app = await loadComposeApp(input.composeFile, { ...(input.webService ? { webService: input.webService } : {}), ...(input.port ? { port: input.port } : {}) });
  const renderedFile = join(input.context.sourcePath, RENDERED_COMPOSE_FILE);
  const render = (target: 'compose' | 'swarm') => renderComposeFile({ app, appName: input.context.appName, rootId: input.rootId, release: input.release, envFile: input.envFile, target });
  // Compose builds the images (a stack cannot); a swarm app also gets the stack file it deploys.
  await writeFileAtomic(renderedFile, await render('compose'), { mode: 0o600 });
  const stackFile = input.mode === 'swarm' ? join(input.context.sourcePath, RENDERED_STACK_FILE) : null;
  if (stackFile !== null) await writeFileAtomic(stackFile, await render('swarm'), { mode: 0o600 });
  const built = Object.entries(app.services).filter(([, service]) => service.build !== undefined).map(([name]) => name);
  const images = Object.fromEntries(built.map((name) => [name, serviceImage(input.context.appName, name, input.release)]));
  if (built.length > 0) {
    const runner = await composeRunner(input.client);
    const output: string[] = [];
    try {
      await compose(runner, input.project, renderedFile, ['build', ...built], {
        timeoutMs: 60 * 60_000,
        logFile: input.logFile,
        tailLines: 200,
        onLine: (line) => {
          output.push(line);
          input.onLine(line);
        },
      });
    } catch (error) {
      if (!hasErrorCode(error, DockerErrorCodes.commandFailed)) throw error;
      throw input.failure(output, error);
    }
  }
  return { renderedFile, ...(stackFile !== null ? { stackFile } : {}), images, services: Object.keys(app.services), webService: app.webService, webPort: app.webPort };
}
