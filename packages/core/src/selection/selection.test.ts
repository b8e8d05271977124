import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appConfigSchema } from '../data/app-config.js';
import type { BuildArtifact, DeploymentContext } from '../data/deployment.js';
import type { StrategyRuntime } from '../protocols/common.js';
import { definePlugin, type Hop3Hooks } from '../plugins/define-plugin.js';
import { PluginManager } from '../plugins/plugin-manager.js';
import { createAddon } from './create-addon.js';
import { createProxy } from './create-proxy.js';
import { detectOS } from './detect-os.js';
import { getDeployerByName, preflightDeployers, selectDeployer } from './select-deployer.js';
import { selectBuilder } from './select-builder.js';

const runtime = { env: {}, log: { info() {}, warn() {}, debug() {} } } as unknown as StrategyRuntime;
let sourcePath: string;

beforeAll(async () => {
  sourcePath = await mkdtemp(join(tmpdir(), 'hop3-select-'));
  await writeFile(join(sourcePath, 'Procfile'), 'web: python app.py\n');
});
afterAll(async () => {
  await rm(sourcePath, { recursive: true, force: true });
});

function context(build: Record<string, unknown> = {}, run: Record<string, unknown> = {}): DeploymentContext {
  return { appName: 'myapp', sourcePath, appConfig: appConfigSchema.parse({ build, run }) };
}

/** A builder-like strategy whose accept() answers `accepts` (or throws when it is an Error). */
function acceptor(name: string, accepts: boolean | Error, reason?: string) {
  return {
    name,
    create: (...args: unknown[]) => ({
      name,
      args,
      rejectionReason: undefined as string | undefined,
      accept() {
        if (accepts instanceof Error) throw accepts;
        if (!accepts) this.rejectionReason = reason;
        return accepts;
      },
      detect: () => {
        if (accepts instanceof Error) throw accepts;
        return accepts;
      },
    }),
  };
}

function managerWith(...plugins: [string, Hop3Hooks][]): PluginManager {
  const manager = new PluginManager();
  for (const [name, hooks] of plugins) manager.register(definePlugin({ name, apiVersion: 1, hooks }));
  return manager;
}

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}

describe('selectBuilder', () => {
  const hooks = (list: ReturnType<typeof acceptor>[]): Hop3Hooks => ({ getBuilders: () => list as never });

  it('returns the first builder whose accept() is true, in plugin order', async () => {
    const manager = managerWith(['p1', hooks([acceptor('node', false, 'no package.json')])], ['p2', hooks([acceptor('python', true), acceptor('static', true)])]);
    const builder = await selectBuilder(manager, context(), runtime);
    expect(builder.name).toBe('python');
  });

  it('lets [build] builder win, and lists the available builders when it is unknown', async () => {
    const manager = managerWith(['p1', hooks([acceptor('python', true), acceptor('static', false)])]);
    expect((await selectBuilder(manager, context({ builder: 'static' }), runtime)).name).toBe('static');
    expect((await selectBuilder(manager, context({ builder: 'auto' }), runtime)).name).toBe('python');
    const error = await rejection(selectBuilder(manager, context({ builder: 'docker' }), runtime));
    expect(error.code).toBe('HOP3_UNKNOWN_STRATEGY');
    expect(error.message).toBe(
      'Unknown builder "docker". Available builders: python, static.\nIt is set by [build] builder in hop3.toml: use one of these names, or "auto".',
    );
  });

  it('explains every rejection, the files looked for and the source path when none accepts', async () => {
    const manager = managerWith(
      ['hop3-plugin-builder-node', hooks([acceptor('node', false, 'no package.json in the app')])],
      ['hop3-plugin-builder-python', hooks([acceptor('python', new Error('disk on fire')), acceptor('go', false)])],
    );
    const error = await rejection(selectBuilder(manager, context(), runtime));
    expect(error.code).toBe('HOP3_NO_STRATEGY');
    expect(error.message).toContain(`Could not find a builder for app "myapp" (source: ${sourcePath}).`);
    expect(error.message).toContain('Files looked for: hop3.toml, Procfile, requirements.txt');
    expect(error.message).toContain('(found: Procfile)');
    expect(error.message).toContain('  - node (hop3-plugin-builder-node): no package.json in the app');
    expect(error.message).toContain('  - python (hop3-plugin-builder-python): accept() threw: disk on fire');
    expect(error.message).toContain('  - go (hop3-plugin-builder-python): accept() returned false');
  });

  it('says no builder is loaded when there is none', async () => {
    const error = await rejection(selectBuilder(new PluginManager(), context(), runtime));
    expect(error.message).toContain('No builder plugin is loaded.');
  });

  it('refuses to pick when two plugins provide the same builder name', async () => {
    const manager = managerWith(['a', hooks([acceptor('python', true)])], ['b', hooks([acceptor('python', true)])]);
    const error = await rejection(selectBuilder(manager, context(), runtime));
    expect(error.code).toBe('HOP3_PLUGIN_CONFLICT');
    expect(error.message).toContain('"a" and "b" both provide the builder "python"');
  });
});

