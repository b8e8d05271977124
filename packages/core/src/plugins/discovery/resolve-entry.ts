import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PluginLoadError } from './load-error.js';
import type { PackageJson } from './package-metadata.js';

/** The conditions discovery honours, in Node's sense: an ESM import on Node. */
const CONDITIONS = new Set(['import', 'node', 'default']);

/** Resolve a conditional `exports` target (string, array or nested condition object). */
function resolveTarget(target: unknown): string | null {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const item of target) {
      const resolved = resolveTarget(item);
      if (resolved !== null) return resolved;
    }
    return null;
  }
  if (target !== null && typeof target === 'object') {
    // Object key order is the priority order, as in Node.
    for (const [condition, value] of Object.entries(target)) {
      if (!CONDITIONS.has(condition)) continue;
      const resolved = resolveTarget(value);
      if (resolved !== null) return resolved;
    }
  }
  return null;
}

/** The `.` target of an `exports` field, or `undefined` when the field has none. */
function mainExport(exports: unknown): unknown {
  if (typeof exports === 'string' || Array.isArray(exports)) return exports;
  if (exports === null || typeof exports !== 'object') return undefined;
  const keys = Object.keys(exports);
  const isSubpathMap = keys.some((key) => key.startsWith('.'));
  return isSubpathMap ? (exports as Record<string, unknown>)['.'] : exports;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/**
 * The file `import('<package>')` would load: `exports["."]` (conditions import/node/default),
 * else `main`, else `index.js`. Throws a `resolve`-phase error when it is missing.
 */
export async function resolvePackageEntry(dir: string, pkg: PackageJson): Promise<string> {
  if (pkg.exports !== undefined) {
    const target = resolveTarget(mainExport(pkg.exports));
    if (target === null) {
      throw new PluginLoadError('resolve', `package.json "exports" has no "." entry for the import/node/default conditions (${dir})`);
    }
    const entry = resolve(dir, target);
    if (!isFile(entry)) {
      throw new PluginLoadError('resolve', `the entry ${target} named by "exports" does not exist in ${dir} (is the package built?)`);
    }
    return entry;
  }
  const candidates =
    typeof pkg.main === 'string' && pkg.main !== ''
      ? [pkg.main, `${pkg.main}.js`, join(pkg.main, 'index.js')]
      : ['index.js'];
  for (const candidate of candidates) {
    const entry = resolve(dir, candidate);
    if (isFile(entry)) return entry;
  }
  throw new PluginLoadError('resolve', `no entry point in ${dir}: tried ${candidates.join(', ')} (set "exports" or "main" in package.json)`);
}
