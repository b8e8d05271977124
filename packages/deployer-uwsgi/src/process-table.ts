import { readdir, readFile, readlink } from 'node:fs/promises';

/** One live process, as /proc shows it. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** argv joined by spaces (uWSGI rewrites its own: `<prefix>uWSGI master`). */
  title: string;
  /** When it started, in ms since the epoch (from /proc/<pid>/stat field 22). */
  startedAt: number;
}

/** Linux reports process start times in clock ticks (USER_HZ, 100 on every architecture Node runs on). */
const CLOCK_TICKS = 100;

async function uptimeSeconds(): Promise<number> {
  return Number((await readFile('/proc/uptime', 'utf8')).split(' ')[0]);
}

function parseStat(stat: string): { state: string; ppid: number; startTicks: number } {
  // The command name (field 2) is in parentheses and may contain spaces: parse after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] as string, ppid: Number(fields[1]), startTicks: Number(fields[19]) };
}

/** Every live process (zombies excluded). Linux /proc only; [] elsewhere. */
export async function readProcessTable(): Promise<ProcessInfo[]> {
  let entries: string[];
  let uptime: number;
  try {
    [entries, uptime] = await Promise.all([readdir('/proc'), uptimeSeconds()]);
  } catch {
    return [];
  }
  const now = Date.now();
  const table: ProcessInfo[] = [];
  await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (entry) => {
        try {
          const [stat, cmdline] = await Promise.all([readFile(`/proc/${entry}/stat`, 'utf8'), readFile(`/proc/${entry}/cmdline`, 'utf8')]);
          const { state, ppid, startTicks } = parseStat(stat);
          if (state === 'Z' || state === 'X') return;
          const title = cmdline.replace(/\0+$/, '').replace(/\0/g, ' ').trim();
          table.push({ pid: Number(entry), ppid, title, startedAt: now - (uptime - startTicks / CLOCK_TICKS) * 1000 });
        } catch {
          // the process ended while we looked
        }
      }),
  );
  return table.sort((a, b) => a.pid - b.pid);
}

/**
 * The files a process has open (uWSGI's master holds its `logto` file: with log rotation its
 * stderr is a pipe to its logger, so any fd may be the log). null when they cannot be read
 * (another user's process).
 */
export async function openFilesOf(pid: number): Promise<string[] | null> {
  let fds: string[];
  try {
    fds = await readdir(`/proc/${pid}/fd`);
  } catch {
    return null;
  }
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
  return targets.filter((target) => target.startsWith('/')).map((target) => target.replace(/ \(deleted\)$/, ''));
}
