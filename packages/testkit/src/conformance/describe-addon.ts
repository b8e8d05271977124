import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addonInfoSchema, connectionDetailsSchema, type Addon, type MaybePromise, type RegisteredStrategy } from '@hop3/core';
import { failure } from '../helpers/failures.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { resolveEnv, type SuiteOptions } from './env-option.js';
import { leakedSecrets, secretsOf } from './secrets.js';
import { registeredStrategy, stopPluginServices, type StrategySource } from './strategy-source.js';

export interface AddonConformance extends StrategySource, SuiteOptions {
  /** The service instance's name (default `conformance`). */
  service?: string;
  /** Store `marker` in the service, connecting as an app would with `details`. */
  write(details: Record<string, string>, marker: string): MaybePromise<void>;
  /** The marker stored now (null when none). */
  read(details: Record<string, string>): MaybePromise<string | null>;
}

/**
 * The addon protocol's promises, against the real service: `create()` and `destroy()` are
 * idempotent; connection details and `info()` have the shapes core accepts; a fresh instance
 * sees the same service; `backup()` → change → `restore()` gives the data back; neither
 * `info()`, the log nor an error message holds a secret from `getConnectionDetails()`.
 */
export function describeAddon(options: AddonConformance): void {
  const timeout = options.timeoutMs ?? 120_000;
  const service = options.service ?? 'conformance';

  describe(`addon "${options.strategy}" of ${options.plugin.name} (conformance)`, () => {
    let runtime: TestRuntime;
    let strategy: RegisteredStrategy<'addon'>;
    let secrets: string[] = [];
    /** A new instance, as a host makes for each command. */
    const fresh = async (): Promise<Addon> => strategy.create(service, runtime);

    beforeAll(async () => {
      runtime = await createTestRuntime({ env: await resolveEnv(options.env), prefix: 'hop3-addon-' });
      strategy = await registeredStrategy(options, 'addon');
    }, timeout);

    afterAll(async () => {
      if (runtime !== undefined && strategy !== undefined) {
        await Promise.resolve((await fresh()).destroy()).catch(() => undefined);
        await stopPluginServices(options.plugin, runtime).catch(() => undefined);
      }
      await runtime?.cleanup();
      await options.afterAll?.();
    }, timeout);

    it('create() twice gives one working service with valid connection details', async () => {
      await (await fresh()).create();
      await (await fresh()).create();
      const details = await (await fresh()).getConnectionDetails();
      const parsed = connectionDetailsSchema.safeParse(details);
      expect(parsed.success, 'getConnectionDetails() returns variable name → string').toBe(true);
      expect(Object.keys(details).length, 'getConnectionDetails() gives the app at least one variable').toBeGreaterThan(0);
      secrets = secretsOf(details);
      expect(await (await fresh()).getConnectionDetails(), 'a fresh instance reads the same details from disk').toEqual(details);
      await options.write(details, 'conformance-1');
      expect(await options.read(details)).toBe('conformance-1');
    }, timeout);

    it('info() is a valid object and holds no secret', async () => {
      const info = await (await fresh()).info();
      expect(addonInfoSchema.safeParse(info).success, 'info() returns an object').toBe(true);
      expect(leakedSecrets(JSON.stringify(info), secrets), 'info() must not contain a secret from getConnectionDetails()').toEqual([]);
    }, timeout);

    it('backup() → change → restore() gives the data back', async () => {
      const details = await (await fresh()).getConnectionDetails();
      await options.write(details, 'before-backup');
      const path = await (await fresh()).backup();
      expect(isAbsolute(path), `backup() returns an absolute path (got "${path}")`).toBe(true);
      expect(existsSync(path), `the backup ${path} exists`).toBe(true);
      await options.write(details, 'after-backup');
      expect(await options.read(details)).toBe('after-backup');
      await (await fresh()).restore(path);
      const restored = await (await fresh()).getConnectionDetails();
      expect(await options.read(restored)).toBe('before-backup');
    }, timeout);

    it('an error (restore of a missing file) is a coded error that holds no secret', async () => {
      const error = await failure(async () => (await fresh()).restore(join(runtime.root, 'no-such-backup.dump')));
      expect(typeof error.code, `the error has a code (got: ${error.message})`).toBe('string');
      const text = `${error.message}\n${JSON.stringify(error.details ?? {})}`;
      expect(leakedSecrets(text, secrets), 'an error message must not contain a secret').toEqual([]);
    }, timeout);

    it('the log holds no secret', () => {
      expect(leakedSecrets(runtime.log.text(), secrets)).toEqual([]);
    });

    it('destroy() twice', async () => {
      await (await fresh()).destroy();
      await (await fresh()).destroy();
      expect(leakedSecrets(runtime.log.text(), secrets)).toEqual([]);
    }, timeout);
  });
}
