// A compose app as a Swarm stack ([docker] mode = "swarm") on a single-node swarm of the real
// dockerd, behind a private nginx: the web service in host mode on random ports with dnsrr, a
// rolling start-first update under a steady request loop, scaling per service, status from the
// tasks, stop/start, a task that Swarm restarts on a new port (status says nginx misses it; start
// re-points nginx), and destroy = stack rm (+ its volume with volumes). The swarm is initialised
// on loopback only when the daemon is not a swarm node already, and left only if this file did so.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { findFreePort, waitUntil } from '@hop3/kit';
import { requirePrograms } from '@hop3/testkit';
import { DockerErrorCodes } from '../src/errors.js';
import { ensureNodeBase } from './support/base-image.js';
import { ensureRedisImage, REDIS_IMAGE } from './support/redis-image.js';
import { createTestHost, dockerObjects, logPumpsUnder, requestLoop, statusOnceProxyMisses, type TestHost } from './support/test-host.js';

let host: TestHost;
let initialisedSwarm = false;
const APP = `dk-swarm-${process.pid}`;
const STACK = `hop3-${APP}`;
const VOLUME = `${STACK}_cachedata`;
const docker = (args: string[]) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

// The health check makes Swarm's start-first update wait until the new task answers before it
// stops the old one (the image has node, and nothing else to probe with).
const HEALTH = `["CMD", "node", "-e", "require('http').get('http://127.0.0.1:'+process.env.PORT+'/health',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"]`;

function composeFile(): string {
  return `services:
  web:
    build: .
    ports:
      - "8080"
    environment:
      REDIS_HOST: cache
    healthcheck:
      test: ${HEALTH}
      interval: 1s
      timeout: 2s
      retries: 3
  cache:
    image: ${REDIS_IMAGE}
    command: ["/usr/bin/redis-server", "--protected-mode", "no", "--dir", "/data", "--appendonly", "yes"]
    volumes:
      - cachedata:/data
volumes:
  cachedata: {}
`;
}

const deploy = (version: string, files: Record<string, string> = {}) =>
  host.appCopy('node-app', `${APP}-${version}`, { 'version.txt': `${version}\n`, 'compose.yaml': composeFile(), 'hop3.toml': '[docker]\nmode = "swarm"\n', ...files }).then((dir) => host.engine.deploy({ sourceDir: dir, appName: APP }));

const services = () => docker(['service', 'ls', '--filter', `label=com.docker.stack.namespace=${STACK}`, '--format', '{{.Name}}']).split('\n').filter(Boolean);

beforeAll(async () => {
  requirePrograms(['docker', 'nginx'], 'hop3 setup --only nginx,docker, and a running dockerd');
  await Promise.all([ensureNodeBase(), ensureRedisImage()]);
  if (docker(['info', '--format', '{{.Swarm.LocalNodeState}}']) === 'inactive') {
    docker(['swarm', 'init', '--advertise-addr', '127.0.0.1', '--listen-addr', `127.0.0.1:${await findFreePort()}`]);
    initialisedSwarm = true;
  }
  host = await createTestHost('swarm');
}, 120_000);

afterAll(async () => {
  await host?.close();
  execFileSync('docker', ['volume', 'rm', '-f', VOLUME], { stdio: 'ignore' });
  if (initialisedSwarm) {
    execFileSync('docker', ['swarm', 'leave', '--force'], { stdio: 'ignore' });
    // Swarm leaves its bridge to the host behind.
    execFileSync('docker', ['network', 'rm', 'docker_gwbridge'], { stdio: 'ignore' });
  }
}, 120_000);

