// End to end: `hop3 plugins install|uninstall|disable|enable|prefer` with the built binary and the
// real npm, against real plugin packages written into a temp dir outside the repo (installed from
// a path and from a tarball made by `npm pack`), and the plugin set seen from any directory.
import { execFileSync } from 'node:child_process';
import { cp, lstat, mkdir, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHop3 } from './support/hop3-runner.js';
import { requirePrograms } from './support/programs.js';
import { createPrivateHop3, type PrivateHop3 } from './support/private-hop3.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/python-wsgi', import.meta.url));
const HOST_CORE = fileURLToPath(new URL('../../core', import.meta.url));
const PEER = { '@hop3/core': '>=0.1.0 <1' };

let hop3: PrivateHop3;
let packages: string;

async function writePackage(dir: string, packageJson: Record<string, unknown>, index: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ version: '1.0.0', type: 'module', main: 'index.js', ...packageJson }, null, 2));
  await writeFile(join(dir, 'index.js'), index);
  return dir;
}

/** A builder named `python` (the first-party builder's name) whose build says it was used. */
const PYFAKE = `import { definePlugin } from '@hop3/core';
export default definePlugin({ name: 'hop3-plugin-pyfake', apiVersion: 1, hooks: {
  getBuilders: () => [{ name: 'python', create: () => ({ name: 'python', accept: () => true, build: () => { throw new Error('the pyfake builder was used'); } }) }],
} });
`;

/** A builder and deployer for dirs holding bg.txt: no process, the state is a file in the app's data dir. */
const BG = `import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { definePlugin } from '@hop3/core';
const marker = (context) => join(context.app.paths.data, 'bg-running');
export default definePlugin({ name: 'hop3-plugin-bg', apiVersion: 1, hooks: {
  getBuilders: () => [{ name: 'bg', create: (context) => ({ name: 'bg', accept: () => existsSync(join(context.sourcePath, 'bg.txt')), build: () => ({ kind: 'bg', location: context.sourcePath, metadata: {} }) }) }],
  getDeployers: () => [{ name: 'bg', create: (context, artifact) => ({
    name: 'bg', context, artifact, accept: () => artifact.kind === 'bg',
    deploy: () => { writeFileSync(marker(context), 'yes'); return { protocol: 'tcp', address: '127.0.0.1', port: null }; },
    scale: () => {}, stop: () => rmSync(marker(context), { force: true }), destroy: () => rmSync(marker(context), { force: true }),
    checkStatus: () => existsSync(marker(context)),
    getStatus: () => ({ running: existsSync(marker(context)), processes: {} }),
  }) }],
} });
`;

beforeAll(async () => {
  requirePrograms('npm', 'nginx', 'uwsgi', 'python3');
  hop3 = await createPrivateHop3({ name: 'plugins' });
  packages = join(hop3.work, 'packages');
  const manifest = (provides: Record<string, string[]>) => ({ apiVersion: 1, provides });
  await writePackage(join(packages, 'pyfake'), { name: 'hop3-plugin-pyfake', hop3: manifest({ builder: ['python'] }), peerDependencies: PEER }, PYFAKE);
  await writePackage(join(packages, 'bg'), { name: 'hop3-plugin-bg', hop3: manifest({ builder: ['bg'], deployer: ['bg'] }), peerDependencies: PEER }, BG);
  await writePackage(join(packages, 'string-api'), { name: 'hop3-plugin-string-api', hop3: { apiVersion: '1' }, peerDependencies: PEER }, 'export default {};\n');
  // A plugin that brings its own copy of @hop3/core (a dependency, not a peer).
  await writePackage(join(packages, 'fake-core'), { name: '@hop3/core', version: '0.1.0' }, 'export const definePlugin = (p) => p;\n');
  await writePackage(
    join(packages, 'own-core'),
    { name: 'hop3-plugin-own-core', hop3: manifest({ addon: ['own'] }), dependencies: { '@hop3/core': `file:${join(packages, 'fake-core')}` } },
    "export default { name: 'hop3-plugin-own-core', apiVersion: 1, hooks: { getAddons: () => [{ name: 'own', create: () => ({}) }] } };\n",
  );
  // One that ships a copy of @hop3/core below its entry module (dist/node_modules), a peer on paper.
  await writePackage(
    join(packages, 'bundled-core'),
    { name: 'hop3-plugin-bundled-core', main: 'dist/index.js', hop3: manifest({ addon: ['bundled'] }), peerDependencies: { '@hop3/core': '>=0.1.0 <1' } },
    '',
  );
  await writePackage(join(packages, 'bundled-core', 'dist'), { name: 'dist-not-a-package', main: 'index.js' }, "import { definePlugin } from '@hop3/core';\nexport default definePlugin({ name: 'hop3-plugin-bundled-core', apiVersion: 1, hooks: { getAddons: () => [{ name: 'bundled', create: () => ({}) }] } });\n");
  await rm(join(packages, 'bundled-core', 'dist', 'package.json'));
  await rm(join(packages, 'bundled-core', 'index.js'));
  await writePackage(join(packages, 'bundled-core', 'dist', 'node_modules', '@hop3', 'core'), { name: '@hop3/core', version: '0.1.0' }, 'export const definePlugin = (p) => p;\n');
  execFileSync('npm', ['pack', '--silent', '--pack-destination', packages], { cwd: join(packages, 'pyfake'), stdio: 'ignore' });
});

