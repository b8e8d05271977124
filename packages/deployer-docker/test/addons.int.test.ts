// A Dockerfile app whose hop3.toml declares a PostgreSQL and a redis service: from inside its
// container it reaches both (the host network, chosen because their URLs name 127.0.0.1).
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePrograms, startPrivatePostgres, type PrivatePostgres } from '@hop3/testkit';
import { ensureNodeBase } from './support/base-image.js';
import { createTestHost, type TestHost } from './support/test-host.js';

let cluster: PrivatePostgres;
let host: TestHost;
const APP = `dk-addons-${process.pid}`;

beforeAll(async () => {
  requirePrograms(['redis-server', 'docker', 'nginx'], 'hop3 setup --only nginx,redis,postgres,docker');
  await ensureNodeBase();
  cluster = await startPrivatePostgres();
  host = await createTestHost('addons', { HOP3_POSTGRES_ADMIN_URL: cluster.adminUrl });
});

afterAll(async () => {
  if (host !== undefined) {
    await host.engine.destroy({ app: APP }).catch(() => undefined);
    for (const service of await host.engine.addons.list().catch(() => [])) await host.engine.addons.destroy({ name: service.name }).catch(() => undefined);
    await host.close();
  }
  await cluster?.destroy();
});

describe('attached services from inside a container', () => {
  it('reaches PostgreSQL and redis on the host with the URLs the app is given', async () => {
    const toml = '[[addons]]\ntype = "postgres"\nname = "dk-db"\n\n[[addons]]\ntype = "redis"\nname = "dk-cache"\n';
    const dir = await host.appCopy('node-app', APP, { 'version.txt': 'a1\n', 'hop3.toml': toml });
    await host.engine.deploy({ sourceDir: dir, appName: APP });
    const answer = await host.get(APP, '/addons');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ postgres: true, redis: true });
    const network = execFileSync('docker', ['ps', '--filter', `label=hop3.app=${APP}`, '--format', '{{.Networks}}'], { encoding: 'utf8' }).trim();
    expect(network).toBe('host');
  });
});
