// A compose app (a web service built from its Dockerfile, a redis service with a named volume)
// through the docker-compose deployer, with compose v1 (Debian's docker-compose) and a private
// nginx: deploy, a redeploy that recreates redis under a steady request loop with zero failed
// requests and the data kept, scaling the web service, a crashed web process back on a new port
// (status says nginx misses it; start re-points nginx), bad compose files refused before the
// build, and destroy leaving no container, network or image (the volume stays unless asked).
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { waitUntil } from '@hop3/kit';
import { requirePrograms } from '@hop3/testkit';
import { DockerErrorCodes } from '../src/errors.js';
import { ensureNodeBase } from './support/base-image.js';
import { ensureRedisImage, REDIS_IMAGE } from './support/redis-image.js';
import { createTestHost, dockerObjects, logPumpsUnder, requestLoop, statusOnceProxyMisses, type TestHost } from './support/test-host.js';

let host: TestHost;
const APP = `dk-compose-${process.pid}`;
const VOLUME = `hop3-${APP}_cachedata`;

function composeFile(generation: number, extraCacheArgs = ''): string {
  return `services:
  web:
    build: .
    ports:
      - "8080"
    environment:
      REDIS_HOST: cache
    depends_on:
      - cache
  cache:
    image: ${REDIS_IMAGE}
    command: ["/usr/bin/redis-server", "--protected-mode", "no", "--dir", "/data", "--appendonly", "yes"${extraCacheArgs}]
    environment:
      GENERATION: "${generation}"
    volumes:
      - cachedata:/data
volumes:
  cachedata: {}
`;
}

const deploy = (version: string, files: Record<string, string>) =>
  host.appCopy('node-app', `${APP}-${version}`, { 'version.txt': `${version}\n`, ...files }).then((dir) => host.engine.deploy({ sourceDir: dir, appName: APP }));

const networks = () => execFileSync('docker', ['network', 'ls', '-q', '--filter', `label=com.docker.compose.project=hop3-${APP}`], { encoding: 'utf8' }).split('\n').filter(Boolean);

beforeAll(async () => {
  requirePrograms(['docker', 'docker-compose', 'nginx'], 'hop3 setup --only nginx,docker, and a running dockerd');
  await Promise.all([ensureNodeBase(), ensureRedisImage()]);
  host = await createTestHost('compose');
});

afterAll(async () => {
  await host?.close();
  execFileSync('docker', ['volume', 'rm', '-f', VOLUME], { stdio: 'ignore' });
});

