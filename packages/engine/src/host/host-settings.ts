import type { Hop3Error } from '@hop3/core';
import { engineError, EngineErrorCodes } from '../errors.js';

type Env = Readonly<Record<string, string | undefined>>;

function invalid(name: string, expected: string): Hop3Error {
  // The value is not repeated: settings can be pasted secrets by mistake.
  return engineError({
    message: `The setting ${name} is not valid: ${expected}. Fix or unset the environment variable ${name}.`,
    code: EngineErrorCodes.invalidInput,
    details: { setting: name },
  });
}

/** `HOP3_START_TIMEOUT` in seconds, or undefined when unset. */
export function startTimeoutSetting(env: Env): number | undefined {
  const raw = env.HOP3_START_TIMEOUT?.trim();
  if (raw === undefined || raw === '') return undefined;
  const seconds = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !(seconds > 0) || seconds > 86_400) throw invalid('HOP3_START_TIMEOUT', 'use a number of seconds from 1 to 86400, e.g. 60');
  return seconds;
}

/** `HOP3_KEEP_RELEASES`: how many releases that went live are kept for rollback (default 5). */
export function keepReleasesSetting(env: Env): number | undefined {
  const raw = env.HOP3_KEEP_RELEASES?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1) throw invalid('HOP3_KEEP_RELEASES', 'use a number of releases from 1 to 999, e.g. 5');
  return Number(raw);
}

function checkPort(env: Env, name: string): void {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) throw invalid(name, 'use a port number between 1 and 65535');
}

function checkChoice(env: Env, name: string, choices: readonly string[]): void {
  const raw = env[name];
  if (raw !== undefined && raw !== '' && !choices.includes(raw)) throw invalid(name, `use one of ${choices.join(', ')}`);
}

/**
 * The host's own settings (docs/cli.md, "Settings"), checked when a command starts, like
 * flags: a bad value is a usage-level error naming the variable, never silently ignored.
 * Plugins check their own settings when their strategies are created or preflighted.
 */
export function checkHostSettings(env: Env): void {
  startTimeoutSetting(env);
  keepReleasesSetting(env);
  checkPort(env, 'HOP3_HTTP_PORT');
  checkPort(env, 'HOP3_HTTPS_PORT');
  checkChoice(env, 'HOP3_SERVICES', ['embedded', 'system']);
  checkChoice(env, 'HOP3_DISCOVER', ['0', '1']);
}