describe('deployers', () => {
  const artifact: BuildArtifact = { kind: 'virtualenv', location: '/tmp/venv', metadata: {} };
  const hooks = (list: ReturnType<typeof acceptor>[]): Hop3Hooks => ({ getDeployers: () => list as never });

  it('selects the first accepting deployer, or the forced one if it accepts, passing context, artifact and runtime', async () => {
    const manager = managerWith(['p', hooks([acceptor('docker-compose', false), acceptor('uwsgi', true), acceptor('acme', true)])]);
    const chosen = (await selectDeployer(manager, context(), artifact, runtime)) as unknown as { name: string; args: unknown[] };
    expect(chosen.name).toBe('uwsgi');
    expect(chosen.args[1]).toBe(artifact);
    expect((await selectDeployer(manager, context(), artifact, runtime, 'acme')).name).toBe('acme');
    const refused = await rejection(selectDeployer(manager, context(), artifact, runtime, 'docker-compose'));
    expect(refused.code).toBe('HOP3_NO_STRATEGY');
    expect(refused.message).toContain('The deployer "docker-compose" does not run artifact kind "virtualenv"');
    expect(refused.message).toContain('The host asks for the deployer "docker-compose".');
  });

  it('names the artifact kind and each deployer reason when none accepts', async () => {
    const manager = managerWith(['hop3-plugin-deployer-uwsgi', hooks([acceptor('uwsgi', false, 'needs a "virtualenv" artifact with a web worker')])]);
    const error = await rejection(selectDeployer(manager, context(), { ...artifact, kind: 'docker-image' }, runtime));
    expect(error.code).toBe('HOP3_NO_STRATEGY');
    expect(error.message).toContain('Could not find a deployer for artifact kind "docker-image" (app "myapp"');
    expect(error.message).toContain('  - uwsgi (hop3-plugin-deployer-uwsgi): needs a "virtualenv" artifact with a web worker');
  });

  it('[run] deployer wins over an earlier deployer that also accepts the artifact', async () => {
    const manager = managerWith(
      ['hop3-plugin-deployer-uwsgi', hooks([acceptor('uwsgi', true)])],
      ['hop3-plugin-acme', hooks([acceptor('acme-wsgi', true)])],
    );
    expect((await selectDeployer(manager, context(), artifact, runtime)).name).toBe('uwsgi');
    expect((await selectDeployer(manager, context({}, { deployer: 'acme-wsgi' }), artifact, runtime)).name).toBe('acme-wsgi');
  });

  it('[run] deployer that no plugin provides lists the loaded deployers and where the name was set', async () => {
    const manager = managerWith(['p', hooks([acceptor('uwsgi', true), acceptor('acme-wsgi', true)])]);
    const error = await rejection(selectDeployer(manager, context({}, { deployer: 'acme-wgsi' }), artifact, runtime));
    expect(error.code).toBe('HOP3_UNKNOWN_STRATEGY');
    expect(error.message).toBe(
      'Unknown deployer "acme-wgsi". Available deployers: acme-wsgi, uwsgi.\nIt is set by [run] deployer in hop3.toml: use one of these names, or "auto".',
    );
  });

  it('[run] deployer that refuses the artifact says why, and does not fall back to another', async () => {
    const manager = managerWith(
      ['hop3-plugin-deployer-uwsgi', hooks([acceptor('uwsgi', true)])],
      ['hop3-plugin-acme', hooks([acceptor('acme-node', false, 'runs "node" artifacts only')])],
    );
    const error = await rejection(selectDeployer(manager, context({}, { deployer: 'acme-node' }), artifact, runtime));
    expect(error.code).toBe('HOP3_NO_STRATEGY');
    expect(error.message).toBe(
      [
        'The deployer "acme-node" does not run artifact kind "virtualenv" (app "myapp", artifact at /tmp/venv):',
        '  - acme-node (hop3-plugin-acme): runs "node" artifacts only',
        'It is set by [run] deployer in hop3.toml: name a deployer that runs this kind of artifact, or "auto" to let deployers choose.',
      ].join('\n'),
    );
    expect(error.details).toMatchObject({ named: 'acme-node', artifactKind: 'virtualenv' });
  });

  it('preflight runs only the [run] deployer (over the recorded one), and refuses an unknown name before the build', async () => {
    const ran: string[] = [];
    const withPreflight = (name: string) => ({ ...acceptor(name, true), preflight: () => void ran.push(name) });
    const manager = managerWith(['p', hooks([withPreflight('uwsgi'), withPreflight('acme-wsgi')] as never)]);
    await preflightDeployers(manager, context(), runtime);
    expect(ran).toEqual(['uwsgi', 'acme-wsgi']);
    ran.length = 0;
    await preflightDeployers(manager, context(), runtime, 'uwsgi');
    expect(ran).toEqual(['uwsgi']);
    ran.length = 0;
    await preflightDeployers(manager, context({}, { deployer: 'acme-wsgi' }), runtime, 'uwsgi');
    expect(ran).toEqual(['acme-wsgi']);
    const error = await rejection(preflightDeployers(manager, context({}, { deployer: 'nope' }), runtime, 'uwsgi'));
    expect(error.code).toBe('HOP3_UNKNOWN_STRATEGY');
    expect(error.message).toContain('It is set by [run] deployer in hop3.toml');
  });

  it('finds the recorded deployer by name, with an unknown artifact when none is given', async () => {
    const manager = managerWith(['p', hooks([acceptor('uwsgi', false)])]);
    const deployer = (await getDeployerByName(manager, 'uwsgi', context(), null, runtime)) as unknown as { args: unknown[] };
    expect(deployer.args[1]).toEqual({ kind: 'unknown', location: sourcePath, metadata: {} });
    const error = await rejection(getDeployerByName(manager, 'docker-compose', context(), null, runtime));
    expect(error.code).toBe('HOP3_UNKNOWN_STRATEGY');
    expect(error.message).toContain('Unknown deployer "docker-compose". Available deployers: uwsgi.');
    expect(error.message).toContain('App "myapp" was deployed with "docker-compose"');
  });
});

