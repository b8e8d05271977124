import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureTree, pluginModuleSource, type FixtureTree } from '../test-support/fixture-tree.js';
import { definePlugin } from '../define-plugin.js';
import { loadPlugins } from './load-plugins.js';
import { scanForPlugins } from './scan.js';

const CORE = '0.1.0';
const APP_NM = 'app/node_modules';
let tree: FixtureTree;

beforeAll(async () => {
  tree = await createFixtureTree();
  // A parent directory's node_modules, visible from app/ as Node resolves.
  await tree.addPackage('node_modules', { name: 'hop3-plugin-parent', hooks: { getOSImplementations: ['debian'] } });
  await tree.addPackage('node_modules', { name: 'hop3-plugin-twice', version: '1.0.0', hooks: { getBuilders: ['twice'] } });
  // The app's own node_modules.
  await tree.addPackage(APP_NM, { name: 'hop3-plugin-alpha', coreRange: '^0.1.0', hooks: { getBuilders: ['python'], getServices: ['emperor'] } });
  await tree.addPackage(APP_NM, { name: '@acme/hop3-plugin-beta', hooks: { getDeployers: ['uwsgi'] } });
  await tree.addPackage(APP_NM, { name: '@acme/hop3-plugin', hooks: { getAddons: ['redis'] } });
  await tree.addPackage(APP_NM, { name: 'hop3-plugin-twice', version: '2.0.0', hooks: { getBuilders: ['twice'] } });
  await tree.addPackage(APP_NM, {
    name: 'hop3-plugin-exports',
    packageJson: { exports: { '.': { types: './dist/main.d.ts', '@hop3/source': './src/main.ts', import: './dist/main.js' }, './package.json': './package.json' } },
    files: { 'dist/main.js': pluginModuleSource('hop3-plugin-exports', { getProxies: ['caddy'] }) },
  });
  await tree.addPackageAt('workspace/linked', { name: 'hop3-plugin-linked', hooks: { getProxies: ['nginx'] } });
  await tree.link(APP_NM, 'hop3-plugin-linked', 'workspace/linked');
  // Look-alikes that are not plugin names.
  await tree.addPackage(APP_NM, { name: 'hop3-plugins-util' });
  await tree.addPackage(APP_NM, { name: 'my-hop3-plugin-x' });
  await tree.addPackage(APP_NM, { name: '@acme/not-hop3-plugin' });
  // One plugin-named package per way of failing.
  await tree.addPackage(APP_NM, { name: 'hop3-plugin-lib', hop3: false });
  await tree.addPackage(APP_NM, { name: 'hop3-plugin-malformed', rawPackageJson: '{ "name": "hop3-plugin-malformed", ' });
  await tree.addPackage(APP_NM, { name: 'hop3-plugin-import-throws', files: { 'index.js': 'throw new Error("kaboom at import");\n' } });
  await tree.addPackage(APP_NM, { name: 'hop3-plugin-not-plugin', files: { 'index.js': 'export default { hello: "world" };\n' } });
  await tree.addPackage(APP_NM, { name: 'hop3-plugin-future', hop3: { apiVersion: 2 } });
  await tree.addPackage(APP_NM, { name: 'hop3-plugin-old-core', coreRange: '^2.0.0' });
  await tree.addPackage(APP_NM, { name: 'hop3-plugin-hook-throws', hooks: { getDeployers: ['fine'], getBuilders: 'throw' } });
  await tree.addPackage(APP_NM, { name: 'hop3-plugin-no-entry', packageJson: { main: './dist/index.js' }, files: {} });
});

afterAll(async () => {
  await tree.cleanup();
});

