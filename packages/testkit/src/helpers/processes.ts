import { readdir, readFile } from 'node:fs/promises';

export interface ProcessEntry {
  pid: number;
  /** The command line as `ps -o args` shows it (a process title set with setproctitle included). */
  commandLine: string;
}

/** Every process of this machine with its command line, read from /proc (Linux). */
export async function listProcesses(): Promise<ProcessEntry[]> {
  const entries: ProcessEntry[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const raw = await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    const commandLine = raw.replace(/\0+$/, '').replace(/\0/g, ' ').trim();
    if (commandLine !== '') entries.push({ pid: Number(name), commandLine });
  }
  return entries;
}

/** How many running processes have a command line matching `match` (a prefix string or a test). */
export async function countProcesses(match: string | RegExp | ((commandLine: string) => boolean)): Promise<number> {
  const test =
    typeof match === 'string' ? (line: string) => line.startsWith(match) : match instanceof RegExp ? (line: string) => match.test(line) : match;
  return (await listProcesses()).filter((p) => test(p.commandLine)).length;
}
