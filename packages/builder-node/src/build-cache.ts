import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { runCommand } from '@hop3/kit';

/** How many build outputs an app keeps (the newest by last use). */
export const KEPT_BUILDS = 2;
/** Source trees larger than this are not cached (hashing them would cost more than it saves). */
const MAX_FILES = 20_000;
const MAX_BYTES = 200 * 1024 * 1024;
/** Never part of the source's hash nor of the saved tree. */
const SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn']);

/** A hash of a source tree (paths, modes, contents), or null when it is too large to cache. */
export async function hashSourceTree(dir: string): Promise<string | null> {
  const hash = createHash('sha256');
  let files = 0;
  let bytes = 0;
  const walk = async (path: string): Promise<boolean> => {
    const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (SKIPPED.has(entry.name)) continue;
      const full = join(path, entry.name);
      const name = relative(dir, full);
      if (entry.isDirectory()) {
        hash.update(`dir\0${name}\0`);
        if (!(await walk(full))) return false;
      } else if (entry.isFile()) {
        const content = await readFile(full);
        files += 1;
        bytes += content.length;
        if (files > MAX_FILES || bytes > MAX_BYTES) return false;
        const mode = (await stat(full)).mode & 0o111 ? 'x' : '-';
        hash.update(`file\0${name}\0${mode}\0${content.length}\0`);
        hash.update(content);
      } else if (entry.isSymbolicLink()) {
        hash.update(`link\0${name}\0`);
      }
    }
    return true;
  };
  return (await walk(dir)) ? hash.digest('hex') : null;
}

/**
 * The app's build outputs by a hash of everything the build step reads: the source tree, the
 * node_modules key, the build step and the env it runs with. A hit puts the saved release tree
 * back (copied) and its pruned node_modules (hard-linked), so an identical redeploy skips the build
 * and the prune. Saved to a temporary dir and renamed into place complete.
 */
export class BuildCache {
  constructor(readonly dir: string) {}

  has(key: string): boolean {
    return existsSync(join(this.dir, key, 'node_modules')) && existsSync(join(this.dir, key, 'tree'));
  }

  /** Put the saved tree into `releaseDir` (its source is the same by the key) and link its node_modules. */
  async restore(key: string, releaseDir: string): Promise<void> {
    const entry = join(this.dir, key);
    await rm(join(releaseDir, 'node_modules'), { recursive: true, force: true });
    await cp(join(entry, 'tree'), releaseDir, { recursive: true, force: true, preserveTimestamps: true });
    await runCommand('cp', ['-al', '--', join(entry, 'node_modules'), `${releaseDir}/`], { timeoutMs: 10 * 60_000 });
    const now = new Date();
    await utimes(entry, now, now).catch(() => undefined);
  }

  /** Save the built release: its tree copied (the app may write files in place at run time), node_modules hard-linked. */
  async save(key: string, releaseDir: string): Promise<void> {
    if (this.has(key)) return;
    await mkdir(this.dir, { recursive: true });
    const temp = await mkdtemp(join(this.dir, '.tmp-'));
    try {
      await cp(releaseDir, join(temp, 'tree'), { recursive: true, preserveTimestamps: true, filter: (path) => !SKIPPED.has(relative(releaseDir, path).split('/')[0] ?? '') });
      await runCommand('cp', ['-al', '--', join(releaseDir, 'node_modules'), `${temp}/`], { timeoutMs: 10 * 60_000 });
      await rm(join(this.dir, key), { recursive: true, force: true });
      await rename(temp, join(this.dir, key));
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
    await this.prune();
  }

  private async prune(): Promise<void> {
    const entries = (await readdir(this.dir).catch(() => [] as string[])).filter((name) => !name.startsWith('.'));
    const used = await Promise.all(entries.map(async (name) => ({ name, at: await stat(join(this.dir, name)).then((s) => s.mtimeMs, () => 0) })));
    used.sort((a, b) => b.at - a.at);
    for (const old of used.slice(KEPT_BUILDS)) await rm(join(this.dir, old.name), { recursive: true, force: true });
  }
}

/** The key of a build: what it reads, hashed. */
export function buildKey(parts: { modulesKey: string; sourceHash: string; step: string; env: Record<string, string> }): string {
  const env = Object.keys(parts.env).sort().map((key) => `${key}=${parts.env[key]}`).join('\0');
  return createHash('sha256').update(`hop3-node-build/1\0${parts.modulesKey}\0${parts.sourceHash}\0${parts.step}\0${env}`).digest('hex');
}