describe('compose apps (docker-compose v1, real dockerd, private nginx)', () => {
  it('refuses, before building, a service published on every interface and an unknown web service', async () => {
    const open = composeFile(1).replace('"8080"', '"0.0.0.0:8080:8080"');
    const refused = await deploy('c0', { 'compose.yaml': open }).catch((e: unknown) => e);
    expect(hasErrorCode(refused, DockerErrorCodes.invalidCompose), String(refused)).toBe(true);
    expect((refused as Error).message).toContain('0.0.0.0');
    expect((refused as Error).message).toContain('127.0.0.1');
    const unknown = await deploy('c0', { 'compose.yaml': composeFile(1), 'hop3.toml': '[docker]\nweb-service = "frontend"\n' }).catch((e: unknown) => e);
    expect(hasErrorCode(unknown, DockerErrorCodes.invalidCompose), String(unknown)).toBe(true);
    expect((unknown as Error).message).toContain('no service "frontend"');
    expect((unknown as Error).message).toContain('web, cache');
    expect(host.events.filter((e) => e.type === 'build:start')).toEqual([]);
    expect(dockerObjects(APP).images).toEqual([]);
  });

  it('runs the project hop3-<app> with its web service behind nginx and redis beside it', async () => {
    const result = await deploy('c1', { 'compose.yaml': composeFile(1) });
    expect(result.deployer).toBe('docker-compose');
    expect(result.artifact.kind).toBe('docker-compose');
    expect((await host.get(APP)).body).toBe('version c1\n');
    expect((await host.get(APP, '/count')).body).toBe('1');
    expect((await host.get(APP, '/count')).body).toBe('2');
    // Published on loopback only.
    const ports = execFileSync('docker', ['ps', '--filter', `label=com.docker.compose.project=hop3-${APP}`, '--format', '{{.Ports}}'], { encoding: 'utf8' });
    expect(ports).toMatch(/127\.0\.0\.1:\d+->8080\/tcp/);
    expect(ports).not.toContain('0.0.0.0');
  });

  it('a redeploy rolls the web service with zero failed requests; redis is recreated and its volume keeps the data', async () => {
    const loop = requestLoop(() => host.get(APP));
    await new Promise((r) => setTimeout(r, 300));
    await deploy('c2', { 'compose.yaml': composeFile(2, ', "--maxmemory-policy", "noeviction"') });
    await new Promise((r) => setTimeout(r, 300));
    const { ok, failed, failures, bodies } = await loop.stop();
    expect(failures).toEqual([]);
    expect(failed).toBe(0);
    expect(ok).toBeGreaterThan(20);
    expect([...bodies]).toEqual(expect.arrayContaining(['version c1', 'version c2']));
    expect((await host.get(APP, '/count')).body).toBe('3');
    // The old web container is retired in the background after the drain (1 s).
    const web = () => execFileSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=hop3-${APP}`, '--filter', 'label=com.docker.compose.service=web'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    await waitUntil(() => web().length === 1, { timeoutMs: 20_000, description: 'the old web container to be retired' });
  });

  it('scales the web service to 2 and back; status is measured per container', async () => {
    await host.engine.scale({ app: APP, absolute: { web: 2 } });
    const status = await host.engine.status({ app: APP });
    expect((status.workers ?? []).filter((w) => w.kind === 'web').map((w) => w.state)).toEqual(['up', 'up']);
    expect((status.workers ?? []).filter((w) => w.kind === 'cache').map((w) => w.state)).toEqual(['up']);
    for (let i = 0; i < 4; i++) expect((await host.get(APP)).body).toBe('version c2\n');
    await host.engine.scale({ app: APP, absolute: { web: 1 } });
    expect((await host.engine.status({ app: APP })).running).toBe(true);
    await expect(host.engine.scale({ app: APP, absolute: { nope: 1 } })).rejects.toThrow(/no service "nope"/);
  });

  it('stop and start, twice each', async () => {
    for (let i = 0; i < 2; i++) {
      await host.engine.stop({ app: APP });
      expect((await host.engine.status({ app: APP })).running).toBe(false);
    }
    for (let i = 0; i < 2; i++) {
      await host.engine.start({ app: APP });
      expect((await host.get(APP)).body).toBe('version c2\n');
    }
    expect((await host.get(APP, '/count')).body).toBe('4');
  });

  it('a web process that crashes comes back on a new random port: status says unreachable and names it; start points nginx there', async () => {
    const before = await host.engine.status({ app: APP });
    expect(before.status).toBe('running');
    expect(before.proxy?.missed).toEqual([]);
    const [web] = execFileSync('docker', ['ps', '-q', '--filter', `label=com.docker.compose.project=hop3-${APP}`, '--filter', 'label=com.docker.compose.service=web'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    // The server's host pid (under compose's init): killing it is a crash, not a `docker stop`,
    // so the restart policy starts the container again, and docker gives it a new random port.
    const server = execFileSync('docker', ['top', web!, '-eo', 'pid,args'], { encoding: 'utf8' }).split('\n').find((line) => /^\s*\d+\s+node /.test(line));
    process.kill(Number(server!.trim().split(/\s+/)[0]), 'SIGKILL');
    const status = await statusOnceProxyMisses(host, APP, 'docker to restart the web container on a new port');
    expect(status.status).toBe('unreachable');
    expect(status.proxy?.backends).toEqual(before.proxy?.live);
    expect((await host.get(APP)).status).toBe(502);
    await host.engine.start({ app: APP });
    expect((await host.get(APP)).body).toBe('version c2\n');
    expect((await host.engine.status({ app: APP })).status).toBe('running');
  });

  it('destroy leaves no container, network or image of the app; the named volume stays', async () => {
    await host.engine.destroy({ app: APP });
    expect(dockerObjects(APP)).toEqual({ containers: [], images: [] });
    expect(logPumpsUnder(host.root)).toEqual([]);
    expect(networks()).toEqual([]);
    expect(execFileSync('docker', ['volume', 'ls', '-q', '--filter', `name=${VOLUME}`], { encoding: 'utf8' }).trim()).toBe(VOLUME);
  });

  it('deployed again, the app finds its data; destroy with volumes removes the volume too', async () => {
    await deploy('c3', { 'compose.yaml': composeFile(3) });
    expect((await host.get(APP, '/count')).body).toBe('5');
    await host.engine.destroy({ app: APP, volumes: true });
    expect(dockerObjects(APP)).toEqual({ containers: [], images: [] });
    expect(networks()).toEqual([]);
    expect(execFileSync('docker', ['volume', 'ls', '-q', '--filter', `name=${VOLUME}`], { encoding: 'utf8' }).trim()).toBe('');
  });
});
