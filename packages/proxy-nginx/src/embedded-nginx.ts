import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Logger } from '@hop3/core';
import { isPortOpen, isProcessAlive, readPidFile, runCommand, waitForPort, waitUntil } from '@hop3/kit';
import { nginxError, NginxErrorCodes } from './errors.js';
import { diagnosticLines, signalNginx, testNginxConfig } from './nginx-command.js';
import { childProcesses } from './processes.js';
import { waitForReloadedWorkers } from './reload-wait.js';
import type { NginxServer } from './server.js';

export interface EmbeddedStatus {
  running: boolean;
  pid: number | null;
  httpPort: number;
  httpsPort: number;
  config: string | null;
}

/** Is the private nginx running? Never throws. */
export async function embeddedStatus(server: NginxServer): Promise<EmbeddedStatus> {
  const pid = await readPidFile(server.pidFile);
  const running = pid !== null && isProcessAlive(pid);
  return { running, pid: running ? pid : null, httpPort: server.httpPort, httpsPort: server.httpsPort, config: server.mainConfig };
}

/** Start the private nginx (the configuration must already be written and tested). */
export async function startEmbedded(server: NginxServer, log: Logger): Promise<number> {
  for (const port of [server.httpPort, server.httpsPort]) {
    if (await isPortOpen(port)) {
      throw nginxError({
        code: NginxErrorCodes.startFailed,
        message: `Cannot start the embedded nginx: 127.0.0.1:${port} is already in use. Stop what listens there, or choose other ports with HOP3_HTTP_PORT / HOP3_HTTPS_PORT.`,
        details: { port },
      });
    }
  }
  // A pid file left by a crashed nginx would make the next `-s reload` signal a stranger.
  await rm(server.pidFile, { force: true });
  const result = await runCommand(server.bin, server.selectArgs, { allowFailure: true, timeoutMs: 30_000 });
  if (result.exitCode !== 0) {
    const lines = diagnosticLines(result.stderr);
    throw nginxError({
      code: NginxErrorCodes.startFailed,
      message: `The embedded nginx did not start (exit ${result.exitCode}):\n${(lines.length > 0 ? lines : [result.stderr.trim()]).map((line) => `  ${line}`).join('\n')}`,
      details: { exitCode: result.exitCode, messages: lines, config: server.mainConfig },
    });
  }
  await waitUntil(async () => (await readPidFile(server.pidFile)) !== null, { description: `nginx to write ${server.pidFile}`, timeoutMs: 10_000, intervalMs: 25 });
  await waitForPort(server.httpPort, { host: '127.0.0.1', timeoutMs: 10_000 });
  const pid = (await readPidFile(server.pidFile)) ?? 0;
  log.info(`nginx started (pid ${pid}) on 127.0.0.1:${server.httpPort} and https 127.0.0.1:${server.httpsPort}`);
  return pid;
}

/**
 * Graceful reload that returns once the new configuration is live: after the signal, nginx
 * starts new workers and retires the old ones, so wait until no old worker accepts.
 * Callers have tested the configuration (`nginx -t`, under the server lock): the master gets
 * SIGHUP directly, since `nginx -s reload` would start another nginx to parse the whole
 * configuration again only to send the same signal (0.1–0.3 s of a deploy). Should nginx start
 * no new workers, `nginx -t` is asked why and its lines become the error.
 */
export async function reloadEmbedded(server: NginxServer, log: Logger): Promise<void> {
  const { running, pid } = await embeddedStatus(server);
  if (!running || pid === null) {
    await startEmbedded(server, log);
    return;
  }
  const started = performance.now();
  const oldWorkers = await childProcesses(pid);
  try {
    process.kill(pid, 'SIGHUP');
  } catch {
    // not ours to signal (another user's nginx?): let nginx's own command try, and say why it fails
    const result = await signalNginx(server, 'reload', { allowFailure: true });
    if (result.exitCode !== 0) throw reloadRefused(diagnosticLines(result.stderr));
  }
  await waitForReloadedWorkers(pid, oldWorkers, log, async () => {
    const test = await testNginxConfig(server);
    if (!test.ok) throw reloadRefused(test.messages);
  });
  log.debug(`nginx reloaded in ${Math.round(performance.now() - started)} ms`);
}

function reloadRefused(messages: readonly string[]): Error {
  return nginxError({
    code: NginxErrorCodes.reloadFailed,
    message: `nginx refused to reload:\n${messages.map((l) => `  ${l}`).join('\n')}`,
    details: { messages },
  });
}

/** Graceful stop (`-s quit`), then wait for the pid file to vanish and the port to close. Idempotent. */
export async function stopEmbedded(server: NginxServer, log: Logger): Promise<boolean> {
  const { running, pid } = await embeddedStatus(server);
  if (!running || pid === null) {
    await rm(server.pidFile, { force: true });
    return false;
  }
  await signalNginx(server, 'quit', { allowFailure: true });
  const gone = async (): Promise<boolean> => (await readPidFile(server.pidFile)) === null && !(await isPortOpen(server.httpPort));
  try {
    await waitUntil(gone, { description: 'nginx to quit', timeoutMs: 15_000, intervalMs: 50 });
  } catch {
    log.warn(`nginx (pid ${pid}) did not quit gracefully; terminating it`);
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await sleep(500);
    if (isProcessAlive(pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await rm(server.pidFile, { force: true });
    if (await isPortOpen(server.httpPort)) {
      throw nginxError({ code: NginxErrorCodes.stopFailed, message: `nginx (pid ${pid}) did not stop: 127.0.0.1:${server.httpPort} is still open`, details: { pid } });
    }
  }
  log.info(`nginx stopped (pid ${pid})`);
  return true;
}
