import { BUILD_HOOK_KINDS, type BuildHookKind } from '../data/app-config.js';
import { isCronKind, parseCronSpec } from './cron.js';
import { checkAppRelativePath } from './paths.js';

/** Worker kinds as written in a Procfile or `[run.workers]`. */
export const KIND_PATTERN = /^[a-z][a-z0-9_-]*$/;

/** Kinds that are the app's web process; an app may declare only one of them. */
export const WEB_KINDS = ['web', 'wsgi', 'jwsgi', 'rwsgi'] as const;

const WEB_KIND_PURPOSE: Record<(typeof WEB_KINDS)[number], string> = {
  web: 'to run a command that listens on $PORT',
  wsgi: 'to have uWSGI load a Python WSGI module',
  jwsgi: 'to have uWSGI load a JVM app',
  rwsgi: 'to have uWSGI load a Rack app',
};

export function isBuildHookKind(kind: string): kind is BuildHookKind {
  return (BUILD_HOOK_KINDS as readonly string[]).includes(kind);
}

export function isWebKind(kind: string): kind is (typeof WEB_KINDS)[number] {
  return (WEB_KINDS as readonly string[]).includes(kind);
}

/** Why `kind` is not a valid kind name, or undefined. */
export function checkKindName(kind: string): string | undefined {
  if (KIND_PATTERN.test(kind)) return undefined;
  return `"${kind}" is not a valid kind: use lowercase letters, digits, "-" and "_", starting with a letter (e.g. "web", "worker")`;
}

/**
 * Why `command` cannot run as worker `kind`, or undefined. Worker commands are rendered into uWSGI
 * config lines, hence no newlines; cron and static workers have their own syntax.
 */
export function checkWorkerCommand(kind: string, command: string): string | undefined {
  if (command.trim() === '') return `empty command for "${kind}" (write "${kind}: <command>")`;
  if (command.includes('\0')) return `the command for "${kind}" contains a NUL character`;
  if (/[\r\n]/.test(command)) return `the command for "${kind}" must be on one line`;
  if (isCronKind(kind)) {
    const cron = parseCronSpec(command);
    return cron.ok ? undefined : `malformed cron line: ${cron.message}`;
  }
  if (kind === 'static') {
    const problem = checkAppRelativePath(command.trim());
    return problem === undefined ? undefined : `static directory: ${problem}`;
  }
  return undefined;
}

/** The message for two web-process kinds declared together (Hop3 refuses this). */
export function webConflictMessage(first: string, second: string, where: (kind: string) => string = () => ''): string {
  const advice = [first, second]
    .map((kind) => (isWebKind(kind) ? `"${kind}" ${WEB_KIND_PURPOSE[kind]}` : `"${kind}"`))
    .join(', or ');
  return `both "${first}"${where(first)} and "${second}"${where(second)} declare the web process: keep only one — ${advice}`;
}

/** The first two web-process kinds among `kinds`, in order, if there are two. */
export function findWebConflict(kinds: Iterable<string>): [string, string] | undefined {
  const web = [...kinds].filter(isWebKind);
  return web.length >= 2 ? [web[0] as string, web[1] as string] : undefined;
}
