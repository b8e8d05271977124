import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from '@hop3/core';
import { readJsonState, writeJsonAtomic } from '@hop3/kit';
import { DockerErrorCodes } from './errors.js';

const containerSchema = z.object({
  name: z.string(),
  kind: z.string(),
  ordinal: z.int(),
  /** The loopback port of a web container, else null. */
  port: z.nullable(z.int()),
});
export type ContainerRecord = z.infer<typeof containerSchema>;

const releaseSchema = z.object({
  release: z.int(),
  image: z.string(),
  committed: z.boolean(),
  network: z.enum(['bridge', 'host']),
  /** The port the web process listens on inside its container (bridge network). */
  containerPort: z.nullable(z.int()),
  envFile: z.string(),
  containers: z.array(containerSchema),
});
export type ReleaseRecord = z.infer<typeof releaseSchema>;

const stateSchema = z.object({
  version: z.literal(1),
  current: z.nullable(releaseSchema),
  /** The release `deploy()` replaced: retired by `commit()`, serving again after `rollback()`. */
  previous: z.nullable(releaseSchema),
  counts: z.record(z.string(), z.int()),
  stopped: z.boolean(),
});
export type ContainerState = z.infer<typeof stateSchema>;

export function emptyState(): ContainerState {
  return { version: 1, current: null, previous: null, counts: {}, stopped: false };
}

export function statePath(appRoot: string): string {
  return join(appRoot, 'docker-state.json');
}

export async function readState(appRoot: string, app: string): Promise<ContainerState> {
  const state = await readJsonState(statePath(appRoot), stateSchema, {
    what: `the docker state of app "${app}"`,
    recovery: `run "hop3 destroy ${app} --yes" (its containers are found by label) and deploy again`,
    code: DockerErrorCodes.corruptState,
  });
  return state ?? emptyState();
}

export function writeState(appRoot: string, state: ContainerState): Promise<void> {
  return writeJsonAtomic(statePath(appRoot), state);
}

export function removeState(appRoot: string): Promise<void> {
  return rm(statePath(appRoot), { force: true });
}
