// The node builder with real npm, pnpm, yarn and node: installs from the npm registry into a
// private HOP3_ROOT. pnpm and yarn come from the tool cache the builder fills (through npm).
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appConfigSchema, createLayout, type AppConfig, type BuildArtifact, type StrategyRuntime } from '@hop3/core';
import { runCommand } from '@hop3/kit';
import { NodeBuilder } from './node-builder.js';
import { SHARED_NPM_CACHE, SHARED_TOOLS_DIR } from './test-support/shared-dirs.js';
import { failure } from '../../kit/src/test-support/failure.js';

const EXPRESS = fileURLToPath(new URL('../../../examples/node-express', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));

let root: string;
let runtime: StrategyRuntime;
let privateTools: string;
let release = 0;

/** Copy an app into a new release dir of `app`, as the engine stages it. */
async function stage(app: string, from: string, change?: (dir: string) => Promise<void>): Promise<string> {
  release += 1;
  const dir = join(createLayout(root).app(app).root, 'releases', String(release));
  await cp(from, dir, { recursive: true, filter: (path) => !path.includes('node_modules') });
  await change?.(dir);
  return dir;
}

function build(app: string, src: string, config: Partial<AppConfig> = {}, env: Record<string, string> = {}): Promise<BuildArtifact> {
  const appConfig = appConfigSchema.parse(config);
  return new NodeBuilder({ appName: app, sourcePath: src, appConfig }, { ...runtime, env: { ...runtime.env, ...env } }).build();
}

/** The build log's last section (one build). */
async function lastBuildLog(app: string): Promise<string> {
  const log = await readFile(join(createLayout(root).app(app).log, 'build.log'), 'utf8');
  return log.slice(log.lastIndexOf('====='));
}