afterAll(() => hop3?.close());

type PluginsJson = {
  plugins: { name: string; path: string; source: string; strategies: Record<string, string[]> }[];
  conflicts: { kind: string; name: string; plugins: string[]; message: string }[];
  skipped: { name: string; reason: string }[];
  failed: { name: string }[];
  disabled: string[];
  prefer: Record<string, string>;
};

async function folderListing(): Promise<string> {
  const project = join(hop3.root, 'plugins', 'installed');
  const names = await readdir(join(project, 'node_modules')).catch(() => []);
  return `${await readFile(join(project, 'package.json'), 'utf8').catch(() => '(none)')}\n${names.sort().join(',')}`;
}

describe('hop3 plugins install / uninstall (real npm)', () => {
  it('installs a plugin from a path as a copy that sees the host core, and every command finds it from any directory', async () => {
    const installed = await hop3.run(['plugins', 'install', join(packages, 'bg'), '--json']);
    expect(installed.code, installed.stderr).toBe(0);
    const result = installed.json<{ name: string; path: string; strategies: Record<string, string[]> }>();
    expect(result).toMatchObject({ name: 'hop3-plugin-bg', path: join(hop3.root, 'plugins', 'installed', 'node_modules', 'hop3-plugin-bg') });
    expect(result.strategies).toMatchObject({ builder: ['bg'], deployer: ['bg'] });
    expect((await lstat(result.path)).isSymbolicLink()).toBe(false);
    // The plugin's `import '@hop3/core'` reaches the core the host runs, not a copy.
    const resolved = createRequire(join(result.path, 'package.json')).resolve('@hop3/core/package.json');
    expect(await realpath(dirname(resolved))).toBe(await realpath(HOST_CORE));

    const elsewhere = join(hop3.work, 'elsewhere');
    await mkdir(elsewhere, { recursive: true });
    const listed = (await runIn(elsewhere, ['plugins', '--json'])).json<PluginsJson>();
    expect(listed.plugins.find((p) => p.name === 'hop3-plugin-bg')).toMatchObject({ source: 'discovered', path: result.path });
  });

  it('refuses an incompatible plugin with the reason and leaves the plugin folder as it was', async () => {
    const before = await folderListing();
    const refused = await hop3.run(['plugins', 'install', join(packages, 'string-api'), '--json']);
    expect(refused.code).toBe(2);
    expect(refused.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'HOP3_PLUGIN_REFUSED',
      message: expect.stringContaining('"hop3.apiVersion" is the string "1": write the number 1'),
    });
    const secondCore = await hop3.run(['plugins', 'install', join(packages, 'own-core'), '--json']);
    expect(secondCore.code).toBe(2);
    expect(secondCore.json<{ error: { message: string } }>().error.message).toContain('would load a second @hop3/core');
    const bundledCore = await hop3.run(['plugins', 'install', join(packages, 'bundled-core'), '--json']);
    expect(bundledCore.code, bundledCore.stdout).toBe(2);
    expect(bundledCore.json<{ error: { message: string } }>().error.message).toMatch(/carries its own @hop3\/core \(.*dist\/node_modules\/@hop3\/core\)/);
    const bareName = await runIn(packages, ['plugins', 'install', 'pyfake', '--json']);
    expect(bareName.code).toBe(2);
    expect(bareName.json<{ error: { message: string } }>().error.message).toContain('write ./pyfake to install the directory');
    const missing = await hop3.run(['plugins', 'install', './no-such-dir', '--json']);
    expect(missing.json<{ error: { code: string } }>().error.code).toBe('HOP3_INVALID_INPUT');
    expect(await folderListing()).toBe(before);
    expect((await readdir(join(hop3.root, 'plugins'))).filter((entry) => entry.startsWith('.'))).toEqual([]);
  });

  it('installs from a tarball made by npm pack, and uninstalls', async () => {
    const tarball = (await readdir(packages)).find((file) => file.endsWith('.tgz'))!;
    const installed = await hop3.run(['plugins', 'install', join(packages, tarball)]);
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toContain('Installed hop3-plugin-pyfake@1.0.0');
    const uninstalled = await hop3.run(['plugins', 'uninstall', 'hop3-plugin-pyfake']);
    expect(uninstalled.code, uninstalled.stderr).toBe(0);
    expect((await hop3.run(['plugins', '--json'])).json<PluginsJson>().plugins.map((p) => p.name)).not.toContain('hop3-plugin-pyfake');
    const again = await hop3.run(['plugins', 'uninstall', 'hop3-plugin-pyfake', '--json']);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('HOP3_PLUGIN_NOT_INSTALLED');
  });
});

