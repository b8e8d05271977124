import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hasErrorCode } from '@hop3/core';
import { DockerErrorCodes } from '../errors.js';
import { loadComposeApp, parsePort, renderComposeFile } from './compose-file.js';

function fileWith(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hop3-compose-unit-'));
  const file = join(dir, 'compose.yaml');
  writeFileSync(file, text);
  return file;
}

async function refusal(text: string, options = {}): Promise<Error> {
  try {
    await loadComposeApp(fileWith(text), options);
  } catch (error) {
    expect(hasErrorCode(error, DockerErrorCodes.invalidCompose)).toBe(true);
    return error as Error;
  }
  throw new Error('not refused');
}

describe('compose files', () => {
  it('reads short and long port syntax', async () => {
    expect(parsePort('8080')).toEqual({ hostIp: null, published: null, target: 8080 });
    expect(parsePort('9000:8080')).toEqual({ hostIp: null, published: '9000', target: 8080 });
    expect(parsePort('0.0.0.0:9000:8080/tcp')).toEqual({ hostIp: '0.0.0.0', published: '9000', target: 8080 });
    expect(parsePort('127.0.0.1::8080')).toEqual({ hostIp: '127.0.0.1', published: null, target: 8080 });
    expect(parsePort({ target: 80, published: 8000, host_ip: '0.0.0.0' })).toEqual({ hostIp: '0.0.0.0', published: '8000', target: 80 });
    expect(parsePort(3000)).toEqual({ hostIp: null, published: null, target: 3000 });
  });

  it('refuses bad files with what to change', async () => {
    expect((await refusal('services: [\n')).message).toContain('not valid YAML');
    expect((await refusal('version: "3"\n')).message).toContain('no services');
    expect((await refusal('services:\n  app:\n    image: x\n')).message).toContain('no service "web"');
    expect((await refusal('services:\n  web:\n    image: x\n    ports: ["0.0.0.0:80:8080"]\n')).message).toMatch(/every interface.*127\.0\.0\.1/s);
    expect((await refusal('services:\n  web:\n    image: x\n  db:\n    image: y\n    ports: [{ target: 5432, published: 5432, host_ip: "::" }]\n')).message).toContain('services.db.ports');
  });

  it('finds the web port: [docker] port, else its first port target, else expose, else 8080', async () => {
    expect((await loadComposeApp(fileWith('services:\n  web:\n    image: x\n    ports: ["9000:3000"]\n'))).webPort).toBe(3000);
    expect((await loadComposeApp(fileWith('services:\n  web:\n    image: x\n    expose: ["4000"]\n'))).webPort).toBe(4000);
    expect((await loadComposeApp(fileWith('services:\n  web:\n    image: x\n'))).webPort).toBe(8080);
    expect((await loadComposeApp(fileWith('services:\n  app:\n    image: x\n'), { webService: 'app', port: 5000 })).webPort).toBe(5000);
  });

  it('renders per-release images, labels, loopback ports and the env file; YAML 1.1 safe for compose v1', async () => {
    const app = await loadComposeApp(fileWith('services:\n  web:\n    build: .\n    ports: ["8080:8080"]\n  cache:\n    image: redis\n    command: ["redis-server", "--protected-mode", "no"]\n    ports: ["6379:6379"]\n    labels: ["team=x"]\n'));
    const text = await renderComposeFile({ app, appName: 'shop', rootId: 'abcd1234', release: 7, envFile: '/apps/shop/docker/r7.env', target: 'compose' });
    expect(text).toContain('"no"'); // not a YAML 1.1 boolean
    const doc = parse(text) as { services: Record<string, Record<string, unknown>> };
    expect(doc.services.web).toMatchObject({ image: 'hop3/shop-web:r7', ports: ['127.0.0.1::8080'], env_file: ['/apps/shop/docker/r7.env'], init: true, restart: 'unless-stopped' });
    expect(doc.services.web!.build).toMatchObject({ context: '.', labels: { 'hop3.app': 'shop', 'hop3.release': '7' } });
    expect(doc.services.web!.environment).toEqual({ PORT: '8080' });
    expect(doc.services.cache).toMatchObject({ image: 'redis', ports: ['127.0.0.1:6379:6379'], labels: { team: 'x', 'hop3.app': 'shop', 'hop3.root': 'abcd1234' } });
    expect(doc.services.cache!.env_file).toBeUndefined();
  });

  it('renders a swarm stack: host-mode web port without a published port, dnsrr, start-first updates', async () => {
    const app = await loadComposeApp(fileWith('services:\n  web:\n    build: .\n  cache:\n    image: redis\n    ports: ["6379:6379"]\n'));
    const doc = parse(await renderComposeFile({ app, appName: 'shop', rootId: 'r', release: 2, envFile: '/e', target: 'swarm' })) as { services: Record<string, Record<string, unknown>> };
    expect(doc.services.web).toMatchObject({ image: 'hop3/shop-web:r2', ports: [{ target: 8080, mode: 'host' }], init: true });
    expect(doc.services.web!.deploy).toMatchObject({ endpoint_mode: 'dnsrr', update_config: { order: 'start-first', failure_action: 'rollback' }, rollback_config: { order: 'start-first' } });
    expect(doc.services.web!.build).toBeUndefined();
    // No published port but the web one: Swarm would publish it on every interface.
    expect(doc.services.cache!.ports).toBeUndefined();
  });
});
