import { describe, expect, it } from 'vitest';
import { definePlugin, type Hop3Hooks, type Hop3Plugin } from './define-plugin.js';
import { PluginManager } from './plugin-manager.js';

function builder(name: string) {
  return { name, create: () => ({ name }) as never };
}

function plugin(name: string, hooks: Hop3Hooks = {}, enforce?: 'pre' | 'post'): Hop3Plugin {
  return definePlugin({ name, apiVersion: 1, hooks, ...(enforce ? { enforce } : {}) });
}

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}

describe('PluginManager order', () => {
  it('puts explicit plugins first in host order, then discovered ones by name', () => {
    const manager = new PluginManager();
    manager.register(plugin('hop3-plugin-zeta'), { source: 'discovered' });
    manager.register(plugin('explicit-b'), { source: 'explicit', order: 1 });
    manager.register(plugin('hop3-plugin-alpha'), { source: 'discovered' });
    manager.register(plugin('explicit-a'), { source: 'explicit', order: 0 });
    expect(manager.list().map((p) => p.name)).toEqual(['explicit-a', 'explicit-b', 'hop3-plugin-alpha', 'hop3-plugin-zeta']);
  });

  it('moves enforce pre/post plugins to the front/back of their own group', () => {
    const manager = new PluginManager();
    manager.register(plugin('e1'));
    manager.register(plugin('e2', {}, 'post'));
    manager.register(plugin('e3', {}, 'pre'));
    manager.register(plugin('d-a', {}, 'post'), { source: 'discovered' });
    manager.register(plugin('d-b'), { source: 'discovered' });
    manager.register(plugin('d-c', {}, 'pre'), { source: 'discovered' });
    expect(manager.list().map((p) => p.name)).toEqual(['e3', 'e1', 'e2', 'd-c', 'd-b', 'd-a']);
  });

  it('refuses two plugins with the same name and invalid plugins', () => {
    const manager = new PluginManager();
    manager.register(plugin('same'));
    expect(() => manager.register(plugin('same'), { source: 'discovered' })).toThrow(
      expect.objectContaining({ code: 'HOP3_DUPLICATE_PLUGIN', message: expect.stringContaining('"same" is already registered') }),
    );
    expect(() => manager.register({ name: 'x', apiVersion: 9, hooks: {} })).toThrow(expect.objectContaining({ code: 'HOP3_INVALID_PLUGIN' }));
    expect(manager.list()).toHaveLength(1);
  });

  it('unregisters by name, and a second unregister is a no-op', async () => {
    const manager = new PluginManager();
    manager.register(plugin('a', { getBuilders: () => [builder('python')] }));
    expect(await manager.listStrategyNames()).toMatchObject({ builder: ['python'] });
    expect(manager.unregister('a')).toBe(true);
    expect(manager.unregister('a')).toBe(false);
    expect(manager.list()).toEqual([]);
    expect((await manager.listStrategyNames()).builder).toEqual([]);
  });
});

describe('PluginManager hooks', () => {
  it('flattens sync and async hook results in plugin order', async () => {
    const manager = new PluginManager();
    manager.register(plugin('second', { getBuilders: async () => [builder('node'), builder('go')] }), { order: 1 });
    manager.register(plugin('first', { getBuilders: () => [builder('python')] }), { order: 0 });
    manager.register(plugin('none', { getDeployers: () => [] }), { order: 2 });
    const builders = await manager.callHook('getBuilders');
    expect(builders.map((b) => [b.name, b.plugin])).toEqual([
      ['python', 'first'],
      ['node', 'second'],
      ['go', 'second'],
    ]);
  });

  it('calls each hook once and lists names without constructing anything', async () => {
    let calls = 0;
    let constructed = 0;
    class Redis {
      static strategyName = 'redis';
      constructor() {
        constructed++;
      }
    }
    const manager = new PluginManager();
    manager.register(plugin('p', { getAddons: () => (calls++, [Redis]) as never }));
    expect((await manager.listStrategyNames()).addon).toEqual(['redis']);
    expect((await manager.listStrategyNames()).addon).toEqual(['redis']);
    expect(calls).toBe(1);
    expect(constructed).toBe(0);
    const strategy = await manager.getStrategy('addon', 'redis');
    expect(strategy.plugin).toBe('p');
    expect(await strategy.create('cache', {} as never)).toBeInstanceOf(Redis);
    expect(constructed).toBe(1);
  });

  it('reports two plugins with the same kind and name as a conflict naming both', async () => {
    const manager = new PluginManager();
    manager.register(plugin('hop3-plugin-py-a', { getBuilders: () => [builder('python'), builder('rust')] }));
    manager.register(plugin('hop3-plugin-py-b', { getBuilders: () => [builder('python')], getDeployers: () => [builder('python')] as never }));
    const { strategies, conflicts } = await manager.collect();
    expect(strategies.builder.map((b) => b.name)).toEqual(['rust']);
    expect(strategies.deployer.map((d) => d.name)).toEqual(['python']);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ kind: 'builder', name: 'python', plugins: ['hop3-plugin-py-a', 'hop3-plugin-py-b'] });
    const error = await rejection(manager.getStrategy('builder', 'python'));
    expect(error.code).toBe('HOP3_PLUGIN_CONFLICT');
    expect(error.message).toContain('Plugins "hop3-plugin-py-a" and "hop3-plugin-py-b" both provide the builder "python"');
    expect((await manager.listStrategyNames()).builder).toEqual(['python', 'rust']);
  });

  it('records hook failures with plugin, hook and cause; the other plugins still count', async () => {
    const manager = new PluginManager();
    manager.register(plugin('good', { getBuilders: () => [builder('python')] }));
    manager.register(plugin('throws', { getBuilders: () => { throw new Error('boom'); } }));
    manager.register(plugin('bad-shape', { getBuilders: () => 'python' as never }));
    const { strategies, failures } = await manager.collect();
    expect(strategies.builder.map((b) => b.name)).toEqual(['python']);
    expect(failures.map((f) => [f.plugin, f.hook, f.error.code])).toEqual([
      ['throws', 'getBuilders', 'HOP3_PLUGIN_HOOK_FAILED'],
      ['bad-shape', 'getBuilders', 'HOP3_INVALID_HOOK_RESULT'],
    ]);
    expect((failures[0]!.cause as Error).message).toBe('boom');
    expect(failures[1]!.cause).toBe(failures[1]!.error);
    const error = await rejection(manager.callHook('getBuilders'));
    expect(error.message).toBe('Plugin "throws": hook getBuilders threw: boom');
  });

  it('says which names exist when a strategy is unknown', async () => {
    const manager = new PluginManager();
    manager.register(plugin('a', { getProxies: () => [builder('nginx')] as never }));
    manager.register(plugin('b', { getProxies: () => { throw new Error('no'); } }));
    const error = await rejection(manager.getStrategy('proxy', 'caddy'));
    expect(error.code).toBe('HOP3_UNKNOWN_STRATEGY');
    expect(error.message).toContain('Unknown proxy "caddy". Available proxies: nginx.');
    expect(error.message).toContain('These plugins failed to list their proxies: b');
  });

  it('collects services', async () => {
    const manager = new PluginManager();
    const service = { name: 'nginx', start() {}, stop() {}, status: () => ({ running: false }) };
    manager.register(plugin('a', { getServices: () => [service] }));
    expect((await manager.getServices()).map((s) => [s.name, s.plugin])).toEqual([['nginx', 'a']]);
  });
});
