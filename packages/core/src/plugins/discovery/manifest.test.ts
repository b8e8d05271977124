import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureTree, type FixtureTree } from '../test-support/fixture-tree.js';
import { selectBuilder } from '../../selection/select-builder.js';
import type { DeploymentContext } from '../../data/deployment.js';
import type { StrategyRuntime } from '../../protocols/common.js';
import { loadPlugins } from './load-plugins.js';

const CORE = '0.1.0';
let tree: FixtureTree;

/** An importModule that records which plugin modules were imported. */
function recordingImport() {
  const imported: string[] = [];
  return {
    imported,
    importModule: (url: string) => {
      imported.push(url.replace(/^.*node_modules\//, '').replace(/\/index\.js$/, ''));
      return import(url);
    },
  };
}

/** A builder module whose accept() is true when `accepts` (a fixture: no core import). */
function builderModule(plugin: string, name: string, accepts: boolean): string {
  return `export default { name: ${JSON.stringify(plugin)}, apiVersion: 1, hooks: {
  getBuilders: () => [{ name: ${JSON.stringify(name)}, create: () => ({ name: ${JSON.stringify(name)}, accept: () => ${accepts}, build: async () => ({ kind: 'x', location: '/', metadata: {} }) }) }],
} };\n`;
}

beforeAll(async () => {
  tree = await createFixtureTree('hop3-manifest-');
  const nm = 'lazy/node_modules';
  await tree.addPackage(nm, { name: 'hop3-plugin-lazy-builder', hop3: { apiVersion: 1, provides: { builder: ['ruby'] } }, coreRange: '^0.1.0', hooks: { getBuilders: ['ruby'] } });
  await tree.addPackage(nm, {
    name: 'hop3-plugin-lazy-deployer',
    hop3: { apiVersion: 1, provides: { deployer: ['ruby-run'], service: ['ruby-daemon'] } },
    coreRange: '^0.1.0',
    hooks: { getDeployers: ['ruby-run'], getServices: ['ruby-daemon'] },
  });
  await tree.addPackage(nm, { name: 'hop3-plugin-eager', coreRange: '^0.1.0', hooks: { getAddons: ['mysql'] } });
  await tree.addPackage(nm, {
    name: 'hop3-plugin-liar',
    hop3: { apiVersion: 1, provides: { deployer: ['promised'] } },
    coreRange: '^0.1.0',
    hooks: { getDeployers: ['actual'] },
  });
});

afterAll(async () => {
  await tree.cleanup();
});

describe('plugins with a manifest (package.json "hop3.provides")', () => {
  it('are listed from the manifest and imported only when one of their strategies is used', async () => {
    const { imported, importModule } = recordingImport();
    const { manager, report } = await loadPlugins({ cwd: tree.path('lazy'), coreVersion: CORE, importModule });
    expect(imported).toEqual(['hop3-plugin-eager']); // no manifest: imported at load, as before
    expect(report.loaded.map((p) => [p.name, p.imported])).toEqual([
      ['hop3-plugin-eager', true],
      ['hop3-plugin-lazy-builder', false],
      ['hop3-plugin-lazy-deployer', false],
      ['hop3-plugin-liar', false],
    ]);
    expect(report.loaded.find((p) => p.name === 'hop3-plugin-lazy-deployer')!.strategies).toMatchObject({ deployer: ['ruby-run'], service: ['ruby-daemon'] });
    expect((await manager.listStrategyNames()).deployer).toEqual(['promised', 'ruby-run']);
    expect(imported).toEqual(['hop3-plugin-eager']);

    const deployer = await manager.getStrategy('deployer', 'ruby-run');
    expect(deployer.plugin).toBe('hop3-plugin-lazy-deployer');
    expect(imported).toEqual(['hop3-plugin-eager', 'hop3-plugin-lazy-deployer']);
    expect((await manager.getServices()).map((s) => s.name)).toEqual(['ruby-daemon']);
    expect(imported).toEqual(['hop3-plugin-eager', 'hop3-plugin-lazy-deployer']);
    expect((await manager.getStrategies('builder')).map((s) => s.name)).toEqual(['ruby']);
    expect(imported).toContain('hop3-plugin-lazy-builder');
  });

  it('fail with HOP3_PLUGIN_MANIFEST_MISMATCH when the module provides other names than declared', async () => {
    const { manager } = await loadPlugins({ cwd: tree.path('lazy'), coreVersion: CORE });
    await expect(manager.getStrategy('deployer', 'promised')).rejects.toMatchObject({
      code: 'HOP3_PLUGIN_MANIFEST_MISMATCH',
      message: expect.stringContaining('declares deployer "promised" but getDeployers does not return it'),
    });
    const { report } = await loadPlugins({ cwd: tree.path('lazy'), coreVersion: CORE, importAll: true });
    expect(report.failed).toEqual([
      expect.objectContaining({ name: 'hop3-plugin-liar', phase: 'validate', error: expect.objectContaining({ code: 'HOP3_PLUGIN_MANIFEST_MISMATCH' }) }),
    ]);
    expect(report.loaded.every((p) => p.imported)).toBe(true);
  });
});

describe("the loader's messages for a publisher's slips", () => {
  let slips: FixtureTree;
  beforeAll(async () => {
    slips = await createFixtureTree('hop3-slips-');
    const nm = 'node_modules';
    await slips.addPackage(nm, { name: 'hop3-plugin-typo', hop3: { apiVerison: 1 }, coreRange: '^0.1.0' });
    await slips.addPackage(nm, { name: 'hop3-plugin-string', hop3: { apiVersion: '1' }, coreRange: '^0.1.0' });
    await slips.addPackage(nm, { name: 'hop3-plugin-no-peer', hooks: { getBuilders: ['no-peer'] } });
    await slips.addPackage(nm, { name: 'hop3-plugin-hyphen', coreRange: '0.1.0 - 1.0.0', hooks: { getBuilders: ['hyphen'] } });
    await slips.addPackage(nm, { name: 'hop3-plugin-bad-kind', hop3: { apiVersion: 1, provides: { builders: ['x'] } }, coreRange: '^0.1.0' });
  });
  afterAll(async () => {
    await slips.cleanup();
  });

  it('suggests "apiVersion" for hop3.apiVerison, asks for a number for "1", warns on a missing peer range, accepts a hyphen range', async () => {
    const { report } = await loadPlugins({ cwd: slips.root, coreVersion: CORE });
    const skipped = Object.fromEntries(report.skipped.map((s) => [s.name, s.reason]));
    expect(skipped['hop3-plugin-typo']).toBe('package.json has "hop3.apiVerison" but no "hop3.apiVersion": did you mean "apiVersion"? Write "hop3": { "apiVersion": 1 }');
    expect(skipped['hop3-plugin-string']).toBe('package.json "hop3.apiVersion" is the string "1": write the number 1, without quotes');
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        { name: 'hop3-plugin-typo', path: slips.path('node_modules', 'hop3-plugin-typo'), message: 'package.json has the unknown key "hop3.apiVerison": did you mean "hop3.apiVersion"?' },
        expect.objectContaining({ name: 'hop3-plugin-no-peer', message: expect.stringContaining('declares no peerDependencies["@hop3/core"]') }),
      ]),
    );
    expect(report.loaded.map((p) => p.name)).toEqual(['hop3-plugin-hyphen', 'hop3-plugin-no-peer']);
    expect(report.failed).toEqual([
      expect.objectContaining({ name: 'hop3-plugin-bad-kind', phase: 'metadata', error: expect.objectContaining({ message: expect.stringContaining('unknown kind "builders" (did you mean "builder"?)') }) }),
    ]);
  });
});

