import { existsSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deployerStatusSchema,
  deploymentInfoSchema,
  type BuildArtifact,
  type DeploymentContext,
  type DeploymentInfo,
  type Deployer,
  type MaybePromise,
  type RegisteredStrategy,
} from '@hop3/core';
import { isPortOpen, waitUntil } from '@hop3/kit';
import { httpGet } from '../helpers/http-get.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { stageApp, type AppFixture } from './app-fixture.js';
import { resolveEnv, type SuiteOptions } from './env-option.js';
import { diffSnapshots, snapshotFiles } from './fs-snapshot.js';
import { registeredStrategy, stopPluginServices, type StrategySource } from './strategy-source.js';

export interface DeployerConformance extends StrategySource, SuiteOptions {
  /** The app to deploy; its config names the workers (a Procfile in the source, or `config.workers`). */
  app: AppFixture;
  /** The artifact to deploy, made as your builder would make it (build it with the builder, or lay it out). */
  artifact(context: DeploymentContext, runtime: TestRuntime): MaybePromise<BuildArtifact>;
  /** What a GET must show once deployed (default: `/` answers with a status below 500). */
  answers?: { path?: string; contains?: string };
  /** How long the app may take to answer after deploy() (default 30 000 ms). */
  startTimeoutMs?: number;
  /**
   * Enables the scale check: `scale({ [kind]: +1 })` must start one more process of `kind`,
   * counted by `countProcesses` from the system (see `countProcesses()`), and `-1` stop it.
   */
  scale?: {
    kind: string;
    countProcesses(context: DeploymentContext, runtime: TestRuntime): Promise<number>;
    /** How long the count may take to settle after each scale() (default 60 000 ms: a reload can be slow on a busy machine). */
    settleTimeoutMs?: number;
  };
}

/** An artifact kind no deployer accepts. */
const FOREIGN_ARTIFACT: BuildArtifact = { kind: 'hop3-testkit-foreign', location: '/nonexistent', metadata: {} };

/** Where an HTTP client reaches the deployed app: the host for an http(s) backend, loopback otherwise (a unix backend's own HTTP port). */
function httpTarget(info: DeploymentInfo): { port: number } | null {
  if (info.protocol === 'static' || info.port === null) return null;
  return { port: info.port };
}

async function answerOf(info: DeploymentInfo, path: string): Promise<{ status: number; body: string } | null> {
  const target = httpTarget(info);
  if (target === null) return null;
  return httpGet(target.port, path, { timeoutMs: 3000 }).catch(() => null);
}

/**
 * The deployer protocol's promises, checked against the real processes: `accept()` changes
 * nothing and explains a refusal; `deploy()` returns a DeploymentInfo core accepts and the app
 * answers there; a fresh instance (hosts construct one per command) sees the same state;
 * `scale()` changes real process counts; `stop()` and `destroy()` are idempotent;
 * `checkStatus()` never throws and says false once the app is stopped.
 */
