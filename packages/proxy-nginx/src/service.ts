import type { ServiceDescriptor, ServiceStatus, StrategyRuntime } from '@hop3/core';
import { embeddedStatus, startEmbedded, stopEmbedded } from './embedded-nginx.js';
import { nginxError, NginxErrorCodes } from './errors.js';
import { testNginxConfig } from './nginx-command.js';
import { resolveNginxServer } from './server.js';
import { withServerLock } from './server-lock.js';
import { ensureServerFiles } from './server-files.js';
import { startSystemNginx, stopSystemNginx, systemNginxStatus } from './system-nginx.js';

/**
 * Start nginx if it is not running: the embedded one (its configuration written and tested
 * first), or in system mode the system's nginx (see `startSystemNginx`).
 */
export async function startNginx(runtime: StrategyRuntime): Promise<void> {
  const server = resolveNginxServer(runtime);
  if (server.mode === 'system') {
    await withServerLock(server, async () => {
      await ensureServerFiles(server, runtime.layout.root);
      await startSystemNginx(server, runtime.log);
    });
    return;
  }
  await withServerLock(server, async () => {
    await ensureServerFiles(server, runtime.layout.root);
    if ((await embeddedStatus(server)).running) return;
    const test = await testNginxConfig(server);
    if (!test.ok) {
      throw nginxError({
        code: NginxErrorCodes.configInvalid,
        message: `The embedded nginx configuration is invalid:\n${test.messages.map((l) => `  ${l}`).join('\n')}`,
        details: { messages: test.messages },
      });
    }
    await startEmbedded(server, runtime.log);
  });
}

/** Stop the embedded nginx (idempotent); a system nginx only when `hop3 server start` started it. */
export async function stopNginx(runtime: StrategyRuntime): Promise<void> {
  const server = resolveNginxServer(runtime);
  if (server.mode === 'system') {
    await withServerLock(server, () => stopSystemNginx(server, runtime.log));
    return;
  }
  await withServerLock(server, () => stopEmbedded(server, runtime.log));
}

/** Whether nginx runs, its pid, mode and ports. Never throws. */
export async function nginxStatus(runtime: StrategyRuntime): Promise<ServiceStatus> {
  try {
    const server = resolveNginxServer(runtime);
    if (server.mode === 'system') {
      return { ...(await systemNginxStatus(server)), mode: 'system', sitesDir: server.sitesDir, httpPort: server.httpPort, httpsPort: server.httpsPort };
    }
    return { ...(await embeddedStatus(server)), mode: 'embedded' };
  } catch (error) {
    return { running: false, pid: null, error: (error as Error).message };
  }
}

/** The `nginx` service, so `hop3 server start|stop|status` manages nginx in both modes. */
export const nginxService: ServiceDescriptor = {
  name: 'nginx',
  description: 'Reverse proxy in front of the apps (a private nginx under HOP3_ROOT unless HOP3_SERVICES=system)',
  start: startNginx,
  stop: stopNginx,
  status: nginxStatus,
};
