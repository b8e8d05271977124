import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isProcessAlive, readPidFile, stopProcess } from '@hop3/kit';
import type { DeployerSettings } from './settings.js';

// Shipped in the package's `support/` dir, one level above both src/ and dist/.
const SUPERVISOR = fileURLToPath(new URL('../support/emperor-supervisor.mjs', import.meta.url));

export function supervisorPidFile(settings: Pick<DeployerSettings, 'emperorPidFile'>): string {
  return join(dirname(settings.emperorPidFile), 'uwsgi-supervisor.pid');
}

/** The live supervisor's pid, or null (a stale pid file, or a pid reused by another program, is not ours). */
export async function supervisorPid(settings: Pick<DeployerSettings, 'emperorPidFile'>): Promise<number | null> {
  const pid = await readPidFile(supervisorPidFile(settings)).catch(() => null);
  if (pid === null || !isProcessAlive(pid)) return null;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline.includes('emperor-supervisor') ? pid : null;
}

/**
 * Start the supervisor (detached: it outlives this hop3 command) which runs `uwsgi <args>` in
 * the foreground and restarts it when it dies. Its output and the emperor's go to `log`.
 */
export function startSupervisor(settings: DeployerSettings, args: readonly string[], env: Record<string, string>, cwd: string): void {
  const out = openSync(settings.emperorLog, 'a', 0o600);
  try {
    const child = spawn(process.execPath, [SUPERVISOR, supervisorPidFile(settings), settings.uwsgiBin, ...args], {
      detached: true,
      stdio: ['ignore', out, out],
      env,
      cwd,
    });
    child.unref();
  } finally {
    closeSync(out);
  }
}

/** Stop the supervisor, which stops the emperor with SIGINT first. Returns whether one ran. */
export async function stopSupervisor(settings: DeployerSettings, timeoutMs: number): Promise<boolean> {
  const pid = await supervisorPid(settings);
  if (pid === null) return false;
  await stopProcess(pid, { signal: 'SIGTERM', timeoutMs, killAfterMs: timeoutMs - 5_000 });
  return true;
}
