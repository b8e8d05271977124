import type { StrategyRuntime } from '@hop3/core';

/** Server-wide settings of the Python builder, read from the host's environment. */
export interface PythonBuildSettings {
  /** The interpreter venvs are made with: the one uWSGI's python3 plugin embeds. */
  python: string;
  /** The host's `PIP_*` variables (index URL, find-links, config file), passed on to pip. */
  pipEnv: Record<string, string>;
  /** Bound on one pip run. */
  pipTimeoutMs: number;
}

export const DEFAULT_PYTHON = '/usr/bin/python3';
const DEFAULT_PIP_TIMEOUT_MS = 15 * 60_000;

export function readBuildSettings(runtime: StrategyRuntime): PythonBuildSettings {
  const env = runtime.env;
  const pipEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('PIP_') && value !== undefined) pipEnv[key] = value;
  }
  const timeout = Number(env.HOP3_PIP_TIMEOUT);
  return {
    python: env.HOP3_PYTHON || DEFAULT_PYTHON,
    pipEnv,
    pipTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : DEFAULT_PIP_TIMEOUT_MS,
  };
}
