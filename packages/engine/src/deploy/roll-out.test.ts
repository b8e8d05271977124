import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { createEngine, type Engine } from '../create-engine.js';
import type { EngineEvent } from '../events.js';
import { EngineErrorCodes } from '../errors.js';
import { createFakeWorld, fakePlugin, FAKE_PROXY, type FakeWorld } from '../test-support/fake-plugins.js';

// The roll-out order, rollback and locking of deploy, observed through fake strategies that
// run no program and journal every call the engine makes.

let dir: string;
let root: string;
let source: string;
let world: FakeWorld;
let events: EngineEvent[];
let engine: Engine;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hop3-roll-out-'));
  root = join(dir, 'root');
  source = join(dir, 'demo');
  await mkdir(source);
  await writeFile(join(source, 'Procfile'), 'web: serve --port $PORT\n');
  world = await createFakeWorld();
  events = [];
  engine = await createEngine({
    root,
    env: { HOP3_PROXY: FAKE_PROXY, HOP3_START_TIMEOUT: '10' },
    plugins: { plugins: [fakePlugin(world)], discover: false },
    onEvent: (event) => events.push(event),
  });
});

afterEach(async () => {
  await world.close();
  await rm(dir, { recursive: true, force: true });
});

const stateFile = () => join(root, 'apps', 'demo', 'app.json');
const recorded = async () => JSON.parse(await readFile(stateFile(), 'utf8')) as { release: number; app: { runtime: string; state: string } };
/** The journal entries written since `mark` (its length before the operation). */
const since = (mark: number) => world.journal.slice(mark);