export function describeDeployer(options: DeployerConformance): void {
  const timeout = options.timeoutMs ?? 120_000;
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const path = options.answers?.path ?? '/';

  describe(`deployer "${options.strategy}" of ${options.plugin.name} (conformance)`, () => {
    let runtime: TestRuntime;
    let strategy: RegisteredStrategy<'deployer'>;
    let context: DeploymentContext;
    let artifact: BuildArtifact;
    let info: DeploymentInfo | undefined;
    /** A new instance, as a host makes for each command: whatever it knows comes from disk. */
    const fresh = async (): Promise<Deployer> => strategy.create(context, artifact, runtime);

    beforeAll(async () => {
      runtime = await createTestRuntime({ env: await resolveEnv(options.env), prefix: 'hop3-deployer-' });
      strategy = await registeredStrategy(options, 'deployer');
      context = await stageApp(runtime, options.app);
      artifact = await options.artifact(context, runtime);
    }, timeout);

    afterAll(async () => {
      if (runtime !== undefined) {
        const deployer = strategy && context && artifact ? await fresh().catch(() => undefined) : undefined;
        await Promise.resolve(deployer?.stop()).catch(() => undefined);
        await Promise.resolve(deployer?.destroy?.()).catch(() => undefined);
        await stopPluginServices(options.plugin, runtime).catch(() => undefined);
        await runtime.cleanup();
      }
      await options.afterAll?.();
    }, timeout);

    it('checkStatus() of an app never deployed is false and does not throw', async () => {
      await expect(Promise.resolve().then(async () => (await fresh()).checkStatus())).resolves.toBe(false);
    }, timeout);

    it('accepts its artifact without side effects', async () => {
      const before = await snapshotFiles(runtime.root);
      const deployer = await fresh();
      const accepted = await deployer.accept();
      expect(diffSnapshots(before, await snapshotFiles(runtime.root)), 'accept() must not write, create or delete files').toEqual([]);
      expect(accepted, `accept() refused the artifact: ${deployer.rejectionReason ?? '(no reason)'}`).toBe(true);
    }, timeout);

    it('refuses an artifact of another kind without side effects and says why', async () => {
      const before = await snapshotFiles(runtime.root);
      const deployer = await strategy.create(context, FOREIGN_ARTIFACT, runtime);
      expect(await deployer.accept()).toBe(false);
      expect(diffSnapshots(before, await snapshotFiles(runtime.root)), 'accept() must not write, create or delete files').toEqual([]);
      expect(typeof deployer.rejectionReason, 'a refusal sets rejectionReason').toBe('string');
      expect(deployer.rejectionReason!.trim()).not.toBe('');
    }, timeout);

    it('deploy() returns a valid DeploymentInfo and the app answers there', async () => {
      const deployer = await fresh();
      const result = await deployer.deploy();
      const parsed = deploymentInfoSchema.safeParse(result);
      expect(parsed.success, `deploy() must return a DeploymentInfo: ${parsed.error?.message ?? ''}`).toBe(true);
      info = result;
      if (result.protocol === 'static') {
        expect(existsSync(result.address) && statSync(result.address).isDirectory(), `a static deployment's address is the directory to serve (${result.address})`).toBe(true);
      } else {
        expect(httpTarget(result), `deploy() returned no port to reach the app on (${JSON.stringify(result)})`).not.toBeNull();
        let last: { status: number; body: string } | null = null;
        await waitUntil(async () => {
          last = await answerOf(result, path);
          return last !== null && last.status < 500 && (options.answers?.contains === undefined || last.body.includes(options.answers.contains));
        }, { description: `the app to answer GET ${path} on port ${result.port}`, timeoutMs: startTimeoutMs, intervalMs: 250 });
      }
      await deployer.commit?.(); // as a host does once the new version answers
    }, timeout);

    it('a fresh instance sees it running: checkStatus() is true, getStatus() is valid', async () => {
      const deployer = await fresh();
      await waitUntil(async () => (await deployer.checkStatus()) === true, { description: 'checkStatus() to be true after deploy', timeoutMs: startTimeoutMs });
      if (deployer.getStatus !== undefined) {
        const status = await deployer.getStatus();
        const parsed = deployerStatusSchema.safeParse(status);
        expect(parsed.success, `getStatus() must return a DeployerStatus: ${parsed.error?.message ?? ''}`).toBe(true);
        expect(status.running).toBe(true);
        if (status.deployment != null && info !== undefined) {
          expect(status.deployment.protocol, 'getStatus().deployment says where the live version answers').toBe(info.protocol);
        }
      }
    }, timeout);

    if (options.scale !== undefined) {
      const { kind, countProcesses } = options.scale;
      const settle = options.scale.settleTimeoutMs ?? 60_000;
      it(`scale({ ${kind}: +1 }) starts one more real process, -1 stops it`, async () => {
        const before = await countProcesses(context, runtime);
        expect(before, `no "${kind}" process is running before scaling`).toBeGreaterThan(0);
        await (await fresh()).scale({ [kind]: 1 });
        await waitUntil(async () => (await countProcesses(context, runtime)) === before + 1, { description: `${before + 1} "${kind}" processes`, timeoutMs: settle });
        await (await fresh()).scale({ [kind]: -1 });
        await waitUntil(async () => (await countProcesses(context, runtime)) === before, { description: `${before} "${kind}" processes`, timeoutMs: settle });
      }, timeout + 2 * settle);
    }

    it('stop() twice; then checkStatus() is false (and does not throw) and the app no longer answers', async () => {
      await (await fresh()).stop();
      await (await fresh()).stop();
      const deployer = await fresh();
      await expect(Promise.resolve().then(() => deployer.checkStatus())).resolves.toBe(false);
      const target = info === undefined ? null : httpTarget(info);
      if (target !== null) {
        await waitUntil(async () => !(await isPortOpen(target.port, '127.0.0.1')), { description: `port ${target.port} to close after stop()`, timeoutMs: 15_000 });
      }
    }, timeout);

    it('destroy() twice, and checkStatus() stays false', async () => {
      const deployer = await fresh();
      if (deployer.destroy === undefined) return; // optional in the protocol
      await deployer.destroy();
      await (await fresh()).destroy!();
      await expect(Promise.resolve().then(async () => (await fresh()).checkStatus())).resolves.toBe(false);
    }, timeout);
  });
}
