import { DEFAULT_PATH, processEnv, type ProcessEnvInput } from '@hop3/kit';
import { envLine } from './ini-values.js';

export { DEFAULT_PATH };

export type WorkerEnvInput = Omit<ProcessEnvInput, 'omit'>;

/**
 * The environment of one worker: kit's `processEnv` (the one rule for every process of an app,
 * build hooks included). UWSGI_* variables are deployer knobs: uWSGI would also read them as
 * options, so they are not passed on.
 */
export function workerEnv(input: WorkerEnvInput): Record<string, string> {
  return processEnv({ ...input, omit: (key) => key.startsWith('UWSGI_') });
}

/** Sorted, validated `KEY=value` lines for the vassal's `env =` keys. */
export function envLines(env: Record<string, string>): string[] {
  return Object.keys(env)
    .sort()
    .map((key) => envLine(key, env[key] as string));
}
