import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

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

function uptimeSeconds(): number {
  return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
}

function parseStat(stat: string): { state: string; ppid: number; startTicks: number } {
  // The command name (field 2) is in parentheses and may contain spaces: parse after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] as string, ppid: Number(fields[1]), startTicks: Number(fields[19]) };
}

/**
 * Every live process (zombies excluded). Linux /proc only; [] elsewhere.
 *
 * Read synchronously on purpose: /proc files are made by the kernel on read and never wait for a
 * disk, and a promise-based readFile costs four thread-pool round trips per file. For a machine
 * with ~100 processes that is ~5 ms against ~60 ms, on every `hop3 status`.
 */
export function readProcessTable(): ProcessInfo[] {
  let entries: string[];
  let uptime: number;
  try {
    entries = readdirSync('/proc');
    uptime = uptimeSeconds();
  } catch {
    return [];
  }
  const now = Date.now();
  const table: ProcessInfo[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const { state, ppid, startTicks } = parseStat(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      if (state === 'Z' || state === 'X') continue;
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0+$/, '').replace(/\0/g, ' ').trim();
      table.push({ pid: Number(entry), ppid, title, startedAt: now - (uptime - startTicks / CLOCK_TICKS) * 1000 });
    } catch {
      // the process ended while we looked
    }
  }
  return table.sort((a, b) => a.pid - b.pid);
}

/**
 * The files a process has open (uWSGI's master holds its `logto` file: with log rotation its
 * stderr is a pipe to its logger, so any fd may be the log). null when they cannot be read
 * (another user's process).
 */
export function openFilesOf(pid: number): string[] | null {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return null;
  }
  const targets = fds.map((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      return '';
    }
  });
  return targets.filter((target) => target.startsWith('/')).map((target) => target.replace(/ \(deleted\)$/, ''));
}
