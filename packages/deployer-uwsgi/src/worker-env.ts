import { envLine } from './ini-values.js';

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface WorkerEnvInput {
  app: string;
  appEnv: Record<string, string>;
  /** The venv (Python) or null for other runtimes. */
  venv: string | null;
  /** Directories put first on PATH (venv/bin, node_modules/.bin). */
  binDirs: string[];
  home: string;
  /** This worker's port (web ordinals and wsgi http port), or null. */
  port: number | null;
}

/**
 * The environment of one worker: HOME and PATH defaults, then the app's env, then what the
 * deployer owns (PORT, APP, VIRTUAL_ENV). UWSGI_* variables are deployer knobs: uWSGI would
 * also read them as options, so they are not passed on.
 */
export function workerEnv(input: WorkerEnvInput): Record<string, string> {
  const env: Record<string, string> = { HOME: input.home };
  for (const [key, value] of Object.entries(input.appEnv)) {
    if (!key.startsWith('UWSGI_')) env[key] = value;
  }
  env.PATH = [...input.binDirs, input.appEnv.PATH ?? DEFAULT_PATH].join(':');
  env.APP = input.app;
  if (input.venv !== null) env.VIRTUAL_ENV = input.venv;
  else delete env.VIRTUAL_ENV;
  if (input.port !== null) env.PORT = String(input.port);
  else delete env.PORT;
  return env;
}

/** Sorted, validated `KEY=value` lines for the vassal's `env =` keys. */
export function envLines(env: Record<string, string>): string[] {
  return Object.keys(env)
    .sort()
    .map((key) => envLine(key, env[key] as string));
}
