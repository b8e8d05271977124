import { existsSync } from 'node:fs';
import type { Logger } from '@hop3/core';
import { runCommand } from '@hop3/kit';
import { signalNginx } from './nginx-command.js';
import type { NginxServer } from './server.js';

const TIMEOUT_MS = 10_000;

async function succeeds(command: string, args: string[]): Promise<boolean> {
  try {
    const result = await runCommand(command, args, { allowFailure: true, timeoutMs: TIMEOUT_MS });
    return result.exitCode === 0;
  } catch {
    return false; // program missing or timed out
  }
}

/**
 * Reload the system nginx through whatever manages it: supervisord (when it knows an `nginx`
 * program; HUP is graceful, unlike restart), systemd (only when it is PID 1), else nginx's own
 * signal. Returns the method that worked, or null (nginx not running: the config is in place
 * and will be read when it starts).
 */
export async function reloadSystemNginx(
  server: NginxServer,
  log: Logger,
  options: { systemdIsInit?: boolean } = {},
): Promise<string | null> {
  if (await succeeds('supervisorctl', ['status', 'nginx'])) {
    if (await succeeds('supervisorctl', ['signal', 'HUP', 'nginx'])) return 'supervisorctl';
  }
  const systemd = options.systemdIsInit ?? existsSync('/run/systemd/system');
  if (systemd && (await succeeds('systemctl', ['reload', 'nginx']))) return 'systemctl';
  const result = await signalNginx(server, 'reload', { allowFailure: true }).catch(() => null);
  if (result?.exitCode === 0) return 'nginx -s reload';
  log.warn(
    'Could not reload the system nginx (is it running?). The configuration is installed and tested; ' +
      'start nginx, or run "systemctl reload nginx" / "nginx -s reload" as root.',
  );
  return null;
}