describe('a plugin providing the first-party builder name "python"', () => {
  beforeAll(async () => {
    const installed = await hop3.run(['plugins', 'install', join(packages, 'pyfake')]);
    expect(installed.code, installed.stderr).toBe(0);
  });

  it('is a conflict reported by `hop3 plugins` that blocks only python builds', async () => {
    const listed = (await hop3.run(['plugins', '--json'])).json<PluginsJson>();
    expect(listed.conflicts).toEqual([expect.objectContaining({ kind: 'builder', name: 'python', plugins: ['hop3-plugin-builder-python', 'hop3-plugin-pyfake'] })]);
    const blocked = await hop3.run(['deploy', EXAMPLE, '--app', 'py', '--json']);
    expect(blocked.code).not.toBe(0);
    const error = blocked.json<{ error: { code: string; message: string } }>().error;
    expect(error.code).toBe('HOP3_PLUGIN_CONFLICT');
    expect(error.message).toContain('hop3 plugins disable');
    expect(error.message).toContain('hop3 plugins prefer builder:python');
    // Another app's builder is not blocked.
    const site = join(hop3.work, 'bg-site');
    await mkdir(site, { recursive: true });
    await writeFile(join(site, 'bg.txt'), 'hello');
    const bg = await hop3.run(['deploy', site, '--app', 'bg', '--json']);
    expect(bg.code, bg.stderr).toBe(0);
    expect((await hop3.run(['status', 'bg', '--json'])).json<{ running: boolean }>().running).toBe(true);

    // Its plugin cannot leave the plugin set while the app uses it: nothing is changed.
    for (const action of ['uninstall', 'disable']) {
      const refused = await hop3.run(['plugins', action, 'hop3-plugin-bg', '--json']);
      expect(refused.code).toBe(2);
      expect(refused.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'HOP3_PLUGIN_IN_USE', message: expect.stringContaining('apps bg') });
    }
    expect((await hop3.run(['plugins', '--json'])).json<PluginsJson>().disabled).toEqual([]);
    expect((await hop3.run(['status', 'bg', '--json'])).code).toBe(0);
  });

  it('is resolved by preferring the third-party plugin', async () => {
    expect((await hop3.run(['plugins', 'prefer', 'builder:python', 'hop3-plugin-pyfake'])).code).toBe(0);
    const listed = (await hop3.run(['plugins', '--json'])).json<PluginsJson>();
    expect(listed.conflicts).toEqual([]);
    expect(listed.prefer).toEqual({ 'builder:python': 'hop3-plugin-pyfake' });
    const deployed = await hop3.run(['deploy', EXAMPLE, '--app', 'py', '--json']);
    expect(deployed.json<{ error: { message: string } }>().error.message).toContain('the pyfake builder was used');
  });

  it('is resolved by preferring the first-party builder (a real deploy), or by disabling the other plugin', async () => {
    expect((await hop3.run(['plugins', 'prefer', 'builder:python', 'hop3-plugin-builder-python'])).code).toBe(0);
    const deployed = await hop3.run(['deploy', EXAMPLE, '--app', 'py', '--json']);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect((await hop3.get('py.localhost')).body).toContain('Hello from Hop3!');

    expect((await hop3.run(['plugins', 'prefer', 'builder:python', '--clear'])).code).toBe(0);
    expect((await hop3.run(['plugins', '--json'])).json<PluginsJson>().conflicts).toHaveLength(1);
    expect((await hop3.run(['plugins', 'disable', 'hop3-plugin-pyfake'])).code).toBe(0);
    const disabled = (await hop3.run(['plugins', '--json'])).json<PluginsJson>();
    expect(disabled.conflicts).toEqual([]);
    expect(disabled.disabled).toEqual(['hop3-plugin-pyfake']);
    expect(disabled.skipped).toEqual([expect.objectContaining({ name: 'hop3-plugin-pyfake', reason: "in the host's deny list" })]);
    const settings = JSON.parse(await readFile(join(hop3.root, 'settings.json'), 'utf8')) as { plugins: { disabled: string[] } };
    expect(settings.plugins.disabled).toEqual(['hop3-plugin-pyfake']);

    expect((await hop3.run(['plugins', 'enable', 'hop3-plugin-pyfake'])).code).toBe(0);
    expect((await hop3.run(['plugins', '--json'])).json<PluginsJson>().conflicts).toHaveLength(1);
    const typo = await hop3.run(['plugins', 'disable', 'hop3-plugin-pyfak', '--json']);
    expect(typo.json<{ error: { code: string } }>().error.code).toBe('HOP3_UNKNOWN_PLUGIN');
    expect((await hop3.run(['plugins', 'uninstall', 'hop3-plugin-pyfake'])).code).toBe(0);
  });
});

