import { describe, expect, it } from 'vitest';
import { createBody, memoryBytes, type ContainerSpec } from './container-spec.js';

const spec: ContainerSpec = {
  name: 'hop3-abc-shop.web.1.r4',
  app: 'shop',
  rootId: 'abc',
  release: 4,
  kind: 'web',
  ordinal: 1,
  image: 'sha256:1234',
  env: { SECRET: 's3cr3t', APP: 'shop' },
  network: 'bridge',
  hostPort: 40001,
  containerPort: 8080,
  command: null,
  stopTimeout: 10,
  restart: 'no',
};

describe('createBody', () => {
  it('publishes a bridged web container on loopback only, env in the body, labelled, under tini', () => {
    const body = createBody(spec);
    expect(body.Image).toBe('sha256:1234');
    expect(body.Cmd).toBeUndefined(); // the image's own CMD
    expect(body.Env).toEqual(['SECRET=s3cr3t', 'APP=shop', 'PORT=8080']);
    expect(body.Labels).toMatchObject({ 'hop3.app': 'shop', 'hop3.root': 'abc', 'hop3.release': '4', 'hop3.kind': 'web', 'hop3.ordinal': '1' });
    expect(body.ExposedPorts).toEqual({ '8080/tcp': {} });
    expect(body.HostConfig).toMatchObject({
      Init: true,
      RestartPolicy: { Name: 'no' },
      NetworkMode: 'default',
      PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '40001' }] },
      LogConfig: { Config: { 'max-size': '10m', 'max-file': '3' } },
    });
    expect(body.StopTimeout).toBe(10);
  });

  it('on the host network the process listens on the loopback port itself; Procfile commands run under sh -c', () => {
    const body = createBody({ ...spec, network: 'host', command: 'node server.js --port $PORT', memory: '256m', cpus: 0.5 });
    expect(body.HostConfig).toMatchObject({ NetworkMode: 'host', Memory: 256 * 1024 * 1024, NanoCpus: 500_000_000 });
    expect(body.HostConfig.PortBindings).toBeUndefined();
    expect(body.Env).toContain('PORT=40001');
    expect(body.Cmd).toEqual(['/bin/sh', '-c', 'node server.js --port $PORT']);
  });

  it('a worker has no port', () => {
    const body = createBody({ ...spec, kind: 'worker', hostPort: null, containerPort: null, command: 'node worker.js' });
    expect(body.Env.some((e) => e.startsWith('PORT='))).toBe(false);
    expect(body.HostConfig.PortBindings).toBeUndefined();
    expect(body.ExposedPorts).toBeUndefined();
  });

  it('reads memory sizes as docker does', () => {
    expect(memoryBytes('512')).toBe(512);
    expect(memoryBytes('1g')).toBe(1024 ** 3);
    expect(memoryBytes('64K')).toBe(65536);
  });
});
