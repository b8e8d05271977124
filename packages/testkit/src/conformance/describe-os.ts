import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLayout, type OS, type RegisteredStrategy } from '@hop3/core';
import { recordingLogger } from '../helpers/recording-logger.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { resolveEnv, type SuiteOptions } from './env-option.js';
import { diffSnapshots, snapshotFiles } from './fs-snapshot.js';
import { registeredStrategy, type StrategySource } from './strategy-source.js';

export interface OSConformance extends StrategySource, SuiteOptions {
  /** What `detect()` must say on the machine running the tests (checked when given). */
  detectsThisMachine?: boolean;
}

/**
 * The OS protocol's promises: `detect()` returns a boolean and never throws (also with an
 * empty env and a HOP3_ROOT that does not exist); the names and package groups are well
 * formed; `planSetup()` changes nothing on disk.
 */
export function describeOS(options: OSConformance): void {
  const timeout = options.timeoutMs ?? 120_000;

  describe(`OS "${options.strategy}" of ${options.plugin.name} (conformance)`, () => {
    let runtime: TestRuntime;
    let strategy: RegisteredStrategy<'os'>;
    const fresh = async (): Promise<OS> => strategy.create(runtime);

    beforeAll(async () => {
      runtime = await createTestRuntime({ env: await resolveEnv(options.env), prefix: 'hop3-os-' });
      strategy = await registeredStrategy(options, 'os');
    }, timeout);

    afterAll(async () => {
      await runtime?.cleanup();
      await options.afterAll?.();
    }, timeout);

    it('detect() returns a boolean and never throws, whatever the runtime', async () => {
      const runtimes = [
        runtime,
        { layout: createLayout('/nonexistent/hop3-root'), env: {}, log: recordingLogger() },
      ];
      for (const r of runtimes) {
        const os = await strategy.create(r);
        const detected = await Promise.resolve().then(() => os.detect());
        expect(typeof detected).toBe('boolean');
      }
      if (options.detectsThisMachine !== undefined) expect(await (await fresh()).detect()).toBe(options.detectsThisMachine);
    }, timeout);

    it('has a name, a display name and package groups of package names', async () => {
      const os = await fresh();
      expect(os.name).toBe(options.strategy);
      expect(os.displayName.trim()).not.toBe('');
      for (const [group, packages] of Object.entries(os.packages)) {
        expect(Array.isArray(packages), `packages.${group} is a list`).toBe(true);
        for (const name of packages) expect(typeof name === 'string' && name.trim() !== '', `packages.${group} holds names`).toBe(true);
      }
    }, timeout);

    it('planSetup() describes the setup and changes nothing on disk', async () => {
      const os = await fresh();
      if (os.planSetup === undefined) return; // optional in the protocol
      const watched = [runtime.root, '/etc/passwd', '/etc/group'];
      const before = await snapshotFiles(...watched);
      const plan = await os.planSetup();
      expect(typeof plan.os).toBe('string');
      expect(diffSnapshots(before, await snapshotFiles(...watched))).toEqual([]);
    }, timeout);
  });
}
