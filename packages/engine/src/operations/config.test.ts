import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../create-engine.js';
import { EngineErrorCodes } from '../errors.js';
import { createFakeWorld, fakePlugin, FAKE_PROXY, type FakeWorld } from '../test-support/fake-plugins.js';

// config set/unset: what is refused before anything changes, and what rolls the app out.

let dir: string;
let world: FakeWorld;
let engine: Engine;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hop3-config-'));
  const source = join(dir, 'demo');
  await mkdir(source);
  await writeFile(join(source, 'Procfile'), 'web: serve --port $PORT\n');
  world = await createFakeWorld();
  engine = await createEngine({
    root: join(dir, 'root'),
    env: { HOP3_PROXY: FAKE_PROXY, HOP3_START_TIMEOUT: '10' },
    plugins: { plugins: [fakePlugin(world)], discover: false },
  });
  await engine.deploy({ sourceDir: source, appName: 'demo', env: { KEEP: 'yes' } });
});

afterEach(async () => {
  await world.close();
  await rm(dir, { recursive: true, force: true });
});

const deploysSoFar = () => world.journal.filter((entry) => entry.startsWith('deploy ')).length;

describe('config set and unset', () => {
  it('refuses a key given twice, changing nothing', async () => {
    const before = deploysSoFar();
    await expect(engine.config.set({ app: 'demo', env: ['A=1', 'A=2'] })).rejects.toMatchObject({ code: EngineErrorCodes.invalidInput, message: expect.stringContaining('"A" is given twice') });
    expect(deploysSoFar()).toBe(before);
    expect((await engine.config.get({ app: 'demo' })).env.A).toBeUndefined();
  });

  it('refuses to unset an invalid key', async () => {
    await expect(engine.config.unset({ app: 'demo', keys: ['1bad'] })).rejects.toMatchObject({ code: EngineErrorCodes.invalidInput });
  });

  it('unsetting keys that were not set changes nothing and does not roll the app out', async () => {
    const before = deploysSoFar();
    expect(await engine.config.unset({ app: 'demo', keys: ['NOPE', 'NOPE'] })).toEqual({ app: 'demo', keys: [], notSet: ['NOPE'], restarted: false });
    expect(deploysSoFar()).toBe(before);
  });

  it('unsets a key that was set, rolling the running app out, and names the others', async () => {
    const before = deploysSoFar();
    expect(await engine.config.unset({ app: 'demo', keys: ['KEEP', 'NOPE'] })).toEqual({ app: 'demo', keys: ['KEEP'], notSet: ['NOPE'], restarted: true });
    expect(deploysSoFar()).toBe(before + 1);
    expect((await engine.config.get({ app: 'demo' })).env.KEEP).toBeUndefined();
  });
});
