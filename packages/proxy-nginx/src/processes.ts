import { readFile, readdir } from 'node:fs/promises';

/** Parent pid and state of a process, from /proc (null when it is gone). */
async function procStat(pid: number): Promise<{ state: string; ppid: number } | null> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (text === null) return null;
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: rest[0] ?? '?', ppid: Number(rest[1]) };
}

/** Live children of `parent` (nginx's workers), from /proc; empty where there is no /proc. */
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
