import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeCacheKey, installSettingsOf, type CacheKeyInput } from './cache-key.js';

let dir: string;
let base: CacheKeyInput;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hop3-key-'));
  await writeFile(join(dir, 'package-lock.json'), '{"lockfileVersion":3}');
  base = {
    sourceDir: dir,
    lockfile: 'package-lock.json',
    dependencyFields: { dependencies: { express: '^4' } },
    packageManager: 'npm',
    packageManagerVersion: '11.19.1',
    nodeVersion: '20.20.2',
    arch: 'x64',
    platform: 'linux',
    variant: 'full',
    settings: {},
  };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('computeCacheKey', () => {
  it('is stable for the same inputs, wherever the source lives', async () => {
    const first = await computeCacheKey(base);
    const other = await mkdtemp(join(tmpdir(), 'hop3-key-'));
    await writeFile(join(other, 'package-lock.json'), '{"lockfileVersion":3}');
    expect(await computeCacheKey({ ...base, sourceDir: other, dependencyFields: { dependencies: { express: '^4' } } })).toBe(first);
    await rm(other, { recursive: true, force: true });
  });

  it.each<[string, (input: CacheKeyInput) => Promise<CacheKeyInput> | CacheKeyInput]>([
    ['the lockfile', async (input) => (await writeFile(join(dir, 'package-lock.json'), '{"lockfileVersion":3,"x":1}'), input)],
    ['an .npmrc', async (input) => (await writeFile(join(dir, '.npmrc'), 'legacy-peer-deps=true\n'), input)],
    ['the dependencies', (input) => ({ ...input, dependencyFields: { dependencies: { express: '^5' } } })],
    ['the package manager version', (input) => ({ ...input, packageManagerVersion: '11.20.0' })],
    ['the Node version', (input) => ({ ...input, nodeVersion: '22.23.5' })],
    ['the arch', (input) => ({ ...input, arch: 'arm64' })],
    ['the variant', (input) => ({ ...input, variant: 'prod' })],
    ['an npm setting', (input) => ({ ...input, settings: { npm_config_registry: 'https://mirror.example/' } })],
  ])('changes with %s', async (_what, change) => {
    const before = await computeCacheKey(base);
    expect(await computeCacheKey(await change(base))).not.toBe(before);
  });
});

describe('installSettingsOf', () => {
  it('keeps only package-manager settings', () => {
    expect(installSettingsOf({ npm_config_registry: 'r', NPM_CONFIG_X: 'x', YARN_Y: 'y', PATH: '/bin', SECRET: 's' })).toEqual({ npm_config_registry: 'r', NPM_CONFIG_X: 'x', YARN_Y: 'y' });
  });
});
