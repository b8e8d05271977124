import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Abort, type DeploymentInfo, type HealthcheckConfig } from '@hop3/core';
import { waitForHttp } from '@hop3/kit';

export interface HealthGateOptions {
  info: DeploymentInfo;
  healthcheck: HealthcheckConfig | undefined;
  /** Seconds; from [healthcheck] timeout, [run] start-timeout or HOP3_START_TIMEOUT. */
  timeoutSeconds: number;
  logDir: string;
  appName: string;
}

/** The last lines of the app's most recently written logs, for a failed deploy's message. */
export async function lastLogLines(logDir: string, count = 20): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(logDir)).filter((name) => name.endsWith('.log') && name !== 'build.log');
  } catch {
    return [];
  }
  const withTimes = await Promise.all(names.map(async (name) => ({ name, mtime: (await stat(join(logDir, name))).mtimeMs })));
  const newest = withTimes.sort((a, b) => b.mtime - a.mtime).slice(0, 2);
  const lines: string[] = [];
  for (const { name } of newest) {
    const text = await readFile(join(logDir, name), 'utf8');
    lines.push(...text.split('\n').filter((line) => line.trim() !== '').slice(-count).map((line) => `${name}: ${line}`));
  }
  return lines.slice(-count);
}

/**
 * Wait until the new version answers on its own port (not through the proxy), so traffic is
 * switched only to a version that works. Static apps have nothing to wait for.
 */
export async function passHealthGate(options: HealthGateOptions): Promise<void> {
  const { info } = options;
  if (info.protocol === 'static' || info.port === null) return;
  const path = options.healthcheck?.path ?? '/';
  const url = `http://127.0.0.1:${info.port}${path.startsWith('/') ? path : `/${path}`}`;
  try {
    const answer = await waitForHttp(url, {
      timeoutMs: options.timeoutSeconds * 1000,
      accept: (status) => status < 500,
    });
    const contains = options.healthcheck?.contains;
    if (contains !== undefined && !answer.body.includes(contains)) {
      throw new Error(`the answer of ${url} does not contain "${contains}"`);
    }
  } catch (error) {
    const lines = await lastLogLines(options.logDir);
    const logs = lines.length > 0 ? `\nLast log lines:\n${lines.map((l) => `  ${l}`).join('\n')}` : `\n(no log output in ${options.logDir})`;
    throw new Abort(
      `App "${options.appName}" did not answer on ${url} within ${options.timeoutSeconds}s: ${(error as Error).message}${logs}`,
      { code: 'HOP3_HEALTH_GATE_FAILED', cause: error },
    );
  }
}
