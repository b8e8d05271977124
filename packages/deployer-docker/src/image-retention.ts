import { docker, type DockerClient } from './docker-cli.js';
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
  const result = await docker(client, ['image', 'ls', '--no-trunc', '--filter', `label=${LABELS.app}=${app}`, '--format', '{{.Repository}}:{{.Tag}} {{.ID}}']);
  const images: ReleaseImage[] = [];
  for (const line of result.stdout.split('\n')) {
    const [ref, id] = line.trim().split(' ');
    const match = ref?.match(/^(.+):r(\d+)$/);
    const ours = match?.[1] === repository || match?.[1]?.startsWith(`${repository}-`) === true;
    if (match === null || match === undefined || !ours || id === undefined) continue;
    images.push({ ref: ref!, release: Number(match[2]), id });
  }
  return images.sort((a, b) => b.release - a.release);
}

/** Image ids some container (running or stopped) is created from. */
async function imagesInUse(client: DockerClient): Promise<Set<string>> {
  const ids = (await docker(client, ['ps', '-aq', '--no-trunc'])).stdout.split('\n').filter(Boolean);
  if (ids.length === 0) return new Set();
  const result = await docker(client, ['inspect', '--type', 'container', '--format', '{{.Image}}', ...ids], { allowFailure: true });
  return new Set(result.stdout.split('\n').map((line) => line.trim()).filter(Boolean));
}

/**
 * Keep the images of the newest `keep` releases; remove older ones, but never one a container
 * still uses (a stopped old release, a running rollback). Returns the refs removed.
 */
export async function pruneReleaseImages(client: DockerClient, app: string, keep: number): Promise<string[]> {
  const images = await releaseImages(client, app);
  const kept = new Set([...new Set(images.map((image) => image.release))].slice(0, keep));
  const older = images.filter((image) => !kept.has(image.release));
  if (older.length === 0) return [];
  const used = await imagesInUse(client);
  const removed: string[] = [];
  for (const image of older) {
    if (used.has(image.id)) continue;
    const result = await docker(client, ['rmi', image.ref], { allowFailure: true });
    if (result.exitCode === 0) removed.push(image.ref);
  }
  return removed;
}

/** Remove every image of the app (`destroy`): its release tags, then the images left untagged. */
export async function removeAppImages(client: DockerClient, app: string): Promise<void> {
  const refs = (await releaseImages(client, app)).map((image) => image.ref);
  if (refs.length > 0) await docker(client, ['rmi', '-f', ...refs], { allowFailure: true });
  const left = (await docker(client, ['image', 'ls', '-q', '--no-trunc', '--filter', `label=${LABELS.app}=${app}`])).stdout.split('\n').filter(Boolean);
  if (left.length > 0) await docker(client, ['rmi', '-f', ...new Set(left)], { allowFailure: true });
}
