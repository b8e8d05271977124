import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { StrategyRuntime } from '@hop3/core';
import { appAccount, findAccount } from '@hop3/kit';
import { UwsgiErrorCodes, uwsgiError } from './errors.js';

/** Where vassals go and who manages the emperor. */
export interface DeployerSettings {
  /**
   * `system`: the emperor is a system service (the `hop3-uwsgi` unit `hop3 setup` installs where
   * systemd is PID 1, else a process `hop3 server start` starts); `embedded`: started on demand.
   * Both watch Hop3's uwsgi-enabled dir under HOP3_ROOT unless HOP3_UWSGI_VASSALS_DIR says otherwise.
   */
  mode: 'embedded' | 'system';
  /** The dir the emperor watches (Hop3's uwsgi-enabled). */
  vassalsDir: string;
  /** Rendered vassals are written here first (Hop3's uwsgi-available). */
  availableDir: string;
  socketDir: string;
  uwsgiBin: string;
  emperorPidFile: string;
  emperorLog: string;
  /**
   * Who the app's processes run as (vassal `uid`/`gid`): HOP3_UWSGI_UID / HOP3_UWSGI_GID when
   * set; else, when hop3 runs as root, the owner of HOP3_ROOT (unless that is root). null: no switch.
   */
  uid: string | null;
  gid: string | null;
  /** The same account as ids, when hop3 (as root) switches: what the app must write is given to it. */
  appOwner: { uid: number; gid: number } | null;
  /**
   * A short tag of HOP3_ROOT's real path that starts every process title (`<tag>/<app>:<kind>:`),
   * so an app's processes are told apart from a same-named app's under another HOP3_ROOT.
   */
  processTag: string;
}

/** The systemd unit of the system-mode emperor; os-debian's setup writes it under this name. */
export const SYSTEM_EMPEROR_UNIT = 'hop3-uwsgi.service';

const ACCOUNT = /^[a-z_][a-z0-9_-]{0,31}$|^\d+$/;

function account(env: StrategyRuntime['env'], key: string): string | null {
  const value = env[key];
  if (value === undefined || value === '') return null;
  if (!ACCOUNT.test(value)) throw uwsgiError({ code: UwsgiErrorCodes.invalidSetting, message: `${key} is not a user/group name or number (e.g. "www-data" or "33").`, details: { key } });
  return value;
}

/** 8 hex digits of the real path of HOP3_ROOT (the path as given while it does not exist yet). */
export function processTagOf(root: string): string {
  let real = root;
  try {
    real = realpathSync(root);
  } catch {
    // not created yet: the tag of the path as given
  }
  return createHash('sha256').update(real).digest('hex').slice(0, 8);
}

interface RunAs {
  uid: string | null;
  gid: string | null;
  appOwner: { uid: number; gid: number } | null;
}

/** The account apps run as: explicit settings win; as root, the owner of HOP3_ROOT. */
function runAs(env: StrategyRuntime['env'], root: string): RunAs {
  const uid = account(env, 'HOP3_UWSGI_UID');
  const gid = account(env, 'HOP3_UWSGI_GID');
  const isRoot = process.getuid?.() === 0;
  if (uid !== null) {
    if (!isRoot) return { uid, gid, appOwner: null };
    const found = findAccount(uid, gid ?? undefined);
    if (found === null) {
      throw uwsgiError({ code: UwsgiErrorCodes.invalidSetting, message: `HOP3_UWSGI_UID/HOP3_UWSGI_GID name no user/group of this machine (see /etc/passwd and /etc/group).`, details: { key: 'HOP3_UWSGI_UID' } });
    }
    return { uid, gid, appOwner: { uid: found.uid, gid: found.gid } };
  }
  const owner = appAccount(root);
  if (owner === null) return { uid: null, gid, appOwner: null };
  return { uid: owner.user ?? String(owner.uid), gid: gid ?? owner.group ?? String(owner.gid), appOwner: { uid: owner.uid, gid: owner.gid } };
}

export function readDeployerSettings(runtime: StrategyRuntime): DeployerSettings {
  const { layout, env } = runtime;
  const system = env.HOP3_SERVICES === 'system';
  return {
    mode: system ? 'system' : 'embedded',
    vassalsDir: (system && env.HOP3_UWSGI_VASSALS_DIR) || layout.uwsgiEnabledDir,
    availableDir: layout.uwsgiAvailableDir,
    socketDir: join(layout.runDir, 'uwsgi'),
    uwsgiBin: env.HOP3_UWSGI_BIN || 'uwsgi',
    emperorPidFile: join(layout.runDir, 'uwsgi-emperor.pid'),
    emperorLog: join(layout.uwsgiDir, 'emperor.log'),
    ...runAs(env, layout.root),
    processTag: processTagOf(layout.root),
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
    // The key, not the value: app env values may be secrets.
    throw uwsgiError({ code: UwsgiErrorCodes.invalidSetting, message: `${key} must be a whole number from 1 to ${max}. Fix it with "hop3 config set".`, details: { key } });
  }
  return value;
}

/** The app's UWSGI_* knobs: any other UWSGI_ name is a typo that would silently do nothing. */
const TUNING_KEYS = ['UWSGI_PROCESSES', 'UWSGI_THREADS', 'UWSGI_MAX_REQUESTS', 'UWSGI_LISTEN', 'UWSGI_LOG_MAXSIZE'];

function checkTuningKeys(appEnv: Record<string, string>): void {
  const unknown = Object.keys(appEnv).filter((key) => key.startsWith('UWSGI_') && !TUNING_KEYS.includes(key));
  if (unknown.length === 0) return;
  const key = unknown[0]!;
  // The known name sharing the longest start with it (UWSGI_PROCESES → UWSGI_PROCESSES); -1, a
  // known name that is all of its start, counts as the longest.
  const shared = (known: string): number => [...known].findIndex((char, i) => key[i] !== char) >>> 0;
  const near = TUNING_KEYS.reduce((best, known) => (shared(known) > shared(best) ? known : best));
  const hint = shared(near) > 'UWSGI_'.length + 2 ? ` (did you mean ${near}?)` : '';
  throw uwsgiError({
    code: UwsgiErrorCodes.invalidSetting,
    message: `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a' : 'are not'} uWSGI setting${unknown.length === 1 ? '' : 's'} hop3 knows${hint}: the UWSGI_ names are ${TUNING_KEYS.join(', ')}. Unset it with "hop3 config unset", or give the app another name for its own variable.`,
    details: { keys: unknown },
  });
}

export function readAppTuning(appEnv: Record<string, string>): AppTuning {
  checkTuningKeys(appEnv);
  return {
    processes: positiveInt(appEnv, 'UWSGI_PROCESSES', 1, 64),
    threads: appEnv.UWSGI_THREADS ? positiveInt(appEnv, 'UWSGI_THREADS', 1, 256) : null,
    maxRequests: appEnv.UWSGI_MAX_REQUESTS ? positiveInt(appEnv, 'UWSGI_MAX_REQUESTS', 1, 10_000_000) : null,
    listen: positiveInt(appEnv, 'UWSGI_LISTEN', 100, 65_535),
    logMaxSize: positiveInt(appEnv, 'UWSGI_LOG_MAXSIZE', 1_048_576, 2 ** 31 - 1),
  };
}
