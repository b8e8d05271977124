import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceDescriptor, ServiceStatus, StrategyRuntime } from '@hop3/core';
import { isProcessAlive, readPidFile, stopProcess, writeFileAtomic } from '@hop3/kit';
import { acmePaths } from './acme/paths.js';
import { readAcmeSettings } from './acme/settings.js';
import { nginxError, NginxErrorCodes } from './errors.js';

// The job's own bundle; this file sits in src/ (or its code in dist/), one level below the package.
const JOB_SCRIPT = fileURLToPath(new URL('../dist/acme-renewal-job.js', import.meta.url));

/** Where systemd is PID 1 in system mode, `hop3 setup` installs a timer that runs `hop3 certs renew --all` instead. */
function systemdTimerRenews(runtime: StrategyRuntime): boolean {
  return runtime.env.HOP3_SERVICES === 'system' && existsSync('/run/systemd/system');
}

async function runningPid(pidFile: string): Promise<number | null> {
  const pid = await readPidFile(pidFile);
  return pid !== null && isProcessAlive(pid) ? pid : null;
}

/**
 * Start the detached renewal job (idempotent): settings are checked first, the pid file and log
 * live under HOP3_ROOT. It checks at once unless `waitFirst` (a deploy that just checked its app).
 */
export async function startRenewalJob(runtime: StrategyRuntime, options: { waitFirst?: boolean } = {}): Promise<void> {
  if (systemdTimerRenews(runtime)) {
    runtime.log.info('ACME renewals run from the systemd timer here (HOP3_SERVICES=system with systemd)');
    return;
  }
  const settings = readAcmeSettings(runtime.env);
  const paths = acmePaths(runtime.layout.root);
  if ((await runningPid(paths.jobPidFile)) !== null) return;
  if (!existsSync(JOB_SCRIPT)) {
    throw nginxError({ code: NginxErrorCodes.renewalJobFailed, message: `The ACME renewal job's script is missing (${JOB_SCRIPT}): build the package ("npm run build").`, details: { script: JOB_SCRIPT } });
  }
  await Promise.all([mkdir(dirname(paths.jobPidFile), { recursive: true }), mkdir(dirname(paths.jobLogFile), { recursive: true })]);
  const log = await open(paths.jobLogFile, 'a', 0o600);
  try {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...process.env, ...runtime.env })) if (value !== undefined) env[key] = value;
    env.HOP3_ROOT = runtime.layout.root;
    const child = spawn(process.execPath, [JOB_SCRIPT, ...(options.waitFirst === true ? ['--wait-first'] : [])], { detached: true, stdio: ['ignore', log.fd, log.fd], env });
    const pid = child.pid;
    child.unref();
    if (pid === undefined) throw new Error('spawn gave no pid');
    await writeFileAtomic(paths.jobPidFile, `${pid}\n`, { mode: 0o644 });
    // It must survive its start: a bad setting or a missing module ends it at once.
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (!isProcessAlive(pid)) throw new Error(`it exited at start; see ${paths.jobLogFile}`);
    runtime.log.info(`ACME renewal job started (pid ${pid}, every ${Math.round(settings.checkIntervalMs / 1000)} s, log ${paths.jobLogFile})`);
  } catch (error) {
    await rm(paths.jobPidFile, { force: true });
    throw nginxError({ code: NginxErrorCodes.renewalJobFailed, message: `The ACME renewal job did not start: ${(error as Error).message}`, cause: error });
  } finally {
    await log.close();
  }
}

/** Stop the renewal job (idempotent). */
export async function stopRenewalJob(runtime: StrategyRuntime): Promise<void> {
  const paths = acmePaths(runtime.layout.root);
  const pid = await runningPid(paths.jobPidFile);
  if (pid !== null) {
    await stopProcess(pid, { killAfterMs: 5000 });
  }
  await rm(paths.jobPidFile, { force: true });
}

/** Never throws. */
export async function renewalJobStatus(runtime: StrategyRuntime): Promise<ServiceStatus> {
  try {
    const paths = acmePaths(runtime.layout.root);
    const pid = await runningPid(paths.jobPidFile);
    return { running: pid !== null, pid, log: paths.jobLogFile, ...(systemdTimerRenews(runtime) ? { renewedBy: 'systemd timer' } : {}) };
  } catch (error) {
    return { running: false, pid: null, error: (error as Error).message };
  }
}

/** `hop3 server start|stop|status` run it beside nginx: ACME certificates renew by themselves. */
export const acmeRenewalService: ServiceDescriptor = {
  name: 'acme-renewal',
  description: 'Renews ACME (Let\'s Encrypt) certificates that expire within 30 days; checks daily (HOP3_ACME_CHECK_INTERVAL)',
  start: (runtime) => startRenewalJob(runtime),
  stop: stopRenewalJob,
  status: renewalJobStatus,
};
