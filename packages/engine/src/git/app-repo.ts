import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isSafeName, SAFE_NAME_RULE, type Hop3Layout } from '@hop3/core';
import { runCommand, writeFileAtomic } from '@hop3/kit';
import { engineError, EngineErrorCodes } from '../errors.js';

/** Where the apps' bare repositories live: HOP3_ROOT/repos/<app>.git. */
export function reposDir(layout: Hop3Layout): string {
  return join(layout.root, 'repos');
}

export function appRepoPath(layout: Hop3Layout, app: string): string {
  layout.app(app); // validates the name before it becomes a path
  return join(reposDir(layout), `${app}.git`);
}

/**
 * The app a repository path names: its last component without `.git` (`'/blog.git'`, `blog`,
 * `~/repos/blog.git/`). Anything else — another dir, a path with `..`, an unsafe name — is refused:
 * a key can reach the apps' repositories and nothing else.
 */
export function appOfRepoPath(path: string, options: { anyDir?: boolean } = {}): string {
  const trimmed = path.replace(/\/+$/, '');
  const last = basename(trimmed).replace(/\.git$/, '');
  const direct = /^\/?[^/]+$/.test(trimmed);
  if ((options.anyDir === true || direct) && !trimmed.split('/').includes('..') && isSafeName(last)) return last;
  throw engineError({
    message: `"${path}" is not an app repository: use the app's name (git push hop3@server:<app> main); ${SAFE_NAME_RULE}`,
    code: EngineErrorCodes.repoRefused,
    details: { path },
  });
}

/** The existing repository of an app (for fetch and clone); anything else is refused. */
export function existingAppRepo(layout: Hop3Layout, repo: string): { app: string; path: string } {
  const app = appOfRepoPath(repo);
  const path = appRepoPath(layout, app);
  if (!existsSync(join(path, 'HEAD'))) {
    throw engineError({ message: `No repository for app "${app}": push to it first (git push hop3@server:${app} main).`, code: EngineErrorCodes.repoRefused, details: { app } });
  }
  return { app, path };
}

/** Quote one word for /bin/sh (the hook file is a shell script). */
function shellWord(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The pre-receive hook: it runs the host's `git-hook` command, which deploys the pushed commit
 * and exits non-zero when the deploy fails, so git rejects the push. HOP3_ROOT is written in, so
 * a plain `git push <path>` by someone with a different environment deploys to the same root.
 */
export function preReceiveHook(root: string, app: string, hookCommand: readonly string[]): string {
  return [
    '#!/bin/sh',
    '# Written by hop3: deploys the pushed commit; a failed deploy rejects the push.',
    `HOP3_ROOT="\${HOP3_ROOT:-${root.replaceAll('"', '\\"').replaceAll('$', '\\$').replaceAll('`', '\\`')}}"`,
    'export HOP3_ROOT',
    `exec ${[...hookCommand, 'git-hook', 'pre-receive', app].map(shellWord).join(' ')}`,
    '',
  ].join('\n');
}

/**
 * The app's bare repository, created on the first push (`git init --bare`), with its
 * pre-receive hook (re)written so it always runs this host's hop3.
 */
export async function ensureAppRepo(layout: Hop3Layout, app: string, hookCommand: readonly string[]): Promise<string> {
  const repo = appRepoPath(layout, app);
  if (!existsSync(join(repo, 'HEAD'))) {
    await mkdir(reposDir(layout), { recursive: true, mode: 0o700 });
    await runCommand('git', ['init', '--quiet', '--bare', '--initial-branch=main', repo], { timeoutMs: 30_000 });
  }
  const hook = join(repo, 'hooks', 'pre-receive');
  const content = preReceiveHook(layout.root, app, hookCommand);
  if ((await readFile(hook, 'utf8').catch(() => '')) !== content) {
    await mkdir(join(repo, 'hooks'), { recursive: true });
    await writeFileAtomic(hook, content, { mode: 0o755 });
    await chmod(hook, 0o755);
  }
  return repo;
}