describe('two plugins providing the same strategy name', () => {
  let pair: FixtureTree;
  const runtime = { layout: {}, env: {}, log: { info() {}, warn() {}, debug() {} } } as unknown as StrategyRuntime;
  const context = (builder?: string) => ({ appName: 'blog', sourcePath: '/nonexistent', appConfig: { build: { builder } } }) as unknown as DeploymentContext;

  beforeAll(async () => {
    pair = await createFixtureTree('hop3-conflict-');
    const nm = 'node_modules';
    const manifest = (names: string[]) => ({ apiVersion: 1, provides: { builder: names } });
    await pair.addPackage(nm, { name: 'hop3-plugin-a', hop3: manifest(['python']), files: { 'index.js': builderModule('hop3-plugin-a', 'python', true) } });
    await pair.addPackage(nm, { name: 'hop3-plugin-b', hop3: manifest(['python']), files: { 'index.js': builderModule('hop3-plugin-b', 'python', true) } });
    await pair.addPackage(nm, { name: 'hop3-plugin-c', hop3: manifest(['ruby']), files: { 'index.js': builderModule('hop3-plugin-c', 'ruby', true) } });
    await pair.addPackage(nm, { name: 'hop3-plugin-d', hop3: manifest(['go']), files: { 'index.js': builderModule('hop3-plugin-d', 'go', false) } });
  });
  afterAll(async () => {
    await pair.cleanup();
  });

  it('is found without importing either, and blocks only uses of that name, with both ways out', async () => {
    const { imported, importModule } = recordingImport();
    const { manager, report } = await loadPlugins({ cwd: pair.root, coreVersion: CORE, importModule });
    expect(imported).toEqual([]);
    expect(report.conflicts).toEqual([expect.objectContaining({ kind: 'builder', name: 'python', plugins: ['hop3-plugin-a', 'hop3-plugin-b'] })]);
    const message = report.conflicts[0]!.message;
    expect(message).toContain('"hop3-plugin-a" and "hop3-plugin-b" both provide the builder "python"');
    expect(message).toContain('hop3 plugins disable hop3-plugin-b');
    expect(message).toContain('hop3 plugins prefer builder:python hop3-plugin-a');

    await expect(manager.getStrategy('builder', 'python')).rejects.toMatchObject({ code: 'HOP3_PLUGIN_CONFLICT' });
    expect((await manager.getStrategy('builder', 'ruby')).plugin).toBe('hop3-plugin-c');
    const ruby = await selectBuilder(manager, context('ruby'), runtime);
    expect((ruby as { name?: string }).name).toBe('ruby');
    // Automatic selection refuses only when its choice would fall on the conflicted name.
    await expect(selectBuilder(manager, context(), runtime)).rejects.toMatchObject({ code: 'HOP3_PLUGIN_CONFLICT' });
  });

  it('lets automatic selection choose another builder that comes first', async () => {
    const { manager } = await loadPlugins({ cwd: pair.root, coreVersion: CORE, plugins: [pair.path('node_modules', 'hop3-plugin-c')] });
    const chosen = await selectBuilder(manager, context(), runtime);
    expect((chosen as { name?: string }).name).toBe('ruby');
  });

  it('is resolved by a preference (either way) or by denying one', async () => {
    for (const winner of ['hop3-plugin-a', 'hop3-plugin-b']) {
      const { manager, report } = await loadPlugins({ cwd: pair.root, coreVersion: CORE, prefer: { 'builder:python': winner } });
      expect(report.conflicts).toEqual([]);
      expect((await manager.getStrategy('builder', 'python')).plugin).toBe(winner);
      expect((await manager.getStrategies('builder')).filter((s) => s.name === 'python').map((s) => s.plugin)).toEqual([winner]);
    }
    const { manager, report } = await loadPlugins({ cwd: pair.root, coreVersion: CORE, deny: ['hop3-plugin-a'] });
    expect(report.conflicts).toEqual([]);
    expect((await manager.getStrategy('builder', 'python')).plugin).toBe('hop3-plugin-b');
  });

  it('names the plugins that failed or were skipped when no strategy fits', async () => {
    const broken = await createFixtureTree('hop3-broken-');
    try {
      await broken.addPackage('node_modules', { name: 'hop3-plugin-go', hop3: { apiVersion: 1, provides: { builder: ['go'] } }, files: { 'index.js': builderModule('hop3-plugin-go', 'go', false) } });
      await broken.addPackage('node_modules', { name: 'hop3-plugin-rust', files: { 'index.js': 'throw new Error("rust plugin is broken");\n' } });
      await broken.addPackage('node_modules', { name: 'hop3-plugin-zig', hop3: { apiVersion: 2 } });
      const { manager } = await loadPlugins({ cwd: broken.root, coreVersion: CORE });
      const error = (await selectBuilder(manager, context(), runtime).catch((caught: unknown) => caught)) as Error;
      expect(error).toMatchObject({ code: 'HOP3_NO_STRATEGY' });
      expect(error.message).toContain('Plugins that failed to load: hop3-plugin-rust (importing');
      expect(error.message).toContain('Plugins skipped: hop3-plugin-zig (plugin API version 2');
      await expect(manager.getStrategy('builder', 'rust')).rejects.toMatchObject({ message: expect.stringContaining('Plugins that failed to load: hop3-plugin-rust') });
    } finally {
      await broken.cleanup();
    }
  });
});

