import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitUntil } from '@hop3/kit';
import { createTestApp, createTestRuntime, get, makeProxy, startEchoBackend, stopNginxForSure } from './test-support/harness.js';
import { requirePrograms } from '@hop3/testkit';

let runtime: Awaited<ReturnType<typeof createTestRuntime>>;
let backend: Awaited<ReturnType<typeof startEchoBackend>>;

beforeAll(async () => {
  requirePrograms(['nginx', 'openssl'], 'apt-get install nginx openssl');
  runtime = await createTestRuntime();
  backend = await startEchoBackend();
});

afterAll(async () => {
  if (runtime) await stopNginxForSure(runtime);
  await backend?.close();
  await runtime?.cleanup();
});

// SYSTEM.md: a root master runs workers as `nobody`, which cannot read app files under a 0700
// home. The embedded nginx runs its workers as the owner of HOP3_ROOT instead.
it('runs workers as the owner of HOP3_ROOT, so they read files under a 0700 root and write the cache', async () => {
  expect(process.getuid?.(), 'this test needs root (as in CI)').toBe(0);
  const app = await createTestApp(runtime, 'owned');
  await mkdir(join(app.paths.src, 'public'), { recursive: true });
  await writeFile(join(app.paths.src, 'public', 'a.txt'), 'owned file');
  execFileSync('chown', ['-R', 'nobody:nogroup', runtime.root]);
  await chmod(runtime.root, 0o700);

  const env = { NGINX_STATIC_PATHS: '/s:public', NGINX_CACHE_PREFIXES: '/c' };
  await makeProxy(runtime, app, { protocol: 'http', address: '127.0.0.1', port: backend.port }, { env }).setup();

  expect(await readFile(join(runtime.root, 'nginx', 'nginx.conf'), 'utf8')).toMatch(/^user nobody nogroup;$/m);
  const pid = (await readFile(join(runtime.root, 'nginx', 'nginx.pid'), 'utf8')).trim();
  const workerUsers = () => execFileSync('ps', ['-o', 'user=', '--ppid', pid]).toString().trim().split(/\s+/);
  // A freshly forked worker is root for a moment, until it drops privileges.
  await waitUntil(() => workerUsers().every((user) => user === 'nobody'), { description: 'workers to run as nobody', timeoutMs: 5_000 }).catch(() => undefined);
  const workers = workerUsers();
  expect(workers.length).toBeGreaterThan(0);
  expect(new Set(workers)).toEqual(new Set(['nobody']));
  expect((await get(runtime.httpPort, 'owned.localhost', '/s/a.txt')).body).toBe('owned file');
  expect((await get(runtime.httpPort, 'owned.localhost', '/c/x')).headers['x-cache']).toBe('MISS');
  expect((await get(runtime.httpPort, 'owned.localhost', '/c/x')).headers['x-cache']).toBe('HIT');
});
