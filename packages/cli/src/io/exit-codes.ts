import { isAbort, isHop3Error } from '@hop3/core';

/**
 * The error codes that mean "the request was wrong" (bad usage or bad input): exit code 2.
 * docs/cli.md shows this table; keep the two in step.
 */
export const BAD_INPUT_CODES: ReadonlySet<string> = new Set([
  'HOP3_USAGE', // unknown command, unknown option, missing or extra argument
  'HOP3_INVALID_INPUT', // a bad value: --env, config set, deploy dir, names
  'HOP3_INVALID_CONFIG', // hop3.toml or Procfile
  'HOP3_APP_NOT_FOUND', // no app of that name
  'HOP3_SERVICE_NOT_FOUND', // no addon service of that name
  'HOP3_SERVICE_EXISTS', // the name is taken
]);

/**
 * The one rule for `hop3`'s exit code on an error: 2 when the request was wrong (a code of
 * {@link BAD_INPUT_CODES}, or an `Abort` a plugin raised with `exitCode: 2`), 1 for every other
 * failure. Other `Abort` exit codes (a hook's own exit status) are reported, not passed on.
 */
export function exitCodeFor(error: unknown): 1 | 2 {
  if (isHop3Error(error) && BAD_INPUT_CODES.has(error.code)) return 2;
  if (isAbort(error) && error.exitCode === 2) return 2;
  return 1;
}
