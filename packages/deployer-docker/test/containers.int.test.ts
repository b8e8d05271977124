// The docker builder and deployer against the real dockerd and a private nginx: a Dockerfile app
// deployed, redeployed under a steady request loop, new releases that crash or never answer,
// scaling, stop/start/restart, logs, image retention, destroy, and a Dockerfile that fails.
import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { EngineErrorCodes } from '@hop3/engine';
import { waitUntil } from '@hop3/kit';
import { requirePrograms } from '@hop3/testkit';
import { DockerErrorCodes } from '../src/errors.js';
import { releaseImages } from '../src/image-retention.js';
import { LABELS } from '../src/names.js';
import { dockerClient } from '../src/docker-cli.js';
import { ensureNodeBase } from './support/base-image.js';
import { createTestHost, dockerObjects, logPumpsUnder, requestLoop, type TestHost } from './support/test-host.js';

let host: TestHost;
const APP = `dk-web-${process.pid}`;
const client = dockerClient(process.env);
const containerNames = () => execFileSync('docker', ['ps', '-a', '--filter', `label=${LABELS.app}=${APP}`, '--format', '{{.Names}}'], { encoding: 'utf8' }).split('\n').filter(Boolean);
/** The containers that have log pump files (pid, position). */
const pumpedContainers = async () => [...new Set((await readdir(join(host.root, 'apps', APP, 'docker', 'pumps'))).map((file) => file.replace(/\.(pid|since)$/, '')))];

const deploy = (version: string, extra: Record<string, string> = {}) =>
  host.appCopy('node-app', `${APP}-${version}`, { 'version.txt': `${version}\n`, 'hop3.toml': '[docker]\nkeep-images = 2\n', ...extra }).then((dir) => host.engine.deploy({ sourceDir: dir, appName: APP }));

beforeAll(async () => {
  requirePrograms(['docker', 'nginx'], 'hop3 setup --only nginx,docker, and a running dockerd');
  await ensureNodeBase();
  host = await createTestHost('containers');
});

afterAll(() => host?.close());

