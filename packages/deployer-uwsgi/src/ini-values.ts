import { UwsgiErrorCodes, uwsgiError } from './errors.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * uWSGI expands `$(VAR)` (from its own environment), `@(file)` (file contents) and `%(option)`
 * (another option of the vassal, even written `%%(option)`: `%%` becomes `%` first) in every value.
 */
const EXPANSION = /[$@%]\(/;

/**
 * Make `value` safe as the right-hand side of an ini line: uWSGI reads `%x` as a magic variable
 * (`%%` is a literal `%`), so that is escaped; what cannot be escaped is refused.
 */
export function iniValue(value: string, what: string, details: Record<string, unknown>): string {
  if (/[\n\r\0]/.test(value)) {
    throw uwsgiError({ code: UwsgiErrorCodes.invalidEnv, message: `${what} contains a newline or NUL character, which a uWSGI ini file cannot hold. Remove it (use several variables instead).`, details });
  }
  if (EXPANSION.test(value)) {
    throw uwsgiError({
      code: UwsgiErrorCodes.invalidEnv,
      message: `${what} contains "$(", "@(" or "%(", which uWSGI would replace (by an environment variable, a file's contents or one of its options) instead of passing it on. Write \${VAR} for shell expansion, or move the text into a file the app reads.`,
      details,
    });
  }
  if (value !== value.trimEnd()) {
    throw uwsgiError({ code: UwsgiErrorCodes.invalidEnv, message: `${what} ends with whitespace, which uWSGI strips. Remove the trailing blanks.`, details });
  }
  return value.replace(/%/g, '%%');
}

/** `KEY=value` for an `env =` line, validated and escaped. */
export function envLine(key: string, value: string): string {
  if (!ENV_NAME.test(key)) {
    throw uwsgiError({ code: UwsgiErrorCodes.invalidEnv, message: `"${key}" is not a valid environment variable name: use letters, digits and "_", not starting with a digit.`, details: { key } });
  }
  return `${key}=${iniValue(value, `The value of ${key}`, { key })}`;
}

/** A command inside `attach-daemon2 = cmd=…,stopsignal=…`: commas and backslashes are escaped. */
export function daemonCommand(command: string, kind: string): string {
  const trimmed = command.trim();
  if (trimmed === '') throw uwsgiError({ code: UwsgiErrorCodes.invalidWorker, message: `Worker "${kind}" has an empty command.`, details: { kind } });
  return iniValue(trimmed, `The command of worker "${kind}"`, { kind }).replace(/\\/g, '\\\\').replace(/,/g, '\\,');
}

/** `module:callable` for a wsgi worker (what uWSGI's `module` option takes). */
export function wsgiModule(command: string): string {
  const trimmed = command.trim();
  if (!/^[A-Za-z_][\w.]*(:[A-Za-z_][\w.]*)?$/.test(trimmed)) {
    throw uwsgiError({
      code: UwsgiErrorCodes.invalidWorker,
      message: `Worker "wsgi": "${command}" is not a WSGI module path. Write "module:callable", e.g. "wsgi: app:application".`,
      details: { kind: 'wsgi', command },
    });
  }
  return trimmed;
}