describe('scanForPlugins', () => {
  it('finds unscoped, scoped and symlinked plugin names, nearest node_modules first, and nothing else', async () => {
    const found = await scanForPlugins(tree.path('app'));
    const inApp = found.filter((c) => c.nodeModules === tree.path(APP_NM)).map((c) => c.name);
    expect(inApp).toEqual([
      '@acme/hop3-plugin',
      '@acme/hop3-plugin-beta',
      'hop3-plugin-alpha',
      'hop3-plugin-exports',
      'hop3-plugin-future',
      'hop3-plugin-hook-throws',
      'hop3-plugin-import-throws',
      'hop3-plugin-lib',
      'hop3-plugin-linked',
      'hop3-plugin-malformed',
      'hop3-plugin-no-entry',
      'hop3-plugin-not-plugin',
      'hop3-plugin-old-core',
      'hop3-plugin-twice',
    ]);
    const inParent = found.filter((c) => c.nodeModules === tree.path('node_modules')).map((c) => c.name);
    expect(inParent).toEqual(['hop3-plugin-parent', 'hop3-plugin-twice']);
    expect(found.findIndex((c) => c.nodeModules === tree.path('node_modules'))).toBe(inApp.length);
  });
});

describe('loadPlugins (discovery)', () => {
  it('loads the good plugins and reports every culprit with its phase', async () => {
    const { manager, report } = await loadPlugins({ cwd: tree.path('app'), coreVersion: CORE });

    expect(report.loaded.map((p) => p.name)).toEqual([
      '@acme/hop3-plugin',
      '@acme/hop3-plugin-beta',
      'hop3-plugin-alpha',
      'hop3-plugin-exports',
      'hop3-plugin-linked',
      'hop3-plugin-parent',
      'hop3-plugin-twice',
    ]);
    expect(report.loaded.every((p) => p.source === 'discovered')).toBe(true);
    const alpha = report.loaded.find((p) => p.name === 'hop3-plugin-alpha')!;
    expect(alpha).toMatchObject({ version: '1.0.0', path: tree.path(APP_NM, 'hop3-plugin-alpha') });
    expect(alpha.strategies).toEqual({ builder: ['python'], deployer: [], addon: [], proxy: [], os: [], service: ['emperor'] });
    expect(report.loaded.find((p) => p.name === 'hop3-plugin-linked')!.strategies.proxy).toEqual(['nginx']);
    expect(report.loaded.find((p) => p.name === 'hop3-plugin-exports')!.strategies.proxy).toEqual(['caddy']);

    // Nested copies: the nearest (2.0.0) loads; the other is a reported duplicate with both paths.
    expect(report.loaded.find((p) => p.name === 'hop3-plugin-twice')!.version).toBe('2.0.0');
    expect(report.duplicates).toEqual([
      expect.objectContaining({ name: 'hop3-plugin-twice', paths: [tree.path(APP_NM, 'hop3-plugin-twice'), tree.path('node_modules', 'hop3-plugin-twice')] }),
    ]);

    expect(report.skipped).toEqual([
      { name: 'hop3-plugin-future', path: tree.path(APP_NM, 'hop3-plugin-future'), reason: expect.stringMatching(/plugin API version 2 .* is not supported: @hop3\/core 0\.1\.0 speaks API version 1/) },
      { name: 'hop3-plugin-lib', path: tree.path(APP_NM, 'hop3-plugin-lib'), reason: 'not a hop3 plugin: no "hop3" field in package.json' },
      { name: 'hop3-plugin-old-core', path: tree.path(APP_NM, 'hop3-plugin-old-core'), reason: 'needs @hop3/core ^2.0.0 (peerDependencies), but the running core is 0.1.0' },
    ]);

    const failed = Object.fromEntries(report.failed.map((f) => [f.name, f]));
    expect(Object.keys(failed).sort()).toEqual([
      'hop3-plugin-hook-throws',
      'hop3-plugin-import-throws',
      'hop3-plugin-malformed',
      'hop3-plugin-no-entry',
      'hop3-plugin-not-plugin',
    ]);
    expect(failed['hop3-plugin-malformed']).toMatchObject({ phase: 'metadata', path: tree.path(APP_NM, 'hop3-plugin-malformed'), error: { message: expect.stringContaining('malformed package.json') } });
    expect(failed['hop3-plugin-no-entry']).toMatchObject({ phase: 'resolve', error: { message: expect.stringContaining('no entry point') } });
    expect(failed['hop3-plugin-import-throws']).toMatchObject({ phase: 'import', error: { code: 'HOP3_PLUGIN_LOAD_FAILED', message: expect.stringContaining('kaboom at import') } });
    expect(failed['hop3-plugin-not-plugin']).toMatchObject({ phase: 'validate', error: { code: 'HOP3_INVALID_PLUGIN', message: expect.stringContaining('name: must be a string') } });
    expect(failed['hop3-plugin-hook-throws']).toMatchObject({
      phase: 'hooks',
      error: { code: 'HOP3_PLUGIN_HOOK_FAILED', message: 'Plugin "hop3-plugin-hook-throws": hook getBuilders threw: getBuilders exploded' },
    });

    // A plugin that failed is not registered at all (staged, then committed), not even its good hooks.
    expect(manager.has('hop3-plugin-hook-throws')).toBe(false);
    const names = await manager.listStrategyNames();
    expect(names.deployer).toEqual(['uwsgi']);
    expect(names.builder).toEqual(['python', 'twice']);
    expect(report.conflicts).toEqual([]);
    expect(report.timings.totalMs).toBeGreaterThanOrEqual(report.timings.scanMs);
  });

  it('gives the same report twice in a row', async () => {
    const first = await loadPlugins({ cwd: tree.path('app'), coreVersion: CORE });
    const second = await loadPlugins({ cwd: tree.path('app'), coreVersion: CORE });
    const strip = (r: typeof first.report) => ({ ...r, timings: null, loaded: r.loaded.map((p) => ({ ...p, durationMs: 0 })) });
    expect(strip(second.report)).toEqual(strip(first.report));
  });

  it('applies deny to everything and allow to discovered packages', async () => {
    const { report } = await loadPlugins({
      cwd: tree.path('app'),
      coreVersion: CORE,
      allow: ['hop3-plugin-alpha', 'hop3-plugin-parent'],
      deny: ['hop3-plugin-parent'],
    });
    expect(report.loaded.map((p) => p.name)).toEqual(['hop3-plugin-alpha']);
    expect(report.skipped.find((s) => s.name === 'hop3-plugin-parent')!.reason).toBe("in the host's deny list");
    expect(report.skipped.find((s) => s.name === '@acme/hop3-plugin')!.reason).toBe("not in the host's allow list");
    expect(report.failed).toEqual([]);
  });

  it('reports two plugins providing the same strategy as a conflict', async () => {
    const local = await createFixtureTree();
    try {
      await local.addPackage('node_modules', { name: 'hop3-plugin-py-one', hooks: { getBuilders: ['python'] } });
      await local.addPackage('node_modules', { name: 'hop3-plugin-py-two', hooks: { getBuilders: ['python'] } });
      const { manager, report } = await loadPlugins({ cwd: local.root, coreVersion: CORE });
      expect(report.loaded).toHaveLength(2);
      expect(report.conflicts).toEqual([
        expect.objectContaining({ kind: 'builder', name: 'python', plugins: ['hop3-plugin-py-one', 'hop3-plugin-py-two'], code: 'HOP3_PLUGIN_CONFLICT' }),
      ]);
      await expect(manager.getStrategy('builder', 'python')).rejects.toMatchObject({ code: 'HOP3_PLUGIN_CONFLICT' });
    } finally {
      await local.cleanup();
    }
  });
  it('fails the second package that exports an already registered plugin name (phase register)', async () => {
    const local = await createFixtureTree();
    try {
      await local.addPackage('node_modules', { name: 'hop3-plugin-one', files: { 'index.js': pluginModuleSource('same-name', { getBuilders: ['a'] }) } });
      await local.addPackage('node_modules', { name: 'hop3-plugin-two', files: { 'index.js': pluginModuleSource('same-name', { getBuilders: ['b'] }) } });
      const { report } = await loadPlugins({ cwd: local.root, coreVersion: CORE });
      expect(report.loaded.map((p) => [p.name, p.path])).toEqual([['same-name', local.path('node_modules', 'hop3-plugin-one')]]);
      expect(report.failed).toEqual([
        { name: 'hop3-plugin-two', path: local.path('node_modules', 'hop3-plugin-two'), phase: 'register', error: { code: 'HOP3_DUPLICATE_PLUGIN', message: expect.stringContaining('"same-name" is already registered') } },
      ]);
    } finally {
      await local.cleanup();
    }
  });
});

