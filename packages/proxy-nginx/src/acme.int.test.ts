import { X509Certificate } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import * as https from 'node:https';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '@hop3/core';
import { failure, requirePrograms, startPrivatePebble, type PrivatePebble, type TestRuntime } from '@hop3/testkit';
import { waitUntil } from '@hop3/kit';
import { acmeRenewalService } from './acme-renewal-service.js';
import { acmePaths } from './acme/paths.js';
import { certificatePaths } from './certificates.js';
import { NginxErrorCodes } from './errors.js';
import { createTestApp, createTestRuntime, get, makeProxy, startEchoBackend, stopNginxForSure } from './test-support/harness.js';

type Runtime = TestRuntime & { httpPort: number; httpsPort: number };

let runtime: Runtime;
let pebble: PrivatePebble;
let backend: Awaited<ReturnType<typeof startEchoBackend>>;
let root: string;

const httpBackend = () => ({ protocol: 'http' as const, address: '127.0.0.1', port: backend.port });

/** GET over HTTPS through nginx, verifying the chain against pebble's root and the name (SNI `host`). */
function verifiedGet(host: string, path = '/'): Promise<{ status: number; serial: string }> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      { host: '127.0.0.1', port: runtime.httpsPort, path, servername: host, headers: { host }, ca: root, agent: false },
      (response) => {
        const socket = response.socket as tls.TLSSocket;
        const serial = socket.getPeerCertificate().serialNumber;
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, serial }));
      },
    );
    request.on('error', reject);
    request.setTimeout(10_000, () => request.destroy(new Error(`GET https://${host}${path} timed out`)));
    request.end();
  });
}

/** The protocol nginx picks when a client offers HTTP/2 first. */
function negotiated(host: string): Promise<string | false | null> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: runtime.httpsPort, servername: host, ca: root, ALPNProtocols: ['h2', 'http/1.1'] }, () => {
      resolve(socket.alpnProtocol);
      socket.end();
    });
    socket.on('error', reject);
  });
}

async function keyFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.key$/.test(entry.name)) found.push(join(entry.parentPath, entry.name));
  }
  return found;
}

async function deploy(app: App, tlsConfig: { acme?: boolean; httpsOnly?: boolean }) {
  const proxy = makeProxy(runtime, app, httpBackend());
  Object.assign(proxy, { tls: tlsConfig });
  await proxy.setup();
  return proxy;
}

beforeAll(async () => {
  requirePrograms(['nginx', 'openssl', 'pebble', 'pebble-challtestsrv'], 'apt-get install nginx openssl pebble');
  const base = await createTestRuntime();
  // 10-day certificates: under the 30-day threshold, so each one is due for renewal at once.
  pebble = await startPrivatePebble({ httpPort: base.httpPort, validitySeconds: 10 * 24 * 3600 });
  runtime = Object.assign(base.withEnv(pebble.env), { httpPort: base.httpPort, httpsPort: base.httpsPort });
  root = await pebble.issuingRoot();
  backend = await startEchoBackend();
}, 60_000);

afterAll(async () => {
  if (runtime) await acmeRenewalService.stop(runtime);
  if (runtime) await stopNginxForSure(runtime);
  await pebble?.stop();
  await backend?.close();
  await runtime?.cleanup();
});

