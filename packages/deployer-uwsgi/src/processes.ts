import { readdir, readFile } from 'node:fs/promises';

export interface ProcessEntry {
  pid: number;
  /** The process title (uWSGI rewrites it: `<tag>/<app>:<kind>:uWSGI worker 1`). */
  title: string;
}

/** Processes whose title starts with `prefix` (zombies excluded). Linux /proc only; [] elsewhere. */
export async function findProcesses(prefix: string): Promise<ProcessEntry[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const found: ProcessEntry[] = [];
  await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (entry) => {
        try {
          const raw = await readFile(`/proc/${entry}/cmdline`, 'utf8');
          const title = raw.replace(/\0+$/, '').replace(/\0/g, ' ').trim();
          if (!title.startsWith(prefix)) return;
          const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
          if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') return;
          found.push({ pid: Number(entry), title });
        } catch {
          // the process ended while we looked
        }
      }),
  );
  return found.sort((a, b) => a.pid - b.pid);
}

/**
 * The procname prefix of an app's processes, or of one kind of them: `<tag>/<app>:<kind>:`.
 * `tag` is the settings' `processTag` (from HOP3_ROOT), so the same app name under another
 * HOP3_ROOT never matches. The vassal template and every search use this one function.
 */
export function processPrefix(tag: string, app: string, kind?: string): string {
  return kind === undefined ? `${tag}/${app}:` : `${tag}/${app}:${kind}:`;
}
