import { readProcessTable } from './process-table.js';

export interface ProcessEntry {
  pid: number;
  /** The process title (uWSGI rewrites it: `<tag>/<app>:<kind>:uWSGI worker 1`). */
  title: string;
}

/** Processes whose title starts with `prefix` (zombies excluded). Linux /proc only; [] elsewhere. */
export function findProcesses(prefix: string): ProcessEntry[] {
  return readProcessTable()
    .filter((process) => process.title.startsWith(prefix))
    .map(({ pid, title }) => ({ pid, title }));
}

/**
 * The procname prefix of an app's processes, or of one kind of them: `<tag>/<app>:<kind>:`.
 * `tag` is the settings' `processTag` (from HOP3_ROOT), so the same app name under another
 * HOP3_ROOT never matches. The vassal template and every search use this one function.
 */
export function processPrefix(tag: string, app: string, kind?: string): string {
  return kind === undefined ? `${tag}/${app}:` : `${tag}/${app}:${kind}:`;
}
