import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from '@hop3/core';
import { readJsonState, writeJsonAtomic } from '@hop3/kit';
import { DockerErrorCodes } from '../errors.js';

const stateSchema = z.object({
  version: z.literal(1),
  mode: z.enum(['compose', 'swarm']),
  project: z.string(),
  release: z.int(),
  /** The compose file Hop3 rendered for the live release. */
  file: z.string(),
  envFile: z.string(),
  webService: z.string(),
  webPort: z.int(),
  /** Containers per service, as last asked. */
  counts: z.record(z.string(), z.int()),
  /** During a redeploy: the web containers that served before (retired by commit) and the new ones. */
  rollout: z.nullable(z.object({ old: z.array(z.string()), fresh: z.array(z.string()), previousRelease: z.nullable(z.int()), previousFile: z.nullable(z.string()) })),
  committed: z.boolean(),
  stopped: z.boolean(),
});
export type ComposeState = z.infer<typeof stateSchema>;

export function composeStatePath(appRoot: string): string {
  return join(appRoot, 'compose-state.json');
}

export async function readComposeState(appRoot: string, app: string): Promise<ComposeState | null> {
  const state = await readJsonState(composeStatePath(appRoot), stateSchema, {
    what: `the compose state of app "${app}"`,
    recovery: `run "hop3 destroy ${app} --yes" (its containers are found by label) and deploy again`,
    code: DockerErrorCodes.corruptState,
  });
  return state ?? null;
}

export function writeComposeState(appRoot: string, state: ComposeState): Promise<void> {
  return writeJsonAtomic(composeStatePath(appRoot), state);
}

export function removeComposeState(appRoot: string): Promise<void> {
  return rm(composeStatePath(appRoot), { force: true });
}