describe('docker builder and deployer (real dockerd, private nginx)', () => {
  it('builds hop3/<app>:r1 with labels and serves it through nginx', async () => {
    const dir = await host.appCopy('node-app', `${APP}-v1`, { 'version.txt': 'v1\n', 'hop3.toml': '[docker]\nkeep-images = 2\n' });
    const result = await host.engine.deploy({ sourceDir: dir, appName: APP, env: { CRASH_AT_START: 'crash', HANG_AT_START: 'hang', SECRET_TOKEN: 's3cr3t-value' } });
    expect(result.builder).toBe('docker');
    expect(result.deployer).toBe('docker');
    expect(result.artifact.kind).toBe('docker-image');
    expect(result.artifact.location).toBe(`hop3/${APP}:r1`);
    expect(result.artifact.metadata).toMatchObject({ tag: `hop3/${APP}:r1`, release: 1, exposedPorts: ['8080/tcp'] });
    expect(result.artifact.metadata.size).toBeGreaterThan(1_000_000);
    const labels = JSON.parse((await import('node:child_process')).execFileSync('docker', ['image', 'inspect', '--format', '{{json .Config.Labels}}', `hop3/${APP}:r1`], { encoding: 'utf8' }));
    expect(labels).toMatchObject({ 'hop3.app': APP, 'hop3.release': '1' });
    expect(labels['hop3.source']).toMatch(/^[0-9a-f]{16}$/);
    expect(host.events.some((e) => e.type === 'build:output' && /Step \d+\/\d+|FROM/.test(e.line))).toBe(true);
    expect((await host.get(APP)).body).toBe('version v1\n');
    // The env reaches the app through the env file, never the command line.
    expect((await host.get(APP, '/env?name=SECRET_TOKEN')).body).toBe('s3cr3t-value');
    const { execFileSync } = await import('node:child_process');
    const psArgs = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(psArgs).not.toContain('s3cr3t-value');
    const inspectArgs = execFileSync('docker', ['ps', '--no-trunc', '--filter', `label=hop3.app=${APP}`, '--format', '{{.Command}}'], { encoding: 'utf8' });
    expect(inspectArgs).not.toContain('s3cr3t-value');
  });

  it('redeploys under a steady request loop with zero failed requests', async () => {
    const loop = requestLoop(() => host.get(APP));
    await new Promise((r) => setTimeout(r, 300));
    await deploy('v2');
    await deploy('v3');
    await new Promise((r) => setTimeout(r, 300));
    const { ok, failed, bodies, failures } = await loop.stop();
    expect(failures).toEqual([]);
    expect(failed).toBe(0);
    expect(ok).toBeGreaterThan(20);
    expect([...bodies]).toEqual(expect.arrayContaining(['version v1', 'version v3']));
    expect((await host.get(APP)).body).toBe('version v3\n');
    // The old releases' containers are retired in the background once the drain (1 s) is over:
    // only the live release's are left, and the retired ones no longer restart meanwhile.
    const names = () => (execFileSync('docker', ['ps', '-a', '--filter', `label=${LABELS.app}=${APP}`, '--format', '{{.Names}}'], { encoding: 'utf8' }).trim().split('\n'));
    await waitUntil(() => names().length === 1, { timeoutMs: 20_000, description: 'the old containers to be retired' });
    expect(names()[0]).toMatch(/\.web\.1\.r3$/);
  });

  it('keeps the images of the last N releases only ([docker] keep-images = 2)', async () => {
    const kept = (await releaseImages(client, APP)).map((image) => image.release);
    expect(kept).toEqual([3, 2]);
  });

  it('a release that exits at start fails fast, is removed, and the old one keeps serving', async () => {
    const loop = requestLoop(() => host.get(APP));
    const error = await deploy('crash').catch((e: unknown) => e);
    const { failed } = await loop.stop();
    expect(hasErrorCode(error, EngineErrorCodes.healthGateFailed), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/exited with code 3/);
    expect((error as Error).message).toContain('boom: version crash refuses to start');
    // Ended by the deployer's startupFailure(), not by the start timeout (no wall-clock check: load varies).
    expect((error as { details?: { startupFailure?: unknown } }).details?.startupFailure).toMatch(/exited with code 3/);
    expect(failed).toBe(0);
    expect((await host.get(APP)).body).toBe('version v3\n');
    expect(dockerObjects(APP).containers).toHaveLength(1);
  });

  it('a release that never answers is rolled back at the health timeout; the old one keeps serving', async () => {
    const error = await deploy('hang', { 'hop3.toml': '[healthcheck]\ntimeout = 3\n[docker]\nkeep-images = 2\n' }).catch((e: unknown) => e);
    expect(hasErrorCode(error, EngineErrorCodes.healthGateFailed), String(error)).toBe(true);
    expect((await host.get(APP)).body).toBe('version v3\n');
    expect(dockerObjects(APP).containers).toHaveLength(1);
  });

  it('failed releases do not push a rollback target out: hop3 rollback finds its image', async () => {
    // keep-images = 2 keeps the last 2 releases that went live (3 and 2) and the failed 4 and 5
    // built since; the next build after a newer live release drops the failed ones.
    expect((await releaseImages(client, APP)).map((image) => image.release)).toEqual([5, 4, 3, 2]);
    await host.engine.rollback({ app: APP, release: 2 });
    expect((await host.get(APP)).body).toBe('version v2\n');
    await host.engine.rollback({ app: APP, release: 3 });
    expect((await host.get(APP)).body).toBe('version v3\n');
    await waitUntil(() => dockerObjects(APP).containers.length === 1, { timeoutMs: 20_000, description: 'the rolled-back containers to be retired' });
  });

  it('scales web to 3 and back; every container answers and nginx balances over them', async () => {
    await host.engine.scale({ app: APP, absolute: { web: 3 } });
    const status = await host.engine.status({ app: APP });
    const web = (status.workers ?? []).filter((w) => w.kind === 'web');
    expect(web.map((w) => w.state)).toEqual(['up', 'up', 'up']);
    expect(dockerObjects(APP).containers).toHaveLength(3);
    for (let i = 0; i < 6; i++) expect((await host.get(APP)).body).toBe('version v3\n');
    const scaledUp = containerNames();
    await host.engine.scale({ app: APP, absolute: { web: 1 } });
    expect(dockerObjects(APP).containers).toHaveLength(1);
    // The removed containers' pumps are stopped and leave no file behind.
    const removed = scaledUp.filter((name) => !containerNames().includes(name));
    expect(removed).toHaveLength(2);
    expect((await pumpedContainers()).filter((name) => removed.includes(name))).toEqual([]);
    expect((await host.get(APP)).status).toBe(200);
    await expect(host.engine.scale({ app: APP, absolute: { web: 0 } })).rejects.toThrow(/hop3 stop/);
    await expect(host.engine.scale({ app: APP, absolute: { nope: 2 } })).rejects.toThrow(/no process kind "nope"/);
  });

  it('stop, start and restart, each twice, tell the measured truth', async () => {
    for (let round = 0; round < 2; round++) {
      await host.engine.stop({ app: APP });
      expect((await host.engine.status({ app: APP })).running).toBe(false);
      expect((await host.get(APP)).status).not.toBe(200);
    }
    for (let round = 0; round < 2; round++) {
      await host.engine.start({ app: APP });
      expect((await host.engine.status({ app: APP })).running).toBe(true);
      expect((await host.get(APP)).body).toBe('version v3\n');
    }
    for (let round = 0; round < 2; round++) {
      await host.engine.restart({ app: APP });
      expect((await host.engine.status({ app: APP })).running).toBe(true);
      expect((await host.get(APP)).body).toBe('version v3\n');
    }
  });

  it("the containers' output reaches hop3 logs", async () => {
    await waitUntil(async () => ((await host.engine.logs({ app: APP })).logs['web.1.log'] ?? []).some((line) => line.includes('listening on')), {
      timeoutMs: 10_000,
      description: 'the web log to show the app listening',
    });
    const logs = await host.engine.logs({ app: APP, lines: 200 });
    expect(logs.logs['web.1.log']!.join('\n')).toContain('starting version v3');
    expect(logs.logs['build.log']!.join('\n')).toContain('docker build');
  });

  it('a Dockerfile that fails to build shows docker\'s error lines; nothing changes', async () => {
    const error = await deploy('bad', { Dockerfile: 'FROM hop3-test/node:20\nRUN echo "about to fail" && exit 7\n' }).catch((e: unknown) => e);
    expect(hasErrorCode(error, DockerErrorCodes.buildFailed), String(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('exit 7');
    expect(message).toContain('about to fail');
    expect(message).not.toContain('DEPRECATED');
    expect((await host.get(APP)).body).toBe('version v3\n');
  });

  it('a base image that is neither here nor reachable is named, with what to do', async () => {
    const error = await deploy('nobase', { Dockerfile: 'FROM hop3-test/does-not-exist:1\nCMD ["node"]\n' }).catch((e: unknown) => e);
    expect(hasErrorCode(error, DockerErrorCodes.baseImageMissing), String(error)).toBe(true);
    expect((error as Error).message).toContain('hop3-test/does-not-exist:1');
  });

  it('destroy leaves no container and no image of the app', async () => {
    const stateFile = join(host.root, 'apps', APP, 'docker-state.json');
    expect(JSON.parse(await readFile(stateFile, 'utf8')).current.release).toBe(3);
    await host.engine.destroy({ app: APP });
    expect(dockerObjects(APP)).toEqual({ containers: [], images: [] });
    expect(logPumpsUnder(host.root)).toEqual([]);
  });
});
