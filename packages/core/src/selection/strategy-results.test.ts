import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appConfigSchema } from '../data/app-config.js';
import type { BuildArtifact, DeploymentContext } from '../data/deployment.js';
import type { StrategyRuntime } from '../protocols/common.js';
import { definePlugin, type Hop3Hooks } from '../plugins/define-plugin.js';
import { PluginManager } from '../plugins/plugin-manager.js';
import { createAddon } from './create-addon.js';
import { getDeployerByName, selectDeployer } from './select-deployer.js';
import { selectBuilder } from './select-builder.js';

// Fake plugins whose strategies return what a test sets: core must check each result where it
// leaves the plugin, and name the plugin, the strategy, the method and the problem.

const runtime = { env: {}, log: { info() {}, warn() {}, debug() {} } } as unknown as StrategyRuntime;
const artifact: BuildArtifact = { kind: 'virtualenv', location: '/tmp/venv', metadata: {} };
let sourcePath: string;

beforeAll(async () => {
  sourcePath = await mkdtemp(join(tmpdir(), 'hop3-results-'));
});
afterAll(async () => {
  await rm(sourcePath, { recursive: true, force: true });
});

function context(): DeploymentContext {
  return { appName: 'myapp', sourcePath, appConfig: appConfigSchema.parse({}) };
}

function managerWith(plugin: string, hooks: Hop3Hooks): PluginManager {
  const manager = new PluginManager();
  manager.register(definePlugin({ name: plugin, apiVersion: 1, hooks }));
  return manager;
}

/** A deployer whose deploy() and getStatus() give `deployed` and `status` (an Error is thrown). */
function fakeDeployer(deployed: unknown, status: unknown = { running: true, processes: { web: 1 } }) {
  return {
    name: 'fake',
    create: (ctx: DeploymentContext, art: BuildArtifact) => ({
      name: 'fake',
      context: ctx,
      artifact: art,
      accept: () => true,
      deploy: async () => {
        if (deployed instanceof Error) throw deployed;
        return deployed;
      },
      getStatus: async () => status,
      scale() {},
      stop() {},
      checkStatus: () => true,
    }),
  };
}

async function deployWith(deployed: unknown) {
  const manager = managerWith('hop3-plugin-fake', { getDeployers: () => [fakeDeployer(deployed)] as never });
  const deployer = await selectDeployer(manager, context(), artifact, runtime);
  return deployer.deploy();
}

async function rejection(promise: unknown): Promise<Error & { code?: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}