describe('addons, proxies and OS', () => {
  it('creates an addon by type and validates its name', async () => {
    const manager = managerWith(['p', { getAddons: () => [acceptor('redis', true)] as never }]);
    const addon = (await createAddon(manager, 'redis', 'cache', runtime)) as unknown as { name: string; args: unknown[] };
    expect(addon.args).toEqual(['cache', runtime]);
    await expect(createAddon(manager, 'redis', 'Bad Name', runtime)).rejects.toMatchObject({ code: 'HOP3_INVALID_INPUT' });
    const error = await rejection(createAddon(manager, 'mysql', 'db', runtime));
    expect(error.message).toContain('Unknown addon "mysql". Available addons: redis.');
  });

  it('creates the configured proxy, nginx by default', async () => {
    const manager = managerWith(['p', { getProxies: () => [acceptor('nginx', true), acceptor('caddy', true)] as never }]);
    const target = { app: {}, env: {}, workers: {}, backend: {} } as never;
    expect((await createProxy(manager, undefined, target, runtime)).name).toBe('nginx');
    expect((await createProxy(manager, 'caddy', target, runtime)).name).toBe('caddy');
    const error = await rejection(createProxy(manager, 'traefik', target, runtime));
    expect(error.message).toContain('Unknown proxy "traefik". Available proxies: caddy, nginx.');
  });

  it('detects the OS with the first strategy whose detect() is true, or lists what was tried', async () => {
    const systems = [acceptor('alpine', false), acceptor('weird', new Error('no /etc/os-release')), acceptor('debian', true)];
    expect((await detectOS(managerWith(['p', { getOSImplementations: () => systems as never }]), runtime)).name).toBe('debian');
    const error = await rejection(detectOS(managerWith(['hop3-plugin-os-alpine', { getOSImplementations: () => systems.slice(0, 2) as never }]), runtime));
    expect(error.code).toBe('HOP3_NO_STRATEGY');
    expect(error.message).toContain('Could not detect a supported operating system.');
    expect(error.message).toContain('  - alpine (hop3-plugin-os-alpine): detect() returned false');
    expect(error.message).toContain('  - weird (hop3-plugin-os-alpine): detect() threw: no /etc/os-release');
  });
});
