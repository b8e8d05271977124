import { hasErrorCode, isBadInput } from '@hop3/core';
import { EngineErrorCodes } from '@hop3/engine';

/**
 * The one rule for `hop3`'s exit code on an error: 2 when the request was wrong — the error is
 * the user's bad input, as the package that raised it says (`isBadInput`: its factory's `input`
 * codes, core's HOP3_INVALID_INPUT/HOP3_INVALID_CONFIG, an `Abort` with exit code 2; see
 * docs/errors.md) — and 1 for every other failure. The CLI lists no codes of its own here, so a
 * plugin's bad-input code exits 2 too. Other `Abort` exit codes (a hook's own exit status) are
 * reported, not passed on. An operation the user interrupted (HOP3_INTERRUPTED) exits 130.
 */
export function exitCodeFor(error: unknown): 1 | 2 | 130 {
  // 128 + SIGINT, as shells report an interrupted program.
  if (hasErrorCode(error, EngineErrorCodes.interrupted)) return 130;
  return isBadInput(error) ? 2 : 1;
}
