import { readFile, readdir } from 'node:fs/promises';

/** The pid in a pid file, or null when the file is missing or malformed. */
export async function readPid(path: string): Promise<number | null> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Fields of /proc/<pid>/stat after the command name: state and parent pid. */
async function procStat(pid: number): Promise<{ state: string; ppid: number } | null> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (text === null) return null;
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: rest[0] ?? '?', ppid: Number(rest[1]) };
}

/**
 * True when `pid` is a live process. A zombie (exited, not yet reaped by a slow PID 1) counts
 * as gone, which `kill -0` alone would get wrong.
 */
export async function isProcessAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = await procStat(pid);
  return stat === null ? process.platform !== 'linux' : stat.state !== 'Z' && stat.state !== 'X';
}

/** Live children of `parent` (nginx's workers), from /proc. */
export async function childProcesses(parent: number): Promise<number[]> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  const children: number[] = [];
  await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (entry) => {
        const stat = await procStat(Number(entry));
        if (stat && stat.ppid === parent && stat.state !== 'Z') children.push(Number(entry));
      }),
  );
  return children.sort((a, b) => a - b);
}
