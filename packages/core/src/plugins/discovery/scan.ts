import { readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** A package directory whose name looks like a Hop3 plugin. Nothing in it has been read yet. */
export interface PluginCandidate {
  /** The package name, from the directory name (`hop3-plugin-x`, `@acme/hop3-plugin-y`). */
  name: string;
  /** The package directory (may be a symlink: npm workspaces link packages). */
  dir: string;
  /** The `node_modules` directory it was found in. */
  nodeModules: string;
}

const PREFIX = 'hop3-plugin-';

/** `hop3-plugin-*`, and inside a scope also `hop3-plugin` itself. */
export function isPluginPackageName(name: string): boolean {
  const slash = name.indexOf('/');
  const local = slash === -1 ? name : name.slice(slash + 1);
  if (slash !== -1 && local === 'hop3-plugin') return name.startsWith('@');
  return local.length > PREFIX.length && local.startsWith(PREFIX);
}

/**
 * The `node_modules` directories Node would search from `start`: `start/node_modules`, then each
 * ancestor's, up to the filesystem root (skipping `node_modules/node_modules`). No global folders.
 */
export function nodeModulesChain(start: string): string[] {
  const chain: string[] = [];
  let dir = resolve(start);
  for (;;) {
    if (basename(dir) !== 'node_modules') chain.push(join(dir, 'node_modules'));
    const parent = dirname(dir);
    if (parent === dir) return chain;
    dir = parent;
  }
}

async function listDir(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return []; // missing or unreadable: nothing to find there
  }
}

/** Plugin-named packages directly in one `node_modules` (depth 0, plus one level inside `@scope` dirs). */
export async function scanNodeModules(nodeModules: string): Promise<PluginCandidate[]> {
  const found: PluginCandidate[] = [];
  const scopes: string[] = [];
  for (const entry of await listDir(nodeModules)) {
    // Symlinks count: `isDirectory()` is false for workspace links, and we do not stat each entry.
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    if (entry.name.startsWith('@')) scopes.push(entry.name);
    else if (isPluginPackageName(entry.name)) found.push({ name: entry.name, dir: join(nodeModules, entry.name), nodeModules });
  }
  const scoped = await Promise.all(
    scopes.map(async (scope) => {
      const inScope: PluginCandidate[] = [];
      for (const entry of await listDir(join(nodeModules, scope))) {
        const name = `${scope}/${entry.name}`;
        if ((entry.isDirectory() || entry.isSymbolicLink()) && isPluginPackageName(name)) {
          inScope.push({ name, dir: join(nodeModules, scope, entry.name), nodeModules });
        }
      }
      return inScope;
    }),
  );
  return [...found, ...scoped.flat()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Every plugin-named package visible from `cwd`, nearest `node_modules` first and by name within
 * one. The same name may appear more than once (nested copies); the loader keeps the nearest.
 * Reads directories only: no package.json, no stat, no import.
 */
export async function scanForPlugins(cwd: string): Promise<PluginCandidate[]> {
  const perDir = await Promise.all(nodeModulesChain(cwd).map((nodeModules) => scanNodeModules(nodeModules)));
  return perDir.flat();
}
