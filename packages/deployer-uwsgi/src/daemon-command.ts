/**
 * uWSGI runs an attach-daemon2 command with `/bin/sh -c <command>` in a new session (setsid)
 * and stops it by signalling that whole process group (`kill(-pid, stopsignal)`, SIGKILL after
 * the reload mercy). So a command may be any shell command line: every process it starts gets
 * the stop signal, and none outlives a stop or restart.
 *
 * `exec` is prepended only to one plain command (`node worker.js`): the shell is then replaced
 * by the app's process, which gets signals directly. It must not be prepended to a compound
 * command — `exec a && b` would run only `a` — nor to one that starts with a shell keyword or an
 * assignment (`FOO=1 node w.js`). Anything that might be compound runs without `exec`; that
 * costs only a waiting shell process.
 */
const MAY_BE_COMPOUND = /[;&|(){}\n]/;
const NOT_A_PROGRAM = new Set(['!', '{', '}', '[[', 'case', 'do', 'done', 'elif', 'else', 'esac', 'exec', 'fi', 'for', 'function', 'if', 'in', 'select', 'then', 'time', 'until', 'while']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** True when `exec <command>` runs the whole command (one program with its arguments). */
export function isPlainCommand(command: string): boolean {
  const trimmed = command.trim();
  if (trimmed === '' || MAY_BE_COMPOUND.test(trimmed)) return false;
  const first = trimmed.split(/\s+/)[0] as string;
  return !NOT_A_PROGRAM.has(first) && !ASSIGNMENT.test(first);
}

/** The command line uWSGI hands to `/bin/sh -c` for a daemon worker. */
export function daemonShellCommand(command: string): string {
  const trimmed = command.trim();
  return isPlainCommand(trimmed) ? `exec ${trimmed}` : trimmed;
}
