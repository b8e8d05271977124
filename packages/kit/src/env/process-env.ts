import { join } from 'node:path';
import type { BuildArtifact } from '@hop3/core';

/** PATH after the app's own bin dirs when the app's env sets none. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The toolchain an artifact puts in front of an app's commands. */
export interface Toolchain {
  /** The virtualenv (Python), or null. */
  venv: string | null;
  /** Directories first on PATH (venv/bin, node_modules/.bin). */
  binDirs: string[];
}

const PYTHON_KINDS: ReadonlySet<string> = new Set(['virtualenv', 'python']);

/**
 * What an artifact puts on an app's PATH: the bin dirs its builder declared
 * (`metadata.binDirs`), else by kind — a venv's `bin`, or the source's `node_modules/.bin`.
 * Without an artifact (before the first build) there is none.
 */
export function toolchainOf(artifact: BuildArtifact | null | undefined, sourcePath: string): Toolchain {
  if (artifact == null) return { venv: null, binDirs: [] };
  const venv = PYTHON_KINDS.has(artifact.kind) ? artifact.location : null;
  const declared = artifact.metadata?.binDirs;
  if (Array.isArray(declared) && declared.every((dir) => typeof dir === 'string')) return { venv, binDirs: [...declared] };
  return { venv, binDirs: venv !== null ? [join(venv, 'bin')] : [join(sourcePath, 'node_modules', '.bin')] };
}

export interface ProcessEnvInput extends Toolchain {
  app: string;
  /** The app's env: hop3.toml [env], attached services, `config set`. */
  appEnv: Record<string, string>;
  home: string;
  /** The process's own port (a web process), or null. */
  port: number | null;
  /** Keys of `appEnv` that are settings of the runner, not for the app (uWSGI's `UWSGI_*`). */
  omit?: (key: string) => boolean;
}

/**
 * The environment every process of an app runs with — its workers, its release command, its
 * build hooks: HOME, then the app's env, then what hop3 owns (PATH with the toolchain first,
 * APP, VIRTUAL_ENV, PORT). One rule, so a hook finds what the app's processes find.
 */
export function processEnv(input: ProcessEnvInput): Record<string, string> {
  const env: Record<string, string> = { HOME: input.home };
  for (const [key, value] of Object.entries(input.appEnv)) {
    if (!input.omit?.(key)) env[key] = value;
  }
  env.PATH = [...input.binDirs, input.appEnv.PATH ?? DEFAULT_PATH].join(':');
  env.APP = input.app;
  if (input.venv !== null) env.VIRTUAL_ENV = input.venv;
  else delete env.VIRTUAL_ENV;
  if (input.port !== null) env.PORT = String(input.port);
  else delete env.PORT;
  return env;
}
