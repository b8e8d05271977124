import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPidFile, stopProcess } from '@hop3/kit';

/** The pump script: plain JavaScript shipped in src/, so it runs from the sources and from dist/ alike. */
const PUMP = fileURLToPath(new URL('../src/log-pump.mjs', import.meta.url));

export interface PumpTarget {
  container: string;
  /** `<app>/log/<kind>.<n>.log`: what `hop3 logs` reads. */
  logFile: string;
}

/**
 * Make sure each container's output is being copied into its log file: start a detached
 * pump for every container that has none running. A pump ends by itself once its container
 * is removed, and removes its pid and position files then. Never throws: logs must not fail
 * a deploy.
 */
export async function ensureLogPumps(dockerBin: string, pumpDir: string, targets: readonly PumpTarget[]): Promise<void> {
  try {
    await mkdir(pumpDir, { recursive: true, mode: 0o700 });
  } catch {
    return;
  }
  for (const target of targets) {
    if ((await runningPump(pumpDir, target.container)) !== null) continue;
    const files = pumpFiles(pumpDir, target.container);
    try {
      const child = spawn(process.execPath, [PUMP, dockerBin, target.container, target.logFile, files.since, files.pid], {
        detached: true,
        stdio: 'ignore',
      });
      child.on('error', () => undefined);
      if (child.pid !== undefined) await writeFile(files.pid, `${child.pid}\n`, { mode: 0o600 });
      child.unref();
    } catch {
      // no pump: the container still runs, `docker logs` still has its output
    }
  }
}

/**
 * Stop the pumps of `containers` (all the pumps in `pumpDir` when omitted), wait until each
 * has exited and remove their files. Destroy needs it before removing the directory: a pump
 * saving its place while the directory is emptied made the removal fail. Never throws.
 */
export async function stopLogPumps(pumpDir: string, containers?: readonly string[]): Promise<void> {
  const names = containers ?? (await readdir(pumpDir).catch(() => [] as string[])).filter((name) => name.endsWith('.pid')).map((name) => name.slice(0, -'.pid'.length));
  await Promise.all(
    names.map(async (container) => {
      const pid = await runningPump(pumpDir, container);
      if (pid !== null) await stopProcess(pid, { timeoutMs: 3_000, killAfterMs: 1_000 }).catch(() => undefined);
      const files = pumpFiles(pumpDir, container);
      await rm(files.since, { force: true }).catch(() => undefined);
      await rm(files.pid, { force: true }).catch(() => undefined);
    }),
  );
}

function pumpFiles(pumpDir: string, container: string): { pid: string; since: string } {
  return { pid: join(pumpDir, `${container}.pid`), since: join(pumpDir, `${container}.since`) };
}

/**
 * The pid of the pump copying `container`'s output, or null. The process must still be that
 * pump: after a reboot the pid in the file may belong to anything else.
 */
async function runningPump(pumpDir: string, container: string): Promise<number | null> {
  const pid = await readPidFile(pumpFiles(pumpDir, container).pid).catch(() => null);
  if (pid === null) return null;
  const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  const args = commandLine.split('\0');
  // Any log-pump.mjs: one started by an earlier install of hop3 is still this container's pump.
  return args.some((arg) => arg.endsWith('/log-pump.mjs')) && args.includes(container) ? pid : null;
}
