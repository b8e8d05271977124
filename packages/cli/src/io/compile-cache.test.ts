import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { enableCompileCache, privateCacheDir } from './compile-cache.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function cacheHome(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hop3-cache-'));
  dirs.push(dir);
  return dir;
}

describe('the compile cache', () => {
  it('lives in a private dir under XDG_CACHE_HOME', () => {
    const home = cacheHome();
    const dir = join(home, 'hop3', 'node-compile-cache');
    expect(privateCacheDir({ XDG_CACHE_HOME: home })).toBe(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(statSync(dir).mode & 0o077).toBe(0);
  });

  it('is not used in a dir that others can write to, and never throws', () => {
    const home = cacheHome();
    const dir = join(home, 'hop3', 'node-compile-cache');
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
    expect(privateCacheDir({ XDG_CACHE_HOME: home })).toBeNull();
    expect(() => enableCompileCache({ XDG_CACHE_HOME: home })).not.toThrow();
    expect(statSync(dir).mode & 0o777).toBe(0o777);
  });

  it('does nothing when NODE_COMPILE_CACHE names the dir', () => {
    const home = cacheHome();
    enableCompileCache({ XDG_CACHE_HOME: home, NODE_COMPILE_CACHE: join(home, 'elsewhere') });
    expect(() => statSync(join(home, 'hop3'))).toThrow();
  });
});
