import { hasErrorCode, type Hop3Error } from '@hop3/core';
import { KitErrorCodes, runCommand, type RunOptions, type RunResult } from '@hop3/kit';
import { apiEndpointOf, START_DAEMON_HINT, type ApiEndpoint } from './docker-api.js';
import { inspectObjects } from './docker-objects.js';
import { DockerErrorCodes, dockerError } from './errors.js';

export { START_DAEMON_HINT } from './docker-api.js';

/** What every docker call needs: the Engine API endpoint, the client program, and the host's settings. */
export interface DockerClient {
  /** The docker client program (HOP3_DOCKER_BIN, default `docker` from PATH): compose, swarm, log pumps. */
  bin: string;
  /** Where the Engine API answers (DOCKER_HOST): the containers, images and builds of the hot path. */
  api: ApiEndpoint;
  env: Readonly<Record<string, string | undefined>>;
}

export function dockerClient(env: Readonly<Record<string, string | undefined>>): DockerClient {
  const bin = env.HOP3_DOCKER_BIN?.trim() || 'docker';
  return { bin, api: apiEndpointOf(env, bin), env };
}

/** Lines a newer client prints on every legacy build: noise in an error message. */
const NOISE = [/^DEPRECATED: The legacy builder is deprecated/, /^\s+Install the buildx component/, /^\s+https:\/\/docs\.docker\.com\/go\/buildx/];

export function withoutNoise(lines: readonly string[]): string[] {
  return lines.filter((line) => !NOISE.some((pattern) => pattern.test(line)));
}

const DAEMON_DOWN = /Cannot connect to the Docker daemon|Is the docker daemon running|permission denied while trying to connect to the Docker daemon|error during connect/i;

/**
 * Run `docker <args>` (an argument array, never a shell string). A daemon that does not answer
 * becomes one clear error saying how to start it; other failures keep kit's message (the
 * command and the last lines of docker's stderr) under `code`.
 */
export async function docker(client: DockerClient, args: readonly string[], options: RunOptions & { code?: typeof DockerErrorCodes.commandFailed } = {}): Promise<RunResult> {
  try {
    const result = await runCommand(client.bin, args, { timeoutMs: 120_000, ...options });
    if (result.exitCode !== 0 && DAEMON_DOWN.test(result.stderr)) throw daemonDown(result.stderr);
    return result;
  } catch (error) {
    if (isCoded(error) && error.code === DockerErrorCodes.daemonUnavailable) throw error;
    const stderr = ((error as Hop3Error).details?.stderrTail as string[] | undefined)?.join('\n') ?? '';
    if (DAEMON_DOWN.test(stderr)) throw daemonDown(stderr, error);
    if (hasErrorCode(error, KitErrorCodes.commandNotFound)) {
      throw dockerError({
        code: DockerErrorCodes.daemonUnavailable,
        message: `The docker client "${client.bin}" is not installed. Install Docker with "hop3 setup --only docker" (Debian's docker.io), or set HOP3_DOCKER_BIN.`,
        cause: error,
      });
    }
    if (hasErrorCode(error, KitErrorCodes.commandFailed) || hasErrorCode(error, KitErrorCodes.commandTimeout)) {
      const message = withoutNoise((error as Error).message.split('\n')).join('\n');
      throw dockerError({ code: DockerErrorCodes.commandFailed, message, cause: error, details: (error as Hop3Error).details });
    }
    throw error;
  }
}

function isCoded(error: unknown): error is Hop3Error {
  return typeof error === 'object' && error !== null && 'code' in error;
}

function daemonDown(stderr: string, cause?: unknown): Hop3Error {
  const first = stderr.split('\n').find((line) => DAEMON_DOWN.test(line))?.trim() ?? 'no answer';
  return dockerError({ code: DockerErrorCodes.daemonUnavailable, message: `The Docker daemon is not running (${first}). ${START_DAEMON_HINT}`, cause });
}

/**
 * `docker inspect` of several objects as parsed JSON; missing ones are left out (never throws for
 * them). Containers and images through the Engine API; swarm tasks through the client.
 */
export async function inspect<T>(client: DockerClient, ids: readonly string[], type: 'container' | 'image' | 'task' = 'container'): Promise<T[]> {
  if (ids.length === 0) return [];
  if (type !== 'task') return inspectObjects<T>(client, ids, type);
  const result = await docker(client, ['inspect', '--type', type, ...ids], { allowFailure: true });
  if (DAEMON_DOWN.test(result.stderr)) throw daemonDown(result.stderr);
  try {
    return JSON.parse(result.stdout || '[]') as T[];
  } catch {
    return [];
  }
}

export { containersByLabel } from './docker-objects.js';
