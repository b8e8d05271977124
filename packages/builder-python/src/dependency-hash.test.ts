import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeDependencyHash, type DependencyHashInput } from './dependency-hash.js';

let dir: string;
let input: DependencyHashInput;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hop3-pyhash-'));
  await mkdir(join(dir, 'wheels'));
  await writeFile(join(dir, 'wheels', 'lib-1.0-py3-none-any.whl'), 'wheel v1');
  await writeFile(join(dir, 'base.txt'), 'six==1.16\n');
  await writeFile(join(dir, 'requirements.txt'), '-r base.txt\n--find-links ./wheels\nlib==1.0\n');
  await writeFile(join(dir, 'app.py'), 'print(1)\n');
  input = { sourceDir: dir, mode: 'requirements', pythonVersion: '3.11.2', pipEnv: {} };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const hashOf = async (over: Partial<DependencyHashInput> = {}): Promise<string> => (await computeDependencyHash({ ...input, ...over })).hash;

describe('computeDependencyHash', () => {
  it('is stable while nothing relevant changes (app code is not an input)', async () => {
    const first = await computeDependencyHash(input);
    await writeFile(join(dir, 'app.py'), 'print(2)\n');
    expect(await hashOf()).toBe(first.hash);
    expect(first.cacheable).toBe(true);
    expect(first.inputs).toEqual(expect.arrayContaining(['requirements.txt', 'base.txt', 'wheels/']));
  });

  it('changes with the requirements, an included file, a wheel, the python version and PIP_* settings', async () => {
    const original = await hashOf();
    await writeFile(join(dir, 'base.txt'), 'six==1.17\n');
    const afterInclude = await hashOf();
    expect(afterInclude).not.toBe(original);
    await writeFile(join(dir, 'wheels', 'lib-1.0-py3-none-any.whl'), 'wheel v2');
    const afterWheel = await hashOf();
    expect(afterWheel).not.toBe(afterInclude);
    expect(await hashOf({ pythonVersion: '3.11.3' })).not.toBe(afterWheel);
    expect(await hashOf({ pipEnv: { PIP_INDEX_URL: 'http://mirror/' } })).not.toBe(afterWheel);
    await writeFile(join(dir, 'requirements.txt'), 'lib==1.1\n');
    expect(await hashOf()).not.toBe(afterWheel);
  });

  it('changes with [build] system-site-packages, and stays as it was while the option is off', async () => {
    const plain = await hashOf();
    expect(await hashOf({ systemSitePackages: false })).toBe(plain);
    expect(await hashOf({ systemSitePackages: true })).not.toBe(plain);
  });

  it('hashes the whole source tree for a pyproject-only app, since pip installs the app itself', async () => {
    await rm(join(dir, 'requirements.txt'));
    await writeFile(join(dir, 'pyproject.toml'), '[project]\nname = "x"\n');
    const before = await hashOf({ mode: 'pyproject' });
    await writeFile(join(dir, 'app.py'), 'print(3)\n');
    expect(await hashOf({ mode: 'pyproject' })).not.toBe(before);
  });

  it('survives a missing included file (pip reports it)', async () => {
    await writeFile(join(dir, 'requirements.txt'), '-r nowhere.txt\n');
    expect(await hashOf()).toMatch(/^[0-9a-f]{64}$/);
  });
});