describe('ACME certificates from a real pebble through a real nginx', () => {
  it('issues one certificate for all hostnames at deploy ([tls] acme), served over HTTPS with HTTP/2 and a chain to pebble\'s root', async () => {
    const shop = await createTestApp(runtime, 'shop', { hostnames: ['shop.example.test', 'www.shop.example.test', 'shop.localhost'] });
    const proxy = await deploy(shop, { acme: true, httpsOnly: true });
    const info = await proxy.certificate();
    expect(info.source).toBe('acme');
    expect(info.managed).toBe(true);
    expect(info.names).toEqual(['shop.example.test', 'www.shop.example.test']);
    expect(info.issuer).toMatch(/Pebble/);
    expect(info.lastAttempt).toMatchObject({ ok: true });
    for (const host of ['shop.example.test', 'www.shop.example.test']) {
      const answer = await verifiedGet(host);
      expect(answer.status).toBe(200);
      expect(await negotiated(host)).toBe('h2');
    }
    // The local name stays out of the certificate and a warning says so.
    expect(runtime.lines.join('\n')).toMatch(/shop\.localhost stay\(s\) off the ACME certificate/);
  }, 60_000);

  it('keeps the challenge path reachable over plain HTTP with [tls] https-only, and redirects the rest', async () => {
    const redirect = await get(runtime.httpPort, 'shop.example.test', '/page');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe(`https://shop.example.test:${runtime.httpsPort}/page`);
    const challenge = await get(runtime.httpPort, 'shop.example.test', '/.well-known/acme-challenge/no-such-token');
    expect(challenge.status).toBe(404);
    expect(challenge.headers.location).toBeUndefined();
    // No token file is left after the order.
    expect(await readdir(acmePaths(runtime.root).webroot)).toEqual([]);
  });

  it('HOP3_ACME=on gives every app an ACME certificate unless its hop3.toml says [tls] acme = false', async () => {
    const serverWide = Object.assign(runtime.withEnv({ HOP3_ACME: 'on' }), { httpPort: runtime.httpPort, httpsPort: runtime.httpsPort });
    const news = await createTestApp(serverWide, 'news', { hostnames: ['news.example.test'] });
    const wide = makeProxy(serverWide, news, httpBackend());
    Object.assign(wide, { tls: {} });
    await wide.setup();
    expect(await wide.certificate()).toMatchObject({ source: 'acme', names: ['news.example.test'] });
    expect((await verifiedGet('news.example.test')).status).toBe(200);

    const intranet = await createTestApp(serverWide, 'intranet', { hostnames: ['intranet.example.test'] });
    const optedOut = makeProxy(serverWide, intranet, httpBackend());
    Object.assign(optedOut, { tls: { acme: false } });
    await optedOut.setup();
    expect(await optedOut.certificate()).toMatchObject({ source: 'self-signed', managed: false });
  }, 60_000);

  it('reuses the account key across orders; no private key is readable by others', async () => {
    const paths = acmePaths(runtime.root);
    const before = await readFile(paths.accountKey);
    const blog = await createTestApp(runtime, 'blog', { hostnames: ['blog.example.test', 'gone.example.test'] });
    const outcome = await makeProxy(runtime, blog, httpBackend()).setup().then(() => makeProxy(runtime, blog, httpBackend()).requestCertificate({ action: 'issue' }));
    expect(outcome.issued).toBe(true);
    expect(await readFile(paths.accountKey)).toEqual(before);
    expect((await stat(paths.accountKey)).mode & 0o777).toBe(0o600);
    expect((await stat(paths.dir)).mode & 0o777).toBe(0o700);
    const keys = await keyFiles(runtime.root);
    expect(keys.length).toBeGreaterThanOrEqual(3); // account + shop + blog
    for (const file of keys) expect({ file, mode: (await stat(file)).mode & 0o077 }).toEqual({ file, mode: 0 });
  }, 60_000);

  it('a failing challenge (unresolvable name) keeps the live certificate and records the server\'s reason', async () => {
    const blog = await createTestApp(runtime, 'blog', { hostnames: ['blog.example.test', 'gone.example.test'] });
    const proxy = makeProxy(runtime, blog, httpBackend());
    const files = certificatePaths(runtime.layout.certsDir, 'blog');
    const [certBefore, keyBefore] = await Promise.all([readFile(files.certificate), readFile(files.key)]);
    await pebble.breakDns('gone.example.test');
    const error = await failure(proxy.requestCertificate({ action: 'renew', force: true }));
    expect(error.code).toBe(NginxErrorCodes.acmeOrderFailed);
    expect(error.message).toMatch(/gone\.example\.test: .*could not resolve/);
    expect(await readFile(files.certificate)).toEqual(certBefore);
    expect(await readFile(files.key)).toEqual(keyBefore);
    const info = await proxy.certificate();
    expect(info.source).toBe('acme');
    expect(info.lastAttempt).toMatchObject({ ok: false, action: 'renew' });
    expect(info.lastAttempt?.error).toMatch(/gone\.example\.test/);
    expect(await readdir(acmePaths(runtime.root).webroot)).toEqual([]);
    expect((await readdir(runtime.layout.certsDir)).filter((name) => name.endsWith('.next'))).toEqual([]);
    // Still served, still verifiable.
    expect((await verifiedGet('blog.example.test')).status).toBe(200);
  }, 60_000);

  it('renews a certificate that is due under a request loop without a failed request', async () => {
    const shop = await createTestApp(runtime, 'shop', { hostnames: ['shop.example.test', 'www.shop.example.test', 'shop.localhost'] });
    const proxy = makeProxy(runtime, shop, httpBackend());
    const before = (await verifiedGet('shop.example.test')).serial;
    let running = true;
    let ok = 0;
    const failures: string[] = [];
    const loop = (async () => {
      while (running && ok + failures.length < 5000) {
        try {
          const answer = await verifiedGet('shop.example.test');
          if (answer.status === 200) ok += 1;
          else failures.push(`status ${answer.status}`);
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    })();
    const outcome = await proxy.requestCertificate({ action: 'renew' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    running = false;
    await loop;
    expect(outcome.issued).toBe(true);
    expect(outcome.reason).toMatch(/expires in \d+ day\(s\), within 30/);
    expect(failures).toEqual([]);
    expect(ok).toBeGreaterThan(5);
    const after = (await verifiedGet('shop.example.test')).serial;
    expect(after).not.toBe(before);
    const live = new X509Certificate(await readFile(certificatePaths(runtime.layout.certsDir, 'shop').certificate));
    expect(live.serialNumber.toLowerCase()).toBe(after.toLowerCase());
  }, 60_000);

  it('the renewal job renews due certificates by itself, keeps going past a failing app, and logs what it did', async () => {
    const jobRuntime = runtime.withEnv({ HOP3_ACME_CHECK_INTERVAL: '1' });
    const before = (await verifiedGet('shop.example.test')).serial;
    // The first ACME deploy started the job (daily, first check after a day): restart it with a 1 s interval.
    expect(await acmeRenewalService.status(jobRuntime)).toMatchObject({ running: true });
    await acmeRenewalService.stop(jobRuntime);
    await acmeRenewalService.start(jobRuntime);
    try {
      expect(await acmeRenewalService.status(jobRuntime)).toMatchObject({ running: true });
      await acmeRenewalService.start(jobRuntime); // idempotent: still one job
      // Two passes: the served certificate changes (10-day certificates are always due) more than once.
      let seen = before;
      let changes = 0;
      await waitUntil(
        async () => {
          const now = (await verifiedGet('shop.example.test')).serial;
          if (now !== seen) [seen, changes] = [now, changes + 1];
          return changes >= 2;
        },
        { description: 'the renewal job to renew shop twice', timeoutMs: 45_000, intervalMs: 200 },
      );
    } finally {
      await acmeRenewalService.stop(jobRuntime);
    }
    expect(await acmeRenewalService.status(jobRuntime)).toMatchObject({ running: false });
    const log = await readFile(acmePaths(runtime.root).jobLogFile, 'utf8');
    expect(log).toMatch(/renewal job started \(pid \d+, checking every 1 s\)/);
    expect(log).toMatch(/shop: renewed \(it expires in \d+ day\(s\), within 30; expires /);
    expect(log).toMatch(/blog: failed \(.*gone\.example\.test: .*could not resolve/);
    expect(log).toMatch(/renewal job stopped/);
    expect((await stat(acmePaths(runtime.root).jobLogFile)).mode & 0o077).toBe(0);
  }, 90_000);
});
