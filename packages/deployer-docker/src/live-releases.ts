import { join } from 'node:path';
import { z } from '@hop3/core';
import { readJsonState, writeJsonAtomic } from '@hop3/kit';
import { DockerErrorCodes } from './errors.js';

/** How many went-live releases the record remembers (far more than any retention keeps). */
const REMEMBERED = 100;

const schema = z.object({
  version: z.literal(1),
  /** Release numbers in the order they went live, the latest first, each once. */
  releases: z.array(z.int()),
});

function recordPath(appRoot: string): string {
  return join(appRoot, 'docker', 'live-releases.json');
}

/**
 * Note that a release went live (its images served). Image retention keeps the images of the
 * last N releases that went live, the same N releases `hop3 rollback` can go back to; releases
 * that failed their gate do not push a rollback target's image out.
 */
export async function recordLiveRelease(appRoot: string, app: string, release: number): Promise<void> {
  const releases = (await liveReleases(appRoot, app)) ?? [];
  const next = [release, ...releases.filter((r) => r !== release)].slice(0, REMEMBERED);
  await writeJsonAtomic(recordPath(appRoot), { version: 1, releases: next });
}

/** The releases that went live, the latest first; null for an app deployed before the record existed. */
export async function liveReleases(appRoot: string, app: string): Promise<number[] | null> {
  const state = await readJsonState(recordPath(appRoot), schema, {
    what: `the list of live releases of app "${app}"`,
    recovery: `delete ${recordPath(appRoot)} (image retention then keeps the newest releases by number)`,
    code: DockerErrorCodes.corruptState,
  });
  return state?.releases ?? null;
}
