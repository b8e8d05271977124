import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArtifactSchema, type Builder, type RegisteredStrategy } from '@hop3/core';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { stageApp, type AppFixture } from './app-fixture.js';
import { resolveEnv, type SuiteOptions } from './env-option.js';
import { diffSnapshots, snapshotFiles } from './fs-snapshot.js';
import { registeredStrategy, type StrategySource } from './strategy-source.js';

export interface BuilderConformance extends StrategySource, SuiteOptions {
  /** Apps the builder must accept and build (at least one). */
  accepts: AppFixture[];
  /** Apps it must refuse, saying why (at least one: an empty dir is a good start). */
  refuses: AppFixture[];
  /** The `kind` its artifacts have (`virtualenv`, `static`); checked when given. */
  artifactKind?: string;
}

/**
 * The builder protocol's promises, checked for real: `accept()` changes nothing on disk and
 * explains a refusal; `build()` returns a BuildArtifact core accepts, whose location exists.
 */
export function describeBuilder(options: BuilderConformance): void {
  const timeout = options.timeoutMs ?? 120_000;
  describe(`builder "${options.strategy}" of ${options.plugin.name} (conformance)`, () => {
    let runtime: TestRuntime;
    let strategy: RegisteredStrategy<'builder'>;

    beforeAll(async () => {
      expect(options.accepts.length, 'describeBuilder needs at least one app in `accepts`').toBeGreaterThan(0);
      expect(options.refuses.length, 'describeBuilder needs at least one app in `refuses`').toBeGreaterThan(0);
      runtime = await createTestRuntime({ env: await resolveEnv(options.env), prefix: 'hop3-builder-' });
      strategy = await registeredStrategy(options, 'builder');
    }, timeout);

    afterAll(async () => {
      await runtime?.cleanup();
      await options.afterAll?.();
    }, timeout);

    async function acceptWithoutSideEffects(fixture: AppFixture): Promise<{ builder: Builder; accepted: boolean }> {
      const context = await stageApp(runtime, fixture);
      const before = await snapshotFiles(runtime.root);
      const builder = await strategy.create(context, runtime);
      const accepted = await builder.accept();
      expect(diffSnapshots(before, await snapshotFiles(runtime.root)), 'accept() must not write, create or delete files').toEqual([]);
      expect(typeof accepted, 'accept() returns a boolean').toBe('boolean');
      return { builder, accepted };
    }

    for (const fixture of options.accepts) {
      it(`accepts "${fixture.name}" without side effects, then builds a valid BuildArtifact`, async () => {
        const { builder, accepted } = await acceptWithoutSideEffects(fixture);
        expect(accepted, `accept() refused "${fixture.name}": ${builder.rejectionReason ?? '(no reason)'}`).toBe(true);
        const artifact = await builder.build();
        const parsed = buildArtifactSchema.safeParse(artifact);
        expect(parsed.success, `build() must return a BuildArtifact: ${parsed.error?.message ?? ''}`).toBe(true);
        if (options.artifactKind !== undefined) expect(artifact.kind).toBe(options.artifactKind);
        expect(isAbsolute(artifact.location), `artifact location "${artifact.location}" must be absolute`).toBe(true);
        expect(existsSync(artifact.location), `artifact location "${artifact.location}" must exist`).toBe(true);
      }, timeout);
    }

    for (const fixture of options.refuses) {
      it(`refuses "${fixture.name}" without side effects and says why`, async () => {
        const { builder, accepted } = await acceptWithoutSideEffects(fixture);
        expect(accepted).toBe(false);
        expect(typeof builder.rejectionReason, 'a refusal sets rejectionReason (shown when no builder accepts the app)').toBe('string');
        expect(builder.rejectionReason!.trim()).not.toBe('');
      }, timeout);
    }
  });
}
