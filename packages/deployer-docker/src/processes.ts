import type { ScaleDeltas } from '@hop3/core';
import { DockerErrorCodes, dockerError } from './errors.js';

/** Worker kinds that are not long-running containers. */
const NOT_CONTAINERS = new Set(['static', 'release', 'wsgi', 'jwsgi', 'rwsgi']);

export function isCronKind(kind: string): boolean {
  return /^cron\d*$/.test(kind);
}

/**
 * The container kinds of an app, web first: `web` always (the Procfile's command, else the
 * image's CMD), then each background worker. Cron kinds are not run by this deployer.
 */
export function containerKinds(workers: Readonly<Record<string, string>>): string[] {
  const others = Object.keys(workers).filter((kind) => kind !== 'web' && !NOT_CONTAINERS.has(kind) && !isCronKind(kind)).sort();
  return ['web', ...others];
}

export type Counts = Record<string, number>;

/** Declared counts: each kind's saved count, else 1. */
export function currentCounts(kinds: readonly string[], saved: Counts): Counts {
  return Object.fromEntries(kinds.map((kind) => [kind, saved[kind] ?? 1]));
}

function checkCount(kind: string, count: number, kinds: readonly string[]): void {
  if (!kinds.includes(kind)) {
    throw dockerError({ code: DockerErrorCodes.invalidScale, message: `The app has no process kind "${kind}" (kinds: ${kinds.join(', ')}).`, details: { kind } });
  }
  if (!Number.isInteger(count) || count < 0) {
    throw dockerError({ code: DockerErrorCodes.invalidScale, message: `${kind} cannot run ${count} containers: give a whole number, 0 or more.`, details: { kind, count } });
  }
  if (kind === 'web' && count === 0) {
    throw dockerError({ code: DockerErrorCodes.invalidScale, message: 'The web kind cannot be scaled to 0 (the app would stop answering): use "hop3 stop" to stop the app.', details: { kind, count } });
  }
}

export function applyDeltas(kinds: readonly string[], counts: Counts, deltas: ScaleDeltas): Counts {
  const next = { ...counts };
  for (const [kind, delta] of Object.entries(deltas)) {
    const count = (next[kind] ?? 0) + delta;
    checkCount(kind, count, kinds);
    next[kind] = count;
  }
  return next;
}

export function applyAbsolute(kinds: readonly string[], counts: Counts, absolute: Counts): Counts {
  const next = { ...counts };
  for (const [kind, count] of Object.entries(absolute)) {
    checkCount(kind, count, kinds);
    next[kind] = count;
  }
  return next;
}
