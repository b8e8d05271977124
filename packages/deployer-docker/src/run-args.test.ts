import { describe, expect, it } from 'vitest';
import { runArgs, type ContainerSpec } from './run-args.js';

const spec: ContainerSpec = {
  name: 'hop3-abc-shop.web.1.r4',
  app: 'shop',
  rootId: 'abc',
  release: 4,
  kind: 'web',
  ordinal: 1,
  image: 'sha256:1234',
  envFile: '/apps/shop/docker/r4.env',
  network: 'bridge',
  hostPort: 40001,
  containerPort: 8080,
  command: null,
  stopTimeout: 10,
  restart: 'no',
};

describe('runArgs', () => {
  it('publishes a bridged web container on loopback only, env from the file, labelled, under tini', () => {
    const args = runArgs(spec);
    expect(args.slice(0, 2)).toEqual(['run', '--detach']);
    expect(args).toContain('--init');
    expect(args.join(' ')).toContain('--publish 127.0.0.1:40001:8080');
    expect(args.join(' ')).toContain('--env-file /apps/shop/docker/r4.env');
    expect(args.join(' ')).toContain('--env PORT=8080');
    expect(args.join(' ')).toContain('--label hop3.app=shop');
    expect(args.join(' ')).toContain('--label hop3.root=abc');
    expect(args.join(' ')).toContain('--restart no');
    expect(args.at(-1)).toBe('sha256:1234'); // the image's own CMD
  });

  it('on the host network the process listens on the loopback port itself; Procfile commands run under sh -c', () => {
    const args = runArgs({ ...spec, network: 'host', command: 'node server.js --port $PORT', memory: '256m', cpus: 0.5 });
    expect(args.join(' ')).toContain('--network host');
    expect(args.join(' ')).toContain('--env PORT=40001');
    expect(args.join(' ')).not.toContain('--publish');
    expect(args.join(' ')).toContain('--memory 256m --cpus 0.5');
    expect(args.slice(-4)).toEqual(['sha256:1234', '/bin/sh', '-c', 'node server.js --port $PORT']);
  });

  it('a worker has no port', () => {
    const args = runArgs({ ...spec, kind: 'worker', hostPort: null, containerPort: null, command: 'node worker.js' });
    expect(args.join(' ')).not.toContain('PORT=');
    expect(args.join(' ')).not.toContain('--publish');
  });
});
