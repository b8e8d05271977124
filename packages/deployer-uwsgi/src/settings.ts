import { join } from 'node:path';
import type { StrategyRuntime } from '@hop3/core';
import { UwsgiErrorCodes, uwsgiError } from './errors.js';

/** Where vassals go and who manages the emperor. */
export interface DeployerSettings {
  /** `system`: a distro emperor watches `vassalsDir`; `embedded`: ours, under HOP3_ROOT. */
  mode: 'embedded' | 'system';
  /** The dir the emperor watches (Hop3's uwsgi-enabled). */
  vassalsDir: string;
  /** Rendered vassals are written here first (Hop3's uwsgi-available). */
  availableDir: string;
  socketDir: string;
  uwsgiBin: string;
  emperorPidFile: string;
  emperorLog: string;
  /** Drop privileges in vassals (HOP3_UWSGI_UID / HOP3_UWSGI_GID). */
  uid: string | null;
  gid: string | null;
}

export const DEFAULT_SYSTEM_VASSALS_DIR = '/etc/uwsgi-emperor/vassals';

const ACCOUNT = /^[a-z_][a-z0-9_-]{0,31}$|^\d+$/;

function account(env: StrategyRuntime['env'], key: string): string | null {
  const value = env[key];
  if (value === undefined || value === '') return null;
  if (!ACCOUNT.test(value)) throw uwsgiError(UwsgiErrorCodes.invalidSetting, `${key}="${value}" is not a user/group name or number.`, { key, value });
  return value;
}

export function readDeployerSettings(runtime: StrategyRuntime): DeployerSettings {
  const { layout, env } = runtime;
  const system = env.HOP3_SERVICES === 'system';
  return {
    mode: system ? 'system' : 'embedded',
    vassalsDir: system ? env.HOP3_UWSGI_VASSALS_DIR || DEFAULT_SYSTEM_VASSALS_DIR : layout.uwsgiEnabledDir,
    availableDir: layout.uwsgiAvailableDir,
    socketDir: join(layout.runDir, 'uwsgi'),
    uwsgiBin: env.HOP3_UWSGI_BIN || 'uwsgi',
    emperorPidFile: join(layout.runDir, 'uwsgi-emperor.pid'),
    emperorLog: join(layout.uwsgiDir, 'emperor.log'),
    uid: account(env, 'HOP3_UWSGI_UID'),
    gid: account(env, 'HOP3_UWSGI_GID'),
  };
}

/** Per-app knobs read from the app's env (Piku/Hop3 names). */
export interface AppTuning {
  /** Initial wsgi processes before any `scale` (UWSGI_PROCESSES, default 1). */
  processes: number;
  threads: number | null;
  /**
   * Recycle each worker after this many requests; null = never (the default). Workers started
   * together reach the limit together, and uWSGI 2.0 then leaves the app without a worker for
   * about a second (measured: p99 ~950 ms under load), so it is opt-in for leaky apps.
   */
  maxRequests: number | null;
  listen: number;
  logMaxSize: number;
}

function positiveInt(env: Record<string, string>, key: string, fallback: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw uwsgiError(UwsgiErrorCodes.invalidSetting, `${key}="${raw}" must be a whole number from 1 to ${max}. Fix it with "hop3 config set".`, { key, value: raw });
  }
  return value;
}

export function readAppTuning(appEnv: Record<string, string>): AppTuning {
  return {
    processes: positiveInt(appEnv, 'UWSGI_PROCESSES', 1, 64),
    threads: appEnv.UWSGI_THREADS ? positiveInt(appEnv, 'UWSGI_THREADS', 1, 256) : null,
    maxRequests: appEnv.UWSGI_MAX_REQUESTS ? positiveInt(appEnv, 'UWSGI_MAX_REQUESTS', 1, 10_000_000) : null,
    listen: positiveInt(appEnv, 'UWSGI_LISTEN', 100, 65_535),
    logMaxSize: positiveInt(appEnv, 'UWSGI_LOG_MAXSIZE', 1_048_576, 2 ** 31 - 1),
  };
}
