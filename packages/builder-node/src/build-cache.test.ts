import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildKey, hashSourceTree } from './build-cache.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hop3-tree-'));
  await mkdir(join(dir, 'src'));
  await writeFile(join(dir, 'src', 'a.ts'), 'export const a = 1;\n');
  await writeFile(join(dir, 'package.json'), '{}');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hashSourceTree', () => {
  it('changes with a file, ignores node_modules and .git', async () => {
    const before = await hashSourceTree(dir);
    await mkdir(join(dir, 'node_modules', 'x'), { recursive: true });
    await writeFile(join(dir, 'node_modules', 'x', 'index.js'), '1');
    await mkdir(join(dir, '.git'));
    await writeFile(join(dir, '.git', 'HEAD'), 'ref');
    expect(await hashSourceTree(dir)).toBe(before);
    await writeFile(join(dir, 'src', 'a.ts'), 'export const a = 2;\n');
    expect(await hashSourceTree(dir)).not.toBe(before);
  });
});

describe('buildKey', () => {
  const base = { modulesKey: 'm', sourceHash: 's', step: 'script:build:tsc', env: { A: '1' } };
  it('changes with each input, not with the order of the env', () => {
    expect(buildKey({ ...base, env: { B: '2', A: '1' } })).toBe(buildKey({ ...base, env: { A: '1', B: '2' } }));
    for (const change of [{ modulesKey: 'n' }, { sourceHash: 't' }, { step: 'script:build:vite build' }, { env: { A: '2' } }]) {
      expect(buildKey({ ...base, ...change })).not.toBe(buildKey(base));
    }
  });
});