describe('loadPlugins (explicit plugins)', () => {
  it('registers explicit plugins first, in list order: objects, module paths and package names', async () => {
    await tree.writeFile('app/local-plugin.mjs', pluginModuleSource('local-plugin', { getAddons: ['s3'] }));
    const inline = definePlugin({ name: 'inline-plugin', apiVersion: 1, hooks: { getBuilders: () => [{ name: 'static', create: () => ({}) as never }] } });
    const { manager, report } = await loadPlugins({
      cwd: tree.path('app'),
      coreVersion: CORE,
      discover: false,
      plugins: ['hop3-plugin-parent', inline, './local-plugin.mjs', '../workspace/linked'],
    });
    expect(report.failed).toEqual([]);
    expect(manager.list().map((p) => p.name)).toEqual(['hop3-plugin-parent', 'inline-plugin', 'local-plugin', 'hop3-plugin-linked']);
    expect(report.loaded.map((p) => [p.name, p.source, p.path])).toEqual([
      ['hop3-plugin-parent', 'explicit', tree.path('node_modules', 'hop3-plugin-parent')],
      ['inline-plugin', 'explicit', '<inline>'],
      ['local-plugin', 'explicit', tree.path('app', 'local-plugin.mjs')],
      ['hop3-plugin-linked', 'explicit', tree.path('workspace', 'linked')],
    ]);
  });

  it('lets the explicit copy win over the discovered one, and reads a host package.json list', async () => {
    await tree.writeFile('host/package.json', JSON.stringify({ name: 'my-host', hop3: { plugins: ['../workspace/linked', 'hop3-plugin-missing'] } }));
    const { report } = await loadPlugins({ cwd: tree.path('app'), coreVersion: CORE, hostPackageJson: tree.path('host', 'package.json'), allow: [] });
    expect(report.loaded.map((p) => [p.name, p.source])).toEqual([['hop3-plugin-linked', 'explicit']]);
    // The discovered symlink points at the same real directory: not a duplicate.
    expect(report.duplicates.map((d) => d.name)).toEqual(['hop3-plugin-twice']);
    expect(report.failed).toEqual([
      {
        name: 'hop3-plugin-missing',
        path: 'hop3-plugin-missing',
        phase: 'resolve',
        error: { code: 'HOP3_PLUGIN_NOT_FOUND', message: expect.stringContaining('cannot find the package "hop3-plugin-missing" in node_modules from ' + tree.path('host')) },
      },
    ]);
  });

  it('fails (not skips) an explicitly listed plugin that is incompatible or invalid', async () => {
    const { report } = await loadPlugins({
      cwd: tree.path('app'),
      coreVersion: CORE,
      discover: false,
      plugins: ['hop3-plugin-old-core', { name: 'Bad Name', apiVersion: 1, hooks: {} }],
    });
    expect(report.loaded).toEqual([]);
    expect(report.failed).toEqual([
      { name: 'hop3-plugin-old-core', path: tree.path(APP_NM, 'hop3-plugin-old-core'), phase: 'metadata', error: { code: 'HOP3_INCOMPATIBLE_PLUGIN', message: expect.stringContaining('needs @hop3/core ^2.0.0') } },
      { name: 'Bad Name', path: '<inline>', phase: 'validate', error: { code: 'HOP3_INVALID_PLUGIN', message: expect.stringContaining('must be an npm-style package name') } },
    ]);
  });

  it('rejects a malformed host plugin list as a host configuration error', async () => {
    await tree.writeFile('bad-host/package.json', JSON.stringify({ hop3: { plugins: 'hop3-plugin-x' } }));
    await expect(loadPlugins({ cwd: tree.path('app'), hostPackageJson: tree.path('bad-host', 'package.json') })).rejects.toMatchObject({
      code: 'HOP3_INVALID_INPUT',
      message: expect.stringContaining('"hop3.plugins" must be a list'),
    });
  });
});
