import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isProcessAlive } from '@hop3/kit';

/** The pump script: plain JavaScript shipped in src/, so it runs from the sources and from dist/ alike. */
const PUMP = fileURLToPath(new URL('../src/log-pump.mjs', import.meta.url));

export interface PumpTarget {
  container: string;
  /** `<app>/log/<kind>.<n>.log`: what `hop3 logs` reads. */
  logFile: string;
}

/**
 * Make sure each container's output is being copied into its log file: start a detached
 * pump for every container that has none running. Pumps end by themselves once their
 * container is removed. Never throws: logs must not fail a deploy.
 */
export async function ensureLogPumps(dockerBin: string, pumpDir: string, targets: readonly PumpTarget[]): Promise<void> {
  try {
    await mkdir(pumpDir, { recursive: true, mode: 0o700 });
  } catch {
    return;
  }
  for (const target of targets) {
    const pidFile = join(pumpDir, `${target.container}.pid`);
    const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid)) continue;
    try {
      const child = spawn(process.execPath, [PUMP, dockerBin, target.container, target.logFile, join(pumpDir, `${target.container}.since`)], {
        detached: true,
        stdio: 'ignore',
      });
      child.on('error', () => undefined);
      if (child.pid !== undefined) await writeFile(pidFile, `${child.pid}\n`, { mode: 0o600 });
      child.unref();
    } catch {
      // no pump: the container still runs, `docker logs` still has its output
    }
  }
}

/** Forget the pumps of removed containers (they exit by themselves). */
export async function forgetLogPumps(pumpDir: string, containers: readonly string[]): Promise<void> {
  for (const container of containers) {
    await rm(join(pumpDir, `${container}.pid`), { force: true });
    await rm(join(pumpDir, `${container}.since`), { force: true });
  }
}