describe('deploy roll-out', () => {
  it('builds, starts the new version, waits until it answers, switches the proxy, then commits and records', async () => {
    const result = await engine.deploy({ sourceDir: source, appName: 'demo' });

    expect(world.journal).toEqual([
      'proxy preflight',
      'build r1',
      'deploy alpha@r1',
      'health 200',
      `proxy setup 127.0.0.1:${world.port}`,
      'commit (recorded none) alpha@r1', // the state is written only after the deployer committed
    ]);
    expect(result).toMatchObject({ app: 'demo', release: 1, builder: 'fake-builder', deployer: 'alpha', url: 'http://demo.test/' });
    expect(await recorded()).toMatchObject({ release: 1, app: { runtime: 'alpha', state: 'running' } });
    expect(await readlink(join(root, 'apps', 'demo', 'src'))).toBe(join(root, 'apps', 'demo', 'releases', '1'));
  });

  it('rolls back a redeploy that fails its health gate: the old version keeps running, the proxy and the state stay', async () => {
    await engine.deploy({ sourceDir: source, appName: 'demo' });
    const before = await readFile(stateFile(), 'utf8');
    const mark = world.journal.length;
    world.healthStatus = 500;

    await expect(engine.deploy({ sourceDir: source, appName: 'demo' })).rejects.toMatchObject({
      code: EngineErrorCodes.healthGateFailed,
      message: expect.stringContaining('the web process exited'),
    });

    // Only the new version is touched: no stop of r1, no proxy switch, no commit.
    expect(since(mark)).toEqual(['proxy preflight', 'build r2', 'deploy alpha@r2', 'health 500', 'rollback alpha@r2']);
    expect(await readFile(stateFile(), 'utf8')).toBe(before);
    expect(await readlink(join(root, 'apps', 'demo', 'src'))).toBe(join(root, 'apps', 'demo', 'releases', '1'));
    expect(existsSync(join(root, 'apps', 'demo', 'releases', '2'))).toBe(false);
    expect(events.filter((e) => e.type === 'rollback')).toEqual([{ type: 'rollback', app: 'demo', reason: expect.stringContaining('did not start') }]);
  });

  it('stops and removes a first deploy that fails: nothing is left of the app', async () => {
    world.healthStatus = 500;

    await expect(engine.deploy({ sourceDir: source, appName: 'demo' })).rejects.toMatchObject({ code: EngineErrorCodes.healthGateFailed });

    expect(world.journal).toEqual([
      'proxy preflight',
      'build r1',
      'deploy alpha@r1',
      'health 500',
      'rollback alpha@r1',
      'stop alpha@r1', // no older version to fall back on
      'destroy alpha@r1',
      'proxy remove',
    ]);
    expect(existsSync(join(root, 'apps', 'demo'))).toBe(false);
    expect(await engine.apps()).toEqual([]);
  });

  it('an interrupted first deploy goes no further than the step it was in, and leaves nothing', async () => {
    let finishBuild!: () => void;
    world.buildGate = new Promise((resolve) => (finishBuild = resolve));
    const controller = new AbortController();
    const deploying = engine.deploy({ sourceDir: source, appName: 'demo', signal: controller.signal });
    await expect.poll(() => world.journal).toContain('build r1');
    controller.abort(new Error('SIGINT received'));
    finishBuild();

    await expect(deploying).rejects.toMatchObject({ code: EngineErrorCodes.interrupted, message: expect.stringContaining('SIGINT received') });
    expect(world.journal).toEqual(['proxy preflight', 'build r1', 'proxy remove']); // never deployed; the undo is idempotent
    expect(existsSync(join(root, 'apps', 'demo'))).toBe(false);
  });

  it('an interrupt while the health gate waits stops the new version and undoes the first deploy at once', async () => {
    world.healthStatus = 500;
    world.hangs = true; // without the interrupt, the gate would wait its 10 s
    const controller = new AbortController();
    const deploying = engine.deploy({ sourceDir: source, appName: 'demo', signal: controller.signal });
    await expect.poll(() => world.journal).toContain('health 500');
    controller.abort(new Error('SIGTERM received'));

    await expect(deploying).rejects.toMatchObject({ code: EngineErrorCodes.interrupted });
    expect(world.journal).toEqual(['proxy preflight', 'build r1', 'deploy alpha@r1', 'health 500', 'rollback alpha@r1', 'stop alpha@r1', 'destroy alpha@r1', 'proxy remove']);
    expect(existsSync(join(root, 'apps', 'demo'))).toBe(false);
    expect(await engine.apps()).toEqual([]);
  });

  it('retires the previous runtime when the app moves to another deployer', async () => {
    await engine.deploy({ sourceDir: source, appName: 'demo' });
    await writeFile(join(source, 'hop3.toml'), '[run]\ndeployer = "beta"\n');
    const mark = world.journal.length;

    const result = await engine.deploy({ sourceDir: source, appName: 'demo' });

    expect(since(mark)).toEqual([
      'proxy preflight',
      'build r2',
      'deploy beta@r2',
      'health 200',
      `proxy setup 127.0.0.1:${world.port}`,
      'commit (recorded r1) beta@r2',
      'stop alpha@r1', // after the new one took over
    ]);
    expect(result.deployer).toBe('beta');
    expect(await recorded()).toMatchObject({ release: 2, app: { runtime: 'beta' } });
  });

  it('holds the app lock across the whole deploy: a second deploy of the app waits for the first to finish', async () => {
    let open!: () => void;
    world.buildGate = new Promise<void>((resolve) => (open = resolve));
    const first = engine.deploy({ sourceDir: source, appName: 'demo' });
    await until(() => world.journal.includes('build r1'));
    const second = engine.deploy({ sourceDir: source, appName: 'demo' });
    const finished: string[] = [];
    void first.then(() => finished.push('first'));
    void second.then(() => finished.push('second'));

    await new Promise((resolve) => setTimeout(resolve, 500)); // the lock is polled every 50 ms
    expect(world.journal).toEqual(['proxy preflight', 'build r1']); // the second has not even preflighted
    open();
    const [one, two] = await Promise.all([first, second]);

    expect(world.journal.indexOf('proxy preflight', 2)).toBeGreaterThan(world.journal.indexOf('commit (recorded none) alpha@r1'));
    expect(world.journal).toContain('commit (recorded r1) alpha@r2');
    expect([one.release, two.release]).toEqual([1, 2]);
    expect(finished).toEqual(['first', 'second']);
  });

  it('reports progress as typed events, in order', async () => {
    await engine.deploy({ sourceDir: source, appName: 'demo' });

    expect(events).toEqual([
      { type: 'deploy:start', app: 'demo', release: 1, sourceDir: source },
      { type: 'release:stage', app: 'demo', release: 1, sourceDir: source },
      { type: 'build:start', app: 'demo', builder: 'fake-builder' },
      { type: 'build:output', app: 'demo', line: 'compiling demo' },
      { type: 'run:start', app: 'demo', deployer: 'alpha' },
      { type: 'health:wait', app: 'demo', timeoutSeconds: 10 },
      { type: 'proxy:switch', app: 'demo' },
      { type: 'commit', app: 'demo', deployer: 'alpha' },
      { type: 'deploy:done', app: 'demo', release: 1, url: 'http://demo.test/' },
    ]);
    // The union narrows on `type`: a host reads each payload without casts.
    expectTypeOf<Extract<EngineEvent, { type: 'deploy:done' }>>().toEqualTypeOf<{ type: 'deploy:done'; app: string; release: number; url: string }>();
    expectTypeOf<Extract<EngineEvent, { type: 'health:wait' }>['timeoutSeconds']>().toEqualTypeOf<number>();
  });
});

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
