import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from '@hop3/kit';

/** How many node_modules trees an app keeps in its cache (the newest by last use). */
export const KEPT_TREES = 3;

/**
 * node_modules trees of one app, by content hash: `<app>/cache/node_modules/<key>/node_modules`
 * (the dir must be named node_modules: Node resolves a package's own dependencies by walking up
 * its real path). Trees are copied in and out with hard links (`cp -al`): new dirs, shared file
 * contents, ~50 ms for an Express app instead of a second install. Each release gets its own tree
 * of dirs, so removing or adding files in one (a prune, a build's cache dir) never touches another.
 */
export class ModulesCache {
  constructor(readonly dir: string) {}

  entry(key: string): string {
    return join(this.dir, key);
  }

  /** True when a complete tree is stored under `key`. */
  has(key: string): boolean {
    return existsSync(join(this.entry(key), 'node_modules'));
  }

  /** Link the tree stored under `key` into `targetDir/node_modules` (which must not exist). */
  async linkInto(key: string, targetDir: string): Promise<void> {
    await hardLinkCopy(join(this.entry(key), 'node_modules'), targetDir);
    await unshareMetadata(join(targetDir, 'node_modules'));
    const now = new Date();
    await utimes(this.entry(key), now, now).catch(() => undefined); // last use, for pruning the cache
  }

  /**
   * Store `sourceDir/node_modules` under `key`: copied into a temporary dir, then renamed into
   * place complete, so an interrupted save never leaves a partial tree to be reused.
   */
  async save(key: string, sourceDir: string): Promise<void> {
    if (this.has(key)) return;
    await mkdir(this.dir, { recursive: true });
    const temp = await mkdtemp(join(this.dir, '.tmp-'));
    try {
      await hardLinkCopy(join(sourceDir, 'node_modules'), temp);
      await unshareMetadata(join(sourceDir, 'node_modules'));
      await rm(this.entry(key), { recursive: true, force: true });
      await rename(temp, this.entry(key));
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
    await this.prune();
  }

  /** Keep the {@link KEPT_TREES} trees used last; also drop temporary dirs of interrupted saves. */
  async prune(): Promise<void> {
    const entries = await readdir(this.dir).catch(() => [] as string[]);
    const trees: { name: string; used: number }[] = [];
    for (const name of entries) {
      const path = join(this.dir, name);
      if (name.startsWith('.tmp-')) {
        const age = Date.now() - (await stat(path).then((s) => s.mtimeMs, () => Date.now()));
        if (age > 3_600_000) await rm(path, { recursive: true, force: true });
        continue;
      }
      trees.push({ name, used: await stat(path).then((s) => s.mtimeMs, () => 0) });
    }
    trees.sort((a, b) => b.used - a.used);
    for (const old of trees.slice(KEPT_TREES)) await rm(join(this.dir, old.name), { recursive: true, force: true });
  }
}

/** `cp -al <from> <intoDir>/`: a copy of the tree whose files are hard links (no data copied). */
async function hardLinkCopy(from: string, intoDir: string): Promise<void> {
  await runCommand('cp', ['-al', '--', from, `${intoDir}/`], { timeoutMs: 10 * 60_000 });
}

/**
 * Package managers rewrite their metadata files at the top of node_modules in place
 * (`.package-lock.json`, `.modules.yaml`, `.yarn-integrity`, `.pnpm/lock.yaml`…): a hard-linked
 * one would carry the change into every tree sharing it. They get their own copy.
 */
async function unshareMetadata(nodeModules: string): Promise<void> {
  const places: [string, (name: string) => boolean][] = [
    [nodeModules, (name) => name.startsWith('.')],
    [join(nodeModules, '.pnpm'), () => true],
  ];
  for (const [dir, wanted] of places) {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile() || !wanted(entry.name)) continue;
      const file = join(dir, entry.name);
      const copy = `${file}.hop3-unshare`;
      await copyFile(file, copy); // a new inode with the same contents and mode
      await rename(copy, file);
    }
  }
}
