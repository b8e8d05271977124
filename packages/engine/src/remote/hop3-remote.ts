import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isSafeName, SAFE_NAME_RULE } from '@hop3/core';
import { runCommand } from '@hop3/kit';
import { engineError, EngineErrorCodes } from '../errors.js';

/** A hop3 server as a git remote of an app's repository: `ssh://user@host:port/<app>`. */
export interface Hop3Remote {
  name: string;
  user: string;
  host: string;
  port: number | null;
  app: string;
  url: string;
}

const TARGET = /^([a-z_][a-z0-9_-]*)@([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(?::(\d{1,5}))?$/;

/** `hop3@server[:port]` → its parts; anything else is refused with the expected form. */
export function parseTarget(target: string): { user: string; host: string; port: number | null } {
  const match = TARGET.exec(target);
  const port = match?.[3] === undefined ? null : Number(match[3]);
  if (match === null || (port !== null && (port < 1 || port > 65535))) {
    throw engineError({ message: `"${target}" is not a hop3 server: use user@host or user@host:port (e.g. hop3@example.com:2222)`, code: EngineErrorCodes.invalidInput });
  }
  return { user: match[1]!, host: match[2]!, port };
}

export function remoteUrl(target: { user: string; host: string; port: number | null }, app: string): string {
  if (!isSafeName(app)) throw engineError({ message: `Invalid app name "${app}": ${SAFE_NAME_RULE}`, code: EngineErrorCodes.invalidInput });
  return `ssh://${target.user}@${target.host}${target.port === null ? '' : `:${target.port}`}/${app}`;
}

export function parseRemoteUrl(name: string, url: string): Hop3Remote {
  const match = /^ssh:\/\/([^/]+)\/([a-z0-9][a-z0-9-]*?)(?:\.git)?\/?$/.exec(url);
  if (match === null) {
    throw engineError({ message: `The git remote "${name}" (${url}) is not a hop3 remote: add one with "hop3 remote add ${name} hop3@server[:port]".`, code: EngineErrorCodes.remoteNotFound });
  }
  return { name, ...parseTarget(match[1]!), app: match[2]!, url };
}

/**
 * Add the hop3 server as a git remote of the repository in `cwd` (as Piku's client does), marked
 * `remote.<name>.hop3 = true` so `hop3` finds it. The app defaults to the repository's dir name.
 */
export async function addRemote(cwd: string, input: { name: string; target: string; app?: string }): Promise<Hop3Remote> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(input.name)) throw engineError({ message: `Invalid remote name "${input.name}": letters, digits, ".", "_" and "-"`, code: EngineErrorCodes.invalidInput });
  const target = parseTarget(input.target);
  const top = await runCommand('git', ['rev-parse', '--show-toplevel'], { cwd, allowFailure: true });
  if (top.exitCode !== 0) throw engineError({ message: `${cwd} is not in a git repository: run "hop3 remote add" in the app's repository (git init first).`, code: EngineErrorCodes.invalidInput });
  const app = input.app ?? top.stdout.trim().split('/').at(-1)!.toLowerCase();
  const url = remoteUrl(target, app);
  const taken = await runCommand('git', ['config', '--get', `remote.${input.name}.url`], { cwd, allowFailure: true });
  if (taken.exitCode === 0) throw engineError({ message: `The git remote "${input.name}" exists (${taken.stdout.trim()}). Pick another name or "git remote remove ${input.name}".`, code: EngineErrorCodes.invalidInput });
  await runCommand('git', ['remote', 'add', input.name, url], { cwd });
  await runCommand('git', ['config', `remote.${input.name}.hop3`, 'true'], { cwd });
  return { name: input.name, ...target, app, url };
}

/** The hop3 remote `name` of the repository in `cwd` (git's own config lookup). */
export async function findRemote(cwd: string, name: string): Promise<Hop3Remote> {
  const url = await runCommand('git', ['config', '--get', `remote.${name}.url`], { cwd, allowFailure: true });
  if (url.exitCode !== 0) throw engineError({ message: `No git remote "${name}" here (${cwd}). Add one with "hop3 remote add ${name} hop3@server[:port]".`, code: EngineErrorCodes.remoteNotFound });
  return parseRemoteUrl(name, url.stdout.trim());
}

/**
 * The name of the only hop3 remote of the repository around `cwd`, or null (none, several, or
 * not a repository). Reads .git/config directly: it runs before every command, so no git process.
 */
export function defaultRemoteName(cwd: string): string | null {
  let dir = cwd;
  for (;;) {
    const config = join(dir, '.git', 'config');
    if (existsSync(config)) {
      let text: string;
      try {
        text = readFileSync(config, 'utf8');
      } catch {
        return null;
      }
      const names: string[] = [];
      let current: string | null = null;
      for (const line of text.split('\n')) {
        const section = /^\s*\[remote "([^"]+)"\]\s*$/.exec(line);
        if (section) current = section[1]!;
        else if (/^\s*\[/.test(line)) current = null;
        else if (current !== null && /^\s*hop3\s*=\s*true\s*$/i.test(line)) names.push(current);
      }
      return names.length === 1 ? names[0]! : null;
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** A word for the server's request parser (hop3 ssh-command): plain, or quoted. */
export function quoteForRemote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  if (!word.includes("'")) return `'${word}'`;
  if (!word.includes('"')) return `"${word}"`;
  throw engineError({ message: `An argument cannot hold both ' and " over SSH: ${word}`, code: EngineErrorCodes.invalidInput });
}
