import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../errors/hop3-error.js';
import { definePlugin } from './define-plugin.js';
import { normalizeHookResult } from './normalize-hook-result.js';
import { validatePlugin } from './validate-plugin.js';

function thrown(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a throw');
}

describe('validatePlugin', () => {
  it('accepts branded and plain plugins and returns the same object', () => {
    const branded = definePlugin({ name: 'hop3-plugin-a', apiVersion: 1, hooks: { getBuilders: () => [] } });
    const plain = { name: '@acme/hop3-plugin', apiVersion: 1, enforce: 'pre', hooks: {} };
    expect(validatePlugin(branded, 'inline')).toBe(branded);
    expect(validatePlugin(plain, '/x/index.js')).toBe(plain);
  });

  it('lists every problem, naming the source and the plugin', () => {
    const error = thrown(() =>
      validatePlugin({ name: 'hop3-plugin-bad', apiVersion: 2, enforce: 'first', hooks: { getBuilders: 3, getBuilder: () => [] } }, '/nm/hop3-plugin-bad/index.js'),
    );
    expect(error.code).toBe('HOP3_INVALID_PLUGIN');
    expect(error.message).toContain('Invalid plugin "hop3-plugin-bad" from /nm/hop3-plugin-bad/index.js');
    expect(error.message).toContain('apiVersion: 2 is not supported: this core speaks plugin API version 1');
    expect(error.message).toContain('enforce: must be "pre" or "post"');
    expect(error.message).toContain('hooks.getBuilders: must be a function');
    expect(error.message).toContain('unknown hook(s) "getBuilder"');
  });

  it('explains what a plugin module must export when given something else', () => {
    const error = thrown(() => validatePlugin(undefined, 'hop3-plugin-empty'));
    expect(hasErrorCode(error, 'HOP3_INVALID_PLUGIN')).toBe(true);
    expect(error.message).toContain('Invalid plugin from hop3-plugin-empty');
    expect(error.message).toContain('export default definePlugin');
    const noName = thrown(() => validatePlugin({ apiVersion: 1, hooks: {} }, 'x.js'));
    expect(noName.message).toContain('name: must be a string');
  });
});

describe('normalizeHookResult', () => {
  class PythonBuilder {
    static readonly strategyName = 'python';
    static readonly description = 'venv + pip';
    constructor(readonly context: unknown, readonly runtime: unknown) {}
  }

  it('turns classes and descriptors into registered strategies', async () => {
    const [fromClass, fromDescriptor] = normalizeHookResult('hop3-plugin-x', 'getBuilders', [
      PythonBuilder,
      { name: 'node', create: (context: unknown) => ({ context }) },
    ]);
    expect(fromClass).toMatchObject({ kind: 'builder', name: 'python', plugin: 'hop3-plugin-x', description: 'venv + pip' });
    const instance = (await (fromClass as unknown as { create: (...a: unknown[]) => unknown }).create('ctx', 'rt')) as PythonBuilder;
    expect(instance).toBeInstanceOf(PythonBuilder);
    expect(instance.context).toBe('ctx');
    expect(fromDescriptor).toMatchObject({ kind: 'builder', name: 'node', plugin: 'hop3-plugin-x' });
  });

  it('names the plugin, hook and entry index of a bad entry', () => {
    const error = thrown(() => normalizeHookResult('hop3-plugin-x', 'getDeployers', [{ name: 'ok', create: () => ({}) }, { name: 'Bad Name', create: () => ({}) }]));
    expect(error.code).toBe('HOP3_INVALID_HOOK_RESULT');
    expect(error.message).toBe(
      'Plugin "hop3-plugin-x": hook getDeployers entry 1 has the "name" "Bad Name", which is not a safe name: ' +
        'use lowercase letters, digits and "-", start with a letter or digit, at most 63 characters',
    );
    expect(thrown(() => normalizeHookResult('p', 'getAddons', [42])).message).toContain('hook getAddons entry 0 is 42');
    expect(thrown(() => normalizeHookResult('p', 'getAddons', [{ name: 'pg' }])).message).toContain('entry 0 ("pg") has no "create" function');
    expect(thrown(() => normalizeHookResult('p', 'getAddons', [class NoName {}])).message).toContain('has no static "strategyName"');
    expect(thrown(() => normalizeHookResult('p', 'getProxies', { name: 'nginx' })).message).toContain('a hook must return a list');
    expect(thrown(() => normalizeHookResult('p', 'getOSImplementations', [{ name: 'debian', create() {} }, { name: 'debian', create() {} }])).message).toContain(
      'entry 1 repeats the name "debian"',
    );
  });

  it('checks service descriptors', () => {
    const service = { name: 'nginx', start() {}, stop() {}, status: () => ({ running: false }) };
    expect(normalizeHookResult('p', 'getServices', [service])[0]).toMatchObject({ kind: 'service', name: 'nginx', plugin: 'p' });
    expect(thrown(() => normalizeHookResult('p', 'getServices', [{ name: 'uwsgi', start() {} }])).message).toContain(
      'hook getServices entry 0 ("uwsgi") is missing the function(s) stop, status',
    );
  });
});