describe('the plugin set does not depend on the current directory', () => {
  it('deploys with a plugin installed only in the app directory, then answers status from elsewhere', async () => {
    expect((await hop3.run(['destroy', 'bg', '--yes'])).code).toBe(0);
    expect((await hop3.run(['plugins', 'uninstall', 'hop3-plugin-bg'])).code).toBe(0);
    const site = join(hop3.work, 'local-site');
    await mkdir(join(site, 'node_modules'), { recursive: true });
    await writeFile(join(site, 'bg.txt'), 'hello');
    await cp(join(packages, 'bg'), join(site, 'node_modules', 'hop3-plugin-bg'), { recursive: true });
    // The app directory's own core, linked as npm workspaces do.
    await mkdir(join(site, 'node_modules', '@hop3'), { recursive: true });
    await symlink(HOST_CORE, join(site, 'node_modules', '@hop3', 'core'), 'dir');

    const fromSite = { HOP3_DISCOVER: '1' };
    const deployed = await runIn(site, ['deploy', '.', '--app', 'local', '--json'], fromSite);
    expect(deployed.code, deployed.stderr).toBe(0);
    // From the private hop3's work dir, where no node_modules holds the plugin.
    const status = await hop3.run(['status', 'local', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.json<{ running: boolean; runtime: string }>()).toMatchObject({ running: true, runtime: 'bg' });
  });
});

/** Run hop3 with `cwd` as its working directory (the private hop3 runs in its work dir). */
function runIn(cwd: string, args: string[], env: Record<string, string> = {}) {
  return runHop3(args, { cwd, env: { ...hop3.env, ...env } });
}
