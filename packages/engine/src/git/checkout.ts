import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runCommand } from '@hop3/kit';

/** Variables git sets for a hook: they would point the checkout's own git commands at the bare repo. */
const GIT_HOOK_VARIABLES = ['GIT_DIR', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_QUARANTINE_PATH', 'GIT_INDEX_FILE', 'GIT_WORK_TREE', 'GIT_PREFIX'];

/**
 * Check a pushed commit out into a fresh dir, submodules included, while the push is still in
 * progress: in pre-receive the new objects sit in git's quarantine dir, so the checkout borrows
 * them and the repository's own objects as alternates (nothing is copied).
 */
export async function checkoutPushedCommit(repo: string, commit: string, parent: string, env: Readonly<Record<string, string | undefined>>): Promise<string> {
  await mkdir(parent, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(join(parent, 'push-'));
  const clean: Record<string, string | undefined> = Object.fromEntries(GIT_HOOK_VARIABLES.map((name) => [name, undefined]));
  const objectDirs = [
    env.GIT_OBJECT_DIRECTORY,
    ...(env.GIT_ALTERNATE_OBJECT_DIRECTORIES ?? '').split(':'),
    join(repo, 'objects'),
  ].filter((d): d is string => d !== undefined && d !== '').map((d) => resolve(repo, d));
  const git = (args: string[]) => runCommand('git', ['-C', dir, ...args], { env: clean, timeoutMs: 10 * 60_000 });
  await git(['init', '--quiet']);
  await writeFile(join(dir, '.git', 'objects', 'info', 'alternates'), `${[...new Set(objectDirs)].join('\n')}\n`);
  await git(['-c', 'advice.detachedHead=false', 'checkout', '--quiet', commit]);
  if (existsSync(join(dir, '.gitmodules'))) await git(['submodule', 'update', '--init', '--recursive', '--quiet']);
  return dir;
}
