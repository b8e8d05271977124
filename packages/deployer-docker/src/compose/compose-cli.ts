import type { RunOptions, RunResult } from '@hop3/kit';
import { runCommand } from '@hop3/kit';
import { docker, type DockerClient } from '../docker-cli.js';
import { DockerErrorCodes, dockerError } from '../errors.js';

/** How compose is run here: `docker compose` (v2) where it answers, else `docker-compose` (v1). */
export interface ComposeRunner {
  client: DockerClient;
  command: string;
  prefix: string[];
  version: string;
}

const detected = new Map<string, Promise<ComposeRunner>>();

/** Detect once per docker client: v2 (`docker compose version`), else v1 (`docker-compose version --short`). */
export function composeRunner(client: DockerClient): Promise<ComposeRunner> {
  const key = `${client.bin}\0${client.env.HOP3_DOCKER_COMPOSE_BIN ?? ''}`;
  let runner = detected.get(key);
  if (runner === undefined) {
    runner = detect(client);
    detected.set(key, runner);
    runner.catch(() => detected.delete(key));
  }
  return runner;
}

async function detect(client: DockerClient): Promise<ComposeRunner> {
  const v2 = await runCommand(client.bin, ['compose', 'version', '--short'], { allowFailure: true, timeoutMs: 20_000 }).catch(() => null);
  if (v2 !== null && v2.exitCode === 0) return { client, command: client.bin, prefix: ['compose'], version: v2.stdout.trim() };
  const bin = client.env.HOP3_DOCKER_COMPOSE_BIN?.trim() || 'docker-compose';
  const v1 = await runCommand(bin, ['version', '--short'], { allowFailure: true, timeoutMs: 20_000 }).catch(() => null);
  if (v1 !== null && v1.exitCode === 0) return { client, command: bin, prefix: [], version: v1.stdout.trim() };
  throw dockerError({
    code: DockerErrorCodes.composeMissing,
    message: 'Neither "docker compose" (v2) nor "docker-compose" (v1) is installed: install Debian\'s docker-compose ("hop3 setup --only docker"), or the compose plugin.',
  });
}

/** `compose -p <project> -f <file> <args>`, with docker's daemon errors made clear. */
export function compose(runner: ComposeRunner, project: string, file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const full = [...runner.prefix, '--project-name', project, '--file', file, ...args];
  if (runner.prefix.length > 0) return docker(runner.client, full, options);
  return docker({ ...runner.client, bin: runner.command }, full, options);
}
