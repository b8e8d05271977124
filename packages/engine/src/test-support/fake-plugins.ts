import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import {
  definePlugin,
  type BuildArtifact,
  type Builder,
  type DeploymentContext,
  type DeploymentInfo,
  type Deployer,
  type Hop3Plugin,
  type ProxyProbe,
  type Proxy,
  type ProxyTarget,
  type StrategyRuntime,
} from '@hop3/core';

// Fake strategies for engine tests: they run no program, and record every call the engine
// makes into one shared journal, so a test can assert the order of a whole operation.
// Instances are labelled by the release their artifact comes from (`alpha@r2`), which tells
// the new version from the old one.

/** What the fakes share with the test: the journal, and knobs the test turns between calls. */
export interface FakeWorld {
  /** Every call, in order: `build r1`, `deploy alpha@r1`, `health 200`, `proxy setup 127.0.0.1:PORT`… */
  readonly journal: string[];
  /** The status the fake app answers its health check with (500: the new version is broken). */
  healthStatus: number;
  /** When set, `build()` waits for it: a test holds an operation in the middle. */
  buildGate: Promise<void> | undefined;
  /** The port the fake app answers on (the test's health server). */
  readonly port: number;
  /**
   * When set, the fake deployer's processes have come back on this port on their own (as Swarm
   * restarts a crashed task on a new port): `getStatus()` and the next `deploy()` report it.
   */
  movedTo: number | undefined;
  /** What the fake proxy's probe answers (`hop3 status`): null for a proxy without a probe. */
  proxyProbe: ProxyProbe | null;
  /** True: a failing app that the deployer does not see fail (it hangs), so the health gate waits to its timeout. */
  hangs: boolean;
  close(): Promise<void>;
}

/**
 * A world with a tiny HTTP server on loopback standing in for the app's web process: the
 * engine's health gate polls it; each change of answer is journaled (`health 200`).
 */
export async function createFakeWorld(): Promise<FakeWorld> {
  const journal: string[] = [];
  const world = { journal, healthStatus: 200, buildGate: undefined as Promise<void> | undefined, port: 0, movedTo: undefined as number | undefined, hangs: false, proxyProbe: null as ProxyProbe | null, close: async () => {} };
  const server: Server = createServer((_request, response) => {
    const entry = `health ${world.healthStatus}`;
    if (journal.at(-1) !== entry) journal.push(entry); // the gate polls: one entry per answer it saw
    response.writeHead(world.healthStatus).end(world.healthStatus < 500 ? 'ok' : 'broken');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  world.port = (server.address() as AddressInfo).port;
  world.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return world;
}

/** `r2` for an artifact built from release dir `releases/2`. */
function releaseOf(artifact: BuildArtifact): string {
  return `r${basename(artifact.location)}`;
}

/** The release recorded in the app's state file now (`none` before the first record). */
function recordedRelease(runtime: StrategyRuntime, app: string): string {
  const file = runtime.layout.app(app).state;
  if (!existsSync(file)) return 'none';
  return `r${(JSON.parse(readFileSync(file, 'utf8')) as { release: number }).release}`;
}

function fakeBuilder(world: FakeWorld, context: DeploymentContext, runtime: StrategyRuntime): Builder {
  return {
    name: 'fake-builder',
    context,
    accept: () => true,
    async build() {
      const artifact: BuildArtifact = { kind: 'fake', location: context.sourcePath, metadata: {} };
      world.journal.push(`build ${releaseOf(artifact)}`);
      runtime.log.progress?.(`compiling ${context.appName}`);
      await world.buildGate;
      return artifact;
    },
  };
}

function fakeDeployer(world: FakeWorld, name: string, context: DeploymentContext, artifact: BuildArtifact, runtime: StrategyRuntime): Deployer {
  const label = `${name}@${releaseOf(artifact)}`;
  const note = (call: string): void => void world.journal.push(`${call} ${label}`);
  return {
    name,
    context,
    artifact,
    accept: () => artifact.kind === 'fake',
    deploy(): DeploymentInfo {
      note('deploy');
      return { protocol: 'http', address: '127.0.0.1', port: world.movedTo ?? world.port };
    },
    // A broken version says so at once, as uWSGI's deployer does when its web process exits.
    startupFailure: () => (world.healthStatus >= 500 && !world.hangs ? 'the web process exited' : null),
    commit: () => note(`commit (recorded ${recordedRelease(runtime, context.appName)})`),
    rollback: () => note('rollback'),
    stop: () => note('stop'),
    destroy: () => note('destroy'),
    scale: () => note('scale'),
    checkStatus: () => true,
    getStatus: () => ({
      running: world.healthStatus < 500,
      processes: { web: 1 },
      ...(world.movedTo === undefined ? {} : { deployment: { protocol: 'http' as const, address: '127.0.0.1', port: world.movedTo } }),
    }),
  };
}

function fakeProxy(world: FakeWorld, target: ProxyTarget): Proxy {
  return {
    name: 'fake-proxy',
    ...target,
    preflight: () => void world.journal.push('proxy preflight'),
    setup: () => void world.journal.push(`proxy setup ${target.backend.address}:${target.backend.port}`),
    remove: () => void world.journal.push('proxy remove'),
    publicUrls: () => [`http://${target.app.name}.test/`],
    ...(world.proxyProbe === null ? {} : { probe: async () => world.proxyProbe! }),
  };
}

/** The proxy name the engine must be told to use (`HOP3_PROXY`) so it picks the fake one. */
export const FAKE_PROXY = 'fake-proxy';

/**
 * One plugin object with a builder, two deployers (`alpha` first in order, `beta`: an app
 * picks it with `[run] deployer = "beta"`) and a proxy, all recording into `world`.
 */
export function fakePlugin(world: FakeWorld): Hop3Plugin {
  return definePlugin({
    name: 'hop3-plugin-fake',
    apiVersion: 1,
    hooks: {
      getBuilders: () => [{ name: 'fake-builder', create: (context, runtime) => fakeBuilder(world, context, runtime) }],
      getDeployers: () =>
        ['alpha', 'beta'].map((name) => ({
          name,
          create: (context: DeploymentContext, artifact: BuildArtifact, runtime: StrategyRuntime) => fakeDeployer(world, name, context, artifact, runtime),
        })),
      getProxies: () => [{ name: FAKE_PROXY, create: (target) => fakeProxy(world, target) }],
    },
  });
}
