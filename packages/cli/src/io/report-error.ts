import { isHop3Error } from '@hop3/core';
import { CliErrorCodes } from '../errors.js';
import type { CommandIO } from './command.js';
import { exitCodeFor } from './exit-codes.js';

/**
 * Print a failed command's error and return its exit code. With `--json`, stdout gets exactly
 * one object `{ "error": { code, message, details } }` (details come from the error's own
 * `details`, which never hold secrets); stderr always gets the readable message.
 */
export function reportError(error: unknown, io: CommandIO, options: { json: boolean; usage?: string }): number {
  const known = isHop3Error(error);
  const code = known ? error.code : CliErrorCodes.internal;
  const message = error instanceof Error ? error.message : String(error);
  if (options.json) {
    const details = known ? jsonSafe(error.details) : {};
    io.stdout(`${JSON.stringify({ error: { code, message, details } }, null, 2)}\n`);
  }
  io.stderr(`hop3: ${message}\n`);
  if (code === CliErrorCodes.usage && options.usage) io.stderr(`Usage: ${options.usage}\n`);
  if (!known) {
    if (io.env.HOP3_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    io.stderr('(this is a bug in hop3 or a plugin; set HOP3_DEBUG=1 for the stack trace)\n');
  }
  return exitCodeFor(error);
}

/** Details as plain JSON: values JSON cannot hold (errors, cycles) become their description. */
function jsonSafe(details: Record<string, unknown>): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(details, (_key, value: unknown) => (value instanceof Error ? value.message : value))) as Record<string, unknown>;
  } catch {
    return {};
  }
}
