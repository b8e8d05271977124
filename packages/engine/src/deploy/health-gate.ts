import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { hasErrorCode, type DeploymentInfo, type HealthcheckConfig } from '@hop3/core';
import { waitForHttp, type HttpAnswer, KitErrorCodes } from '@hop3/kit';
import { engineError, EngineErrorCodes } from '../errors.js';

/** How often the deployer is asked whether the web process has already failed. */
const FAILURE_CHECK_MS = 1_000;
const LOG_LINES = 20;

export interface HealthGateOptions {
  info: DeploymentInfo;
  /** Stop waiting once aborted (the signal's reason is thrown as it is). */
  signal?: AbortSignal;
  healthcheck: HealthcheckConfig | undefined;
  /** Seconds; from [healthcheck] timeout, [run] start-timeout or HOP3_START_TIMEOUT. */
  timeoutSeconds: number;
  logDir: string;
  appName: string;
  /** The deployer's `startupFailure()`: a reason ends the wait before the timeout. */
  startupFailure?: () => Promise<string | null> | string | null;
}

/**
 * The last lines of the log of the process that should have answered (`info.logFile`), else
 * of the app's two most recently written logs, for a failed deploy's message.
 */
export async function lastLogLines(logDir: string, count = LOG_LINES, logFile?: string): Promise<string[]> {
  if (logFile !== undefined) return tail(logFile, count);
  let names: string[];
  try {
    names = (await readdir(logDir)).filter((name) => name.endsWith('.log') && name !== 'build.log');
  } catch {
    return [];
  }
  const withTimes = await Promise.all(names.map(async (name) => ({ name, mtime: (await stat(join(logDir, name))).mtimeMs })));
  const newest = withTimes.sort((a, b) => b.mtime - a.mtime).slice(0, 2);
  const lines: string[] = [];
  for (const { name } of newest) lines.push(...(await tail(join(logDir, name), count)));
  return lines.slice(-count);
}

async function tail(file: string, count: number): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line.trim() !== '').slice(-count).map((line) => `${basename(file)}: ${line}`);
}

/**
 * Wait until the new version answers on its own port (not through the proxy), so traffic is
 * switched only to a version that works. Static apps have nothing to wait for. Fails as soon
 * as the deployer says the web process has failed, else at the timeout; the message shows
 * that process's log.
 */
export async function passHealthGate(options: HealthGateOptions): Promise<void> {
  const { info } = options;
  if (info.protocol === 'static' || info.port === null) return;
  const path = options.healthcheck?.path ?? '/';
  const url = `http://127.0.0.1:${info.port}${path.startsWith('/') ? path : `/${path}`}`;
  let failure: string | null = null;
  try {
    const answer = await waitOrFail(url, options, (reason) => (failure = reason));
    if (answer === null) throw new Error(failure ?? 'the app failed to start');
    const contains = options.healthcheck?.contains;
    if (contains !== undefined && !answer.body.includes(contains)) {
      throw new Error(`the answer of ${url} does not contain "${contains}"`);
    }
  } catch (error) {
    if (options.signal?.aborted) throw error; // interrupted: not the app's failure
    const lines = await lastLogLines(options.logDir, LOG_LINES, info.logFile);
    const where = info.logFile ?? options.logDir;
    const logs = lines.length > 0 ? `\nLast log lines (${where}):\n${lines.map((l) => `  ${l}`).join('\n')}` : `\n(no log output in ${where})`;
    const what = failure !== null ? `did not start on ${url}` : `did not answer on ${url} within ${options.timeoutSeconds}s`;
    throw engineError({
      message: `App "${options.appName}" ${what}: ${(error as Error).message}${logs}`,
      code: EngineErrorCodes.healthGateFailed,
      cause: error,
      details: { url, logFile: info.logFile ?? null, startupFailure: failure },
    });
  }
}

/**
 * Poll `url` in rounds of about a second; between rounds ask the deployer whether the web
 * process has already failed. Returns the answer, or null once `onFailure` got a reason.
 */
async function waitOrFail(url: string, options: HealthGateOptions, onFailure: (reason: string) => void): Promise<HttpAnswer | null> {
  const deadline = performance.now() + options.timeoutSeconds * 1000;
  for (;;) {
    const remaining = Math.max(0, deadline - performance.now());
    const last = options.startupFailure === undefined || remaining <= FAILURE_CHECK_MS;
    try {
      return await waitForHttp(url, { timeoutMs: last ? remaining : FAILURE_CHECK_MS, intervalMs: 100, accept: (status) => status < 500, signal: options.signal });
    } catch (error) {
      if (last || !hasErrorCode(error, KitErrorCodes.timeout)) throw timeoutOver(error, options.timeoutSeconds);
    }
    const reason = await options.startupFailure?.();
    if (reason) {
      onFailure(reason);
      return null;
    }
  }
}

/** The last round's timeout, reworded for the whole wait. */
function timeoutOver(error: unknown, seconds: number): unknown {
  if (!hasErrorCode(error, KitErrorCodes.timeout)) return error;
  const state = (error as { details?: { lastState?: string } }).details?.lastState;
  return new Error(state ?? `no answer in ${seconds}s`, { cause: error });
}
