import type { DeploymentContext, StrategyRuntime } from '@hop3/core';
import type { DockerClient } from './docker-cli.js';
import { imagesByLabel, imagesOfAllContainers, removeImage } from './docker-objects.js';
import { liveReleases } from './live-releases.js';
import { keepImagesOf } from './settings.js';
import { LABELS, imageRepository } from './names.js';

export interface ReleaseImage {
  /** `hop3/<app>:r<n>` */
  ref: string;
  release: number;
  id: string;
}

/**
 * The app's release images, newest release first: `hop3/<app>:r<n>`, and `hop3/<app>-<service>:r<n>`
 * for the services of a compose app (found by the `hop3.app` label, so another app's never match).
 */
export async function releaseImages(client: DockerClient, app: string): Promise<ReleaseImage[]> {
  const repository = imageRepository(app);
  const images: ReleaseImage[] = [];
  for (const image of await imagesByLabel(client, [`${LABELS.app}=${app}`])) {
    for (const ref of image.RepoTags ?? []) {
      const match = ref.match(/^(.+):r(\d+)$/);
      const ours = match?.[1] === repository || match?.[1]?.startsWith(`${repository}-`) === true;
      if (match === null || !ours) continue;
      images.push({ ref, release: Number(match[2]), id: image.Id });
    }
  }
  return images.sort((a, b) => b.release - a.release);
}

/**
 * The releases whose images stay: the last `keep` that went live (`live`, latest first: the
 * releases `hop3 rollback` can go back to), and every release newer than the latest live one
 * (just built, not through its gate yet). Without a record of live releases (an app deployed
 * before it existed): the newest `keep` releases by number.
 */
export function releasesToKeep(releases: readonly number[], live: readonly number[] | null, keep: number): Set<number> {
  const byNumber = [...new Set(releases)].sort((a, b) => b - a);
  if (live === null || live.length === 0) return new Set(byNumber.slice(0, keep));
  const latestLive = Math.max(...live);
  return new Set([...live.slice(0, keep), ...byNumber.filter((release) => release > latestLive)]);
}

/**
 * Keep the images of the releases {@link releasesToKeep} names; remove the others, but never one a
 * container still uses (a stopped old release, a running rollback). Returns the refs removed.
 */
export async function pruneReleaseImages(client: DockerClient, app: string, keep: number, live: readonly number[] | null): Promise<string[]> {
  const images = await releaseImages(client, app);
  const kept = releasesToKeep(images.map((image) => image.release), live, keep);
  const older = images.filter((image) => !kept.has(image.release));
  if (older.length === 0) return [];
  const used = await imagesOfAllContainers(client);
  const removed: string[] = [];
  for (const image of older) {
    if (used.has(image.id)) continue;
    if (await removeImage(client, image.ref).catch(() => false)) removed.push(image.ref);
  }
  return removed;
}

/**
 * Apply the app's image retention (after a build, and when a release went live): returns the
 * refs removed. Never throws: retention must not fail a deploy that otherwise worked.
 */
export async function applyImageRetention(client: DockerClient, context: DeploymentContext, runtime: StrategyRuntime): Promise<string[]> {
  try {
    const keep = keepImagesOf(context, runtime);
    const live = await liveReleases(runtime.layout.app(context.appName).root, context.appName);
    const removed = await pruneReleaseImages(client, context.appName, keep, live);
    if (removed.length > 0) runtime.log.info(`docker: removed old images ${removed.join(', ')} (keeping the last ${keep} releases that went live)`);
    return removed;
  } catch (error) {
    runtime.log.warn(`docker: old images of ${context.appName} not removed: ${(error as Error).message.split('\n')[0]}`);
    return [];
  }
}

/** Remove every image of the app (`destroy`): its release tags, then the images left untagged. */
export async function removeAppImages(client: DockerClient, app: string): Promise<void> {
  for (const image of await releaseImages(client, app)) await removeImage(client, image.ref, true).catch(() => false);
  const left = (await imagesByLabel(client, [`${LABELS.app}=${app}`])).map((image) => image.Id);
  for (const id of new Set(left)) await removeImage(client, id, true).catch(() => false);
}
