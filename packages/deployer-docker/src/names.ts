import { createHash } from 'node:crypto';
import { basename, dirname } from 'node:path';

/** Labels every object Hop3 creates carries: found again by label, never by name. */
export const LABELS = {
  app: 'hop3.app',
  release: 'hop3.release',
  source: 'hop3.source',
  kind: 'hop3.kind',
  ordinal: 'hop3.ordinal',
  /** A short hash of HOP3_ROOT: two hosts (or tests) on one engine never touch each other's containers. */
  root: 'hop3.root',
} as const;

/** The image repository of an app: `hop3/<app>`. */
export function imageRepository(app: string): string {
  return `hop3/${app}`;
}

export function imageTag(app: string, release: number): string {
  return `${imageRepository(app)}:r${release}`;
}

/** 8 hex chars of the root's path: distinct per HOP3_ROOT, short enough for container names. */
export function rootTag(root: string): string {
  return createHash('sha256').update(root).digest('hex').slice(0, 8);
}

/** `hop3-<roottag>-<app>.<kind>.<n>.r<release>`: unique per root, readable in `docker ps`. */
export function containerName(rootId: string, app: string, kind: string, ordinal: number, release: number): string {
  return `hop3-${rootId}-${app}.${kind}.${ordinal}.r${release}`;
}

/**
 * The release number of a build: the engine stages each release in `<app>/releases/<n>`; a
 * source elsewhere (a test, another host) gets a number from the clock, still increasing.
 */
export function releaseOf(sourcePath: string): number {
  const n = Number(basename(sourcePath));
  if (basename(dirname(sourcePath)) === 'releases' && Number.isInteger(n) && n > 0) return n;
  return Math.floor(Date.now() / 1000);
}