describe('swarm mode: a compose app as a stack (single-node swarm, real dockerd, private nginx)', () => {
  it('deploys the stack hop3-<app>: the web service behind nginx in host mode on a random port, dnsrr', async () => {
    const result = await deploy('s1');
    expect(result.deployer).toBe('docker-swarm');
    expect(result.artifact.metadata).toMatchObject({ mode: 'swarm' });
    expect((await host.get(APP)).body).toBe('version s1\n');
    expect((await host.get(APP, '/count')).body).toBe('1');
    expect(services().sort()).toEqual([`${STACK}_cache`, `${STACK}_web`]);
    const spec = JSON.parse(docker(['service', 'inspect', `${STACK}_web`, '--format', '{{json .Spec}}'])) as {
      EndpointSpec: { Mode: string; Ports: Array<{ PublishMode: string; PublishedPort?: number }> };
      UpdateConfig: { Order: string };
    };
    expect(spec.EndpointSpec.Mode).toBe('dnsrr');
    expect(spec.EndpointSpec.Ports).toHaveLength(1);
    expect(spec.EndpointSpec.Ports[0]).toMatchObject({ PublishMode: 'host' });
    expect(spec.EndpointSpec.Ports[0]!.PublishedPort ?? 0).toBe(0);
    expect(spec.UpdateConfig.Order).toBe('start-first');
    const status = await host.engine.status({ app: APP });
    expect(status.running).toBe(true);
    expect((status.workers ?? []).map((w) => `${w.kind}:${w.state}`).sort()).toEqual(['cache:up', 'web:up']);
  });

  it('a rolling start-first update under a steady request loop: no failed request, the data kept', async () => {
    const loop = requestLoop(() => host.get(APP));
    await new Promise((r) => setTimeout(r, 300));
    await deploy('s2');
    // Swarm stops the old task after the new one is healthy: keep probing past that.
    await waitUntil(() => docker(['ps', '-q', '--filter', `label=com.docker.swarm.service.name=${STACK}_web`]).split('\n').filter(Boolean).length === 1, {
      timeoutMs: 60_000,
      description: 'the old web task to be stopped by Swarm',
    });
    await new Promise((r) => setTimeout(r, 500));
    const { ok, failed, failures, bodies } = await loop.stop();
    console.log(`swarm rolling update: ${ok + failed} requests, ${failed} failed`);
    expect(failures).toEqual([]);
    expect(failed).toBe(0);
    expect([...bodies]).toEqual(expect.arrayContaining(['version s1', 'version s2']));
    expect((await host.get(APP)).body).toBe('version s2\n');
    expect((await host.get(APP, '/count')).body).toBe('2');
  });

  it('scales the web service to 2 and back; status comes from the tasks', async () => {
    await host.engine.scale({ app: APP, absolute: { web: 2 } });
    const status = await host.engine.status({ app: APP });
    expect((status.workers ?? []).filter((w) => w.kind === 'web').map((w) => w.state)).toEqual(['up', 'up']);
    for (let i = 0; i < 4; i++) expect((await host.get(APP)).body).toBe('version s2\n');
    await host.engine.scale({ app: APP, absolute: { web: 1 } });
    expect((await host.engine.status({ app: APP })).workers?.filter((w) => w.kind === 'web')).toHaveLength(1);
    expect((await host.get(APP)).status).toBe(200);
    await expect(host.engine.scale({ app: APP, absolute: { nope: 1 } })).rejects.toThrow(/no service "nope"/);
  });

  it('stop and start, twice each', async () => {
    for (let i = 0; i < 2; i++) {
      await host.engine.stop({ app: APP });
      expect((await host.engine.status({ app: APP })).running).toBe(false);
    }
    for (let i = 0; i < 2; i++) {
      await host.engine.start({ app: APP });
      expect((await host.get(APP)).body).toBe('version s2\n');
    }
  });

  it('a web task that Swarm restarts on its own comes back on a new port: status says unreachable and names it; start points nginx there', async () => {
    const before = await host.engine.status({ app: APP });
    expect(before.status).toBe('running');
    expect(before.proxy?.missed).toEqual([]);
    docker(['kill', docker(['ps', '-q', '--filter', `label=com.docker.swarm.service.name=${STACK}_web`])]);
    const status = await statusOnceProxyMisses(host, APP, 'Swarm to start a new web task on a new port');
    expect(status.status).toBe('unreachable');
    expect(status.proxy?.backends).toEqual(before.proxy?.live);
    expect(status.proxy?.missed).toEqual(status.proxy?.live);
    expect((await host.get(APP)).status).toBe(502); // nginx still sends to the killed task's port
    await host.engine.start({ app: APP });
    expect((await host.get(APP)).body).toBe('version s2\n');
    const after = await host.engine.status({ app: APP });
    expect(after.status).toBe('running');
    expect(after.proxy?.backends).toEqual(status.proxy?.live);
  });

  it('a release whose task exits fails fast with its lines; the previous release keeps serving', async () => {
    const loop = requestLoop(() => host.get(APP));
    const dir = await host.appCopy('node-app', `${APP}-s3`, { 'version.txt': 's3\n', 'compose.yaml': composeFile(), 'hop3.toml': '[docker]\nmode = "swarm"\n' });
    const error = await host.engine.deploy({ sourceDir: dir, appName: APP, env: { CRASH_AT_START: 's3' } }).catch((e: unknown) => e);
    const { failed } = await loop.stop();
    expect(hasErrorCode(error, DockerErrorCodes.swarmUpdateFailed), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/did not start/);
    expect(failed).toBe(0);
    expect((await host.get(APP)).body).toBe('version s2\n');
  });

  it('destroy removes the stack, its containers and network; its volume only with volumes', async () => {
    await host.engine.destroy({ app: APP, volumes: true });
    expect(services()).toEqual([]);
    expect(dockerObjects(APP)).toEqual({ containers: [], images: [] });
    expect(logPumpsUnder(host.root)).toEqual([]);
    expect(docker(['network', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${STACK}`])).toBe('');
    expect(docker(['volume', 'ls', '-q', '--filter', `name=${VOLUME}`])).toBe('');
  });
});