beforeAll(async () => {
  for (const program of ['node', 'npm', 'cp']) {
    const found = await runCommand('sh', ['-c', `command -v ${program}`], { allowFailure: true });
    if (found.exitCode !== 0) throw new Error(`${program} is required for this test (install Node.js 20 with npm)`);
  }
  root = await mkdtemp(join(tmpdir(), 'hop3-nodebuild-'));
  privateTools = join(root, 'tools');
  await mkdir(SHARED_TOOLS_DIR, { recursive: true });
  runtime = {
    layout: createLayout(root),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', HOP3_NPM_CACHE: SHARED_NPM_CACHE, HOP3_NODE_TOOLS_DIR: SHARED_TOOLS_DIR },
    log: { info: () => undefined, warn: () => undefined, debug: () => undefined },
  };
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('NodeBuilder with npm (examples/node-express)', () => {
  let first: BuildArtifact;
  let firstSrc: string;

  it('installs with npm ci (dev dependencies included), runs the build script, then prunes', async () => {
    firstSrc = await stage('express', EXPRESS);
    first = await build('express', firstSrc);
    expect(first).toMatchObject({
      kind: 'node',
      location: firstSrc,
      metadata: { packageManager: 'npm', lockfile: 'package-lock.json', reused: false, nodeSource: 'system', env: { NODE_ENV: 'production' }, defaultWorkers: { web: 'node dist/server.js' } },
    });
    expect(first.metadata.binDirs).toEqual(expect.arrayContaining([join(firstSrc, 'node_modules', '.bin')]));
    expect(existsSync(join(firstSrc, 'dist', 'server.js'))).toBe(true); // tsc, a dev dependency, ran
    expect(existsSync(join(firstSrc, 'node_modules', 'express'))).toBe(true);
    expect(existsSync(join(firstSrc, 'node_modules', 'typescript'))).toBe(false); // pruned
    const log = await lastBuildLog('express');
    expect(log).toContain(' ci --include=dev');
    expect(log).toContain(' run build');
    expect(log).toContain(' prune --omit=dev');
  });

  it('reuses node_modules when the lockfile is unchanged: linked, not installed, and each release has its own tree', async () => {
    const src = await stage('express', EXPRESS, async (dir) => {
      const source = await readFile(join(dir, 'src', 'server.ts'), 'utf8');
      await writeFile(join(dir, 'src', 'server.ts'), source.replace('Hello from Express on hop3!', 'Hello again!'));
    });
    const second = await build('express', src);
    expect(second.metadata).toMatchObject({ reused: true, buildReused: false, lockHash: first.metadata.lockHash });
    const log = await lastBuildLog('express');
    expect(log).toContain('node_modules linked from the cache, no install');
    expect(log).not.toContain(' ci --include=dev');
    expect(log).toContain(' run build'); // the source changed: it is built
    expect(await readFile(join(src, 'dist', 'server.js'), 'utf8')).toContain('Hello again!');
    expect(existsSync(join(src, 'node_modules', 'typescript'))).toBe(false);
    // Shared file contents (hard links), separate dirs: a change in one release never reaches another.
    const file = join('node_modules', 'express', 'package.json');
    expect((await stat(join(src, file))).ino).toBe((await stat(join(firstSrc, file))).ino);
    await rm(join(src, 'node_modules', 'express'), { recursive: true });
    expect(existsSync(join(firstSrc, file))).toBe(true);
    const run = await runCommand('node', ['-e', "require('express'); console.log('ok')"], { cwd: firstSrc });
    expect(run.stdout).toBe('ok');
  });

  it('reuses the build output of an identical source: no install, no build, no prune', async () => {
    const src = await stage('express', EXPRESS);
    const again = await build('express', src);
    expect(again.metadata).toMatchObject({ reused: true, buildReused: true });
    const log = await lastBuildLog('express');
    expect(log).toContain('no install, no build');
    expect(log).not.toMatch(/ run build| prune | ci /);
    expect(await readFile(join(src, 'dist', 'server.js'), 'utf8')).toContain('Hello from Express on hop3!');
    expect(existsSync(join(src, 'node_modules', 'express'))).toBe(true);
    expect(existsSync(join(src, 'node_modules', 'typescript'))).toBe(false);
    // HOP3_NODE_BUILD_CACHE=0 in the app's env builds anyway.
    const forced = await build('express', await stage('express', EXPRESS), { env: { HOP3_NODE_BUILD_CACHE: '0' } });
    expect(forced.metadata).toMatchObject({ reused: true, buildReused: false });
    expect(await lastBuildLog('express')).toContain(' run build');
  });

  it('installs again when the lockfile changes', async () => {
    const src = await stage('express', EXPRESS, async (dir) => {
      await runCommand('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund', '--cache', SHARED_NPM_CACHE, 'is-number@7.0.0'], { cwd: dir });
    });
    const third = await build('express', src);
    expect(third.metadata.reused).toBe(false);
    expect(third.metadata.lockHash).not.toBe(first.metadata.lockHash);
    expect(existsSync(join(src, 'node_modules', 'is-number'))).toBe(true);
  });

  it('stops at an out-of-sync lockfile with npm\'s own lines, the step and the build log', async () => {
    const src = await stage('express', EXPRESS, async (dir) => {
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      pkg.dependencies['is-odd'] = '^3.0.1';
      await writeFile(join(dir, 'package.json'), JSON.stringify(pkg));
    });
    const error = await failure(build('express', src));
    expect(error.code).toBe('HOP3_NODE_INSTALL_FAILED');
    expect(error.message).toContain('Node build step "npm ci" failed');
    expect(error.message).toMatch(/npm error .*in sync/);
    expect(error.message).toContain('The lockfile does not match package.json');
    expect(error.message).toContain(join(createLayout(root).app('express').log, 'build.log'));
  });

  it('stops at a failing build script, naming it and showing its output', async () => {
    const src = await stage('express', EXPRESS, async (dir) => {
      await writeFile(join(dir, 'src', 'server.ts'), 'const x: number = "not a number";\n');
    });
    const error = await failure(build('express', src));
    expect(error.code).toBe('HOP3_NODE_BUILD_FAILED');
    expect(error.message).toContain('Node build step "npm run build" failed');
    expect(error.message).toContain("Type 'string' is not assignable to type 'number'");
  });

  it('runs [build] build commands instead of the build script', async () => {
    const src = await stage('express', EXPRESS);
    await build('express', src, { hooks: { build: ['tsc -p tsconfig.json', 'echo custom > built-by-hook.txt'] } });
    expect(await readFile(join(src, 'built-by-hook.txt'), 'utf8')).toBe('custom\n');
    expect(await lastBuildLog('express')).not.toContain(' run build');
  });
});

describe('NodeBuilder with pnpm and yarn from the tool cache', () => {
  it.each([
    ['pnpm', 'pnpm-app', 'pnpm install --frozen-lockfile'],
    ['yarn', 'yarn-app', 'yarn install --frozen-lockfile'],
  ])('installs %s with npm at the pinned version, then builds and prunes with it', async (pm, fixture, installLabel) => {
    const pinned = (JSON.parse(await readFile(join(FIXTURES, fixture, 'package.json'), 'utf8')) as { packageManager: string }).packageManager;
    const src = await stage(fixture, join(FIXTURES, fixture));
    const artifact = await build(fixture, src, {}, { HOP3_NODE_TOOLS_DIR: privateTools });
    expect(artifact.metadata).toMatchObject({ packageManager: pm, packageManagerVersion: pinned.split('@')[1], reused: false });
    expect(await lastBuildLog(fixture)).toContain(`Installing dependencies with ${installLabel}`);
    // The tool cache holds exactly the complete tool: no temporary dir left behind.
    expect((await readdir(join(privateTools, pm))).filter((entry) => !entry.endsWith('.lock'))).toEqual([expect.stringContaining(pinned.split('@')[1]!)]);
    expect(await readFile(join(src, 'built.txt'), 'utf8')).toContain('3 is odd = true');
    const run = await runCommand('node', ['-e', "console.log(require('is-number')(5), (() => { try { require.resolve('is-odd'); return 'dev present'; } catch { return 'dev pruned'; } })())"], { cwd: src });
    expect(run.stdout).toBe('true dev pruned');

    const again = await build(fixture, await stage(fixture, join(FIXTURES, fixture)), {}, { HOP3_NODE_TOOLS_DIR: privateTools });
    expect(again.metadata.reused).toBe(true);
  });

  it('leaves nothing in the tool cache when a tool cannot be installed', async () => {
    const src = await stage('badpnpm', join(FIXTURES, 'pnpm-app'), async (dir) => {
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      pkg.packageManager = 'pnpm@99.99.99';
      await writeFile(join(dir, 'package.json'), JSON.stringify(pkg));
    });
    const error = await failure(build('badpnpm', src, {}, { HOP3_NODE_TOOLS_DIR: privateTools }));
    expect(error.code).toBe('HOP3_NODE_TOOL_INSTALL_FAILED');
    expect(error.message).toContain('Node build step "install pnpm@99.99.99" failed');
    expect(error.message).toMatch(/npm error .*(ETARGET|No matching version)/);
    expect((await readdir(join(privateTools, 'pnpm'))).filter((entry) => entry.includes('99.99.99') && !entry.endsWith('.lock'))).toEqual([]);
  });
});

describe('NodeBuilder and the Node version', () => {
  it('installs the official build that engines.node asks for when the system node does not satisfy it', async () => {
    const src = await stage('node22', join(FIXTURES, 'pnpm-app'), async (dir) => {
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      pkg.engines = { node: '22.x' };
      await writeFile(join(dir, 'package.json'), JSON.stringify(pkg));
    });
    const artifact = await build('node22', src);
    expect(artifact.metadata).toMatchObject({ nodeSource: 'official-build', nodeVersion: expect.stringMatching(/^22\./) });
    const node = artifact.metadata.node as string;
    expect(node.startsWith(join(SHARED_TOOLS_DIR, 'node'))).toBe(true);
    expect((await runCommand(node, ['--version'])).stdout).toBe(`v${artifact.metadata.nodeVersion as string}`);
    expect(artifact.metadata.binDirs).toEqual(expect.arrayContaining([join(node, '..')]));
  });

  it('refuses a range no Node satisfies, listing what is available', async () => {
    const src = await stage('node99', join(FIXTURES, 'pnpm-app'), async (dir) => {
      await writeFile(join(dir, '.nvmrc'), '99\n');
    });
    const error = await failure(build('node99', src));
    expect(error.code).toBe('HOP3_NODE_VERSION_UNAVAILABLE');
    expect(error.message).toContain('No Node version satisfies .nvmrc "99"');
    expect(error.message).toMatch(/Available: 20\.\d+\.\d+ \(system node\), .*22\.\d+\.\d+/);
  });
});
