import { BUILD_HOOK_KINDS } from '@hop3/core';

/** How a Procfile kind runs under uWSGI. */
export type WorkerFamily = 'wsgi' | 'web' | 'static' | 'cron' | 'release' | 'hook' | 'worker';

const HOOKS: ReadonlySet<string> = new Set(BUILD_HOOK_KINDS);
const CRON = /^cron\d*$/;

export function workerFamily(kind: string): WorkerFamily {
  if (kind === 'wsgi' || kind === 'web' || kind === 'static' || kind === 'release') return kind;
  if (HOOKS.has(kind) || kind === 'preflight') return 'hook';
  if (CRON.test(kind)) return 'cron';
  return 'worker';
}

/** Families that get vassals (and so a process count). */
export function runsProcesses(kind: string): boolean {
  const family = workerFamily(kind);
  return family === 'wsgi' || family === 'web' || family === 'cron' || family === 'worker';
}

/** The kinds that answer HTTP (the proxy sends the app's requests to them). */
export function isWebKind(kind: string): boolean {
  const family = workerFamily(kind);
  return family === 'wsgi' || family === 'web';
}

/** The kinds of `workers` that run processes, in a stable order (web kinds first). */
export function processKinds(workers: Record<string, string>): string[] {
  const rank = (kind: string): number => ({ wsgi: 0, web: 1, cron: 3 } as Record<string, number>)[workerFamily(kind)] ?? 2;
  return Object.keys(workers)
    .filter(runsProcesses)
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Kinds whose count can exceed one: cron vassals are schedules, not capacity. */
export function maxCount(kind: string): number {
  return workerFamily(kind) === 'cron' ? 1 : 64;
}
