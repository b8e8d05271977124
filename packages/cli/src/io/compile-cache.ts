import { lstatSync, mkdirSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

type EnableCompileCache = (directory?: string) => unknown;

/**
 * Keep V8's compiled code of our bundles between `hop3` runs (Node ≥ 22.1: `module.
 * enableCompileCache`): most of a command's start-up is compiling ESM (bench/README.md). A no-op
 * on Node 20, which has no such cache. Compiled code is code, so the cache is only used in a dir
 * this user owns and nobody else can write to (never a shared /tmp); `NODE_COMPILE_CACHE` (a
 * dir) and `NODE_DISABLE_COMPILE_CACHE=1` work as Node documents them.
 */
export function enableCompileCache(env: NodeJS.ProcessEnv = process.env): void {
  const enable = (nodeModule as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
  if (enable === undefined || env.NODE_COMPILE_CACHE !== undefined) return;
  const dir = privateCacheDir(env);
  try {
    if (dir !== null) enable(dir);
  } catch {
    // A cache that cannot be set up only costs speed.
  }
}

/** `$XDG_CACHE_HOME/hop3/node-compile-cache` (~/.cache by default), made 0700; null when it is not this user's alone. */
export function privateCacheDir(env: NodeJS.ProcessEnv): string | null {
  const dir = join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'hop3', 'node-compile-cache');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    return stat.isDirectory() && stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0 ? dir : null;
  } catch {
    return null;
  }
}