describe('strategy results are checked where they leave the plugin', () => {
  it('refuses a DeploymentInfo whose port is not a number, naming plugin, strategy, method and field', async () => {
    const error = await rejection(deployWith({ protocol: 'http', address: '127.0.0.1', port: 'eighty' }));
    expect(error.code).toBe('HOP3_INVALID_STRATEGY_RESULT');
    expect(error.message).toBe(
      'Plugin "hop3-plugin-fake": deployer "fake" deploy() returned an invalid DeploymentInfo:\n  - port: Invalid input: expected number, received string',
    );
    expect(error.details).toEqual({
      plugin: 'hop3-plugin-fake',
      kind: 'deployer',
      strategy: 'fake',
      method: 'deploy',
      problems: ['port: Invalid input: expected number, received string'],
    });
  });

  it('refuses undefined with a coded error instead of a TypeError later', async () => {
    const error = await rejection(deployWith(undefined));
    expect(error.code).toBe('HOP3_INVALID_STRATEGY_RESULT');
    expect(error.message).toContain('deploy() returned an invalid DeploymentInfo:\n  - Invalid input: expected object, received undefined');
  });

  it('keeps the error a method throws, unchanged', async () => {
    const own = Object.assign(new Error('uwsgi would not start'), { code: 'HOP3_PLUGIN_OWN' });
    expect(await rejection(deployWith(own))).toBe(own);
  });

  it('returns a valid result (parsed) and lets the deployer see its own instance', async () => {
    const info = await deployWith({ protocol: 'unix', address: '/run/app.sock', port: null });
    expect(info).toEqual({ protocol: 'unix', address: '/run/app.sock', port: null });
  });

  it('refuses a BuildArtifact without a kind; a sync build() stays sync and gets metadata {}', async () => {
    const builder = (result: unknown) => ({
      name: 'odd',
      create: () => ({ name: 'odd', accept: () => true, build: () => result }),
    });
    const missing = managerWith('hop3-plugin-odd', { getBuilders: () => [builder({ location: '/tmp/out' })] as never });
    const bad = await selectBuilder(missing, context(), runtime);
    const error = await rejection((async () => bad.build())());
    expect(error.code).toBe('HOP3_INVALID_STRATEGY_RESULT');
    expect(error.message).toBe('Plugin "hop3-plugin-odd": builder "odd" build() returned an invalid BuildArtifact:\n  - kind: Invalid input: expected string, received undefined');

    const fine = managerWith('hop3-plugin-odd', { getBuilders: () => [builder({ kind: 'static', location: '/tmp/out' })] as never });
    const built = (await selectBuilder(fine, context(), runtime)).build();
    expect(built).toEqual({ kind: 'static', location: '/tmp/out', metadata: {} });
  });

  it('checks DeployerStatus, its per-worker list included, and keeps a deployer\'s own keys', async () => {
    const statusOf = async (status: unknown) => {
      const manager = managerWith('hop3-plugin-fake', { getDeployers: () => [fakeDeployer(null, status)] as never });
      const deployer = await getDeployerByName(manager, 'fake', context(), artifact, runtime);
      return deployer.getStatus!();
    };
    const good = { running: true, processes: { web: 2 }, generation: 4, workers: [{ kind: 'web', ordinal: 1, state: 'up', pids: [10] }] };
    expect(await statusOf(good)).toEqual(good);
    const error = await rejection(statusOf({ running: 'yes', processes: { web: 1 }, workers: [{ kind: 'web', ordinal: 1, state: 'sleepy' }] }));
    expect(error.code).toBe('HOP3_INVALID_STRATEGY_RESULT');
    expect(error.message).toContain('deployer "fake" getStatus() returned an invalid DeployerStatus:');
    expect(error.message).toContain('  - running: Invalid input: expected boolean, received string');
    expect(error.message).toContain('  - workers.0.state: Invalid option: expected one of');
  });

  it('names the connection-detail field that is wrong, never a value', async () => {
    const secret = 'postgres://shop:s3cret-pass@127.0.0.1:5433/shop';
    const manager = managerWith('hop3-plugin-pg', {
      getAddons: () =>
        [
          {
            name: 'pg',
            create: (addonName: string) => ({ name: 'pg', addonName, getConnectionDetails: async () => ({ DATABASE_URL: secret, PGPORT: 5433 }), info: () => 'up' }),
          },
        ] as never,
    });
    const addon = await createAddon(manager, 'pg', 'shop', runtime);
    const error = await rejection(addon.getConnectionDetails());
    expect(error.code).toBe('HOP3_INVALID_STRATEGY_RESULT');
    expect(error.message).toBe('Plugin "hop3-plugin-pg": addon "pg" getConnectionDetails() returned an invalid connection details object:\n  - PGPORT: must be a string');
    const everything = JSON.stringify({ message: error.message, details: error.details, cause: error.cause });
    expect(everything).not.toContain('s3cret');
    expect(everything).not.toContain('5433');
    expect((await rejection((async () => addon.info())())).message).toContain('addon "pg" info() returned an invalid info object:\n  - must be an object');
  });

  it('refuses a create() that returns no object', async () => {
    const manager = managerWith('hop3-plugin-empty', { getDeployers: () => [{ name: 'empty', create: () => undefined }] as never });
    const error = await rejection(getDeployerByName(manager, 'empty', context(), artifact, runtime));
    expect(error.code).toBe('HOP3_INVALID_STRATEGY_RESULT');
    expect(error.message).toBe('Plugin "hop3-plugin-empty": creating the deployer "empty" returned undefined, not a deployer object.');
  });

  it('runs methods on the instance itself: class strategies with #private fields and instanceof work', async () => {
    class Counting {
      static strategyName = 'counting';
      readonly name = 'counting';
      #deploys = 0;
      constructor(
        readonly context: DeploymentContext,
        readonly artifact: BuildArtifact,
      ) {}
      accept() {
        return true;
      }
      async deploy() {
        this.#deploys += 1;
        return { protocol: 'http' as const, address: '127.0.0.1', port: 8000 + this.#deploys };
      }
      get deploys() {
        return this.#deploys;
      }
      scale() {}
      stop() {}
      checkStatus() {
        return true;
      }
    }
    const manager = managerWith('hop3-plugin-counting', { getDeployers: () => [Counting] as never });
    const deployer = await selectDeployer(manager, context(), artifact, runtime);
    expect(deployer).toBeInstanceOf(Counting);
    expect(deployer.deploy).toBe(deployer.deploy);
    expect((await deployer.deploy()).port).toBe(8001);
    expect((deployer as unknown as Counting).deploys).toBe(1);
  });
});
