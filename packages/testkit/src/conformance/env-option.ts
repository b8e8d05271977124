import type { MaybePromise } from '@hop3/core';

/** Server settings for the suite's runtime, given as is or computed once before the suite (a private database's URL). */
export type EnvOption = Record<string, string | undefined> | (() => MaybePromise<Record<string, string | undefined>>);

export async function resolveEnv(env: EnvOption | undefined): Promise<Record<string, string | undefined>> {
  if (env === undefined) return {};
  return typeof env === 'function' ? env() : env;
}

/** Options every suite takes. */
export interface SuiteOptions {
  /** Settings in the runtime's env (HOP3_ROOT is a private temp dir, set for you). */
  env?: EnvOption;
  /** Per-test timeout in ms (default 120 000: real programs start in these tests). */
  timeoutMs?: number;
  /** Runs after the suite's own clean-up (stop what `env` started). */
  afterAll?: () => MaybePromise<void>;
}
