// End to end: `[tls] acme = true` and the `hop3 certs` commands with the built `hop3`, a private
// nginx + uWSGI, and a private pebble (Let's Encrypt's test ACME server) whose DNS sends every
// name to 127.0.0.1.
import { appendFile, cp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '@hop3/kit';
import { startPrivatePebble, type PrivatePebble } from '@hop3/testkit';
import { requirePrograms } from './support/programs.js';
import { createPrivateHop3, type PrivateHop3 } from './support/private-hop3.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/python-wsgi', import.meta.url));

interface Certificate {
  app: string;
  names: string[];
  issuer: string | null;
  notAfter: string | null;
  source: string;
  managed: boolean;
  lastAttempt: { action: string; ok: boolean; error?: string } | null;
}

let pebble: PrivatePebble;
let hop3: PrivateHop3;

async function acmeApp(name: string): Promise<string> {
  const dir = join(hop3.work, name);
  await cp(EXAMPLE, dir, { recursive: true });
  await appendFile(join(dir, 'hop3.toml'), '\n[tls]\nacme = true\n');
  return dir;
}

beforeAll(async () => {
  requirePrograms('nginx', 'uwsgi', 'python3', 'openssl', 'pebble', 'pebble-challtestsrv');
  const httpPort = await findFreePort();
  pebble = await startPrivatePebble({ httpPort });
  hop3 = await createPrivateHop3({ name: 'certs', env: { HOP3_HTTP_PORT: String(httpPort), ...pebble.env } });
}, 60_000);

afterAll(async () => {
  await hop3?.close();
  await pebble?.stop();
});

describe('hop3 certs against a real ACME server (pebble)', () => {
  it('a deploy with [tls] acme = true gets one certificate for all hostnames; certs and status show it', async () => {
    const deployed = await hop3.run(['deploy', await acmeApp('shop'), '--app', 'shop', '--host', 'shop.example.test,www.shop.example.test']);
    expect(deployed.code, deployed.stderr).toBe(0);
    const shown = await hop3.run(['certs', 'shop', '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.json<Certificate>()).toMatchObject({ app: 'shop', names: ['shop.example.test', 'www.shop.example.test'], source: 'acme', managed: true, lastAttempt: { ok: true } });
    expect(shown.json<Certificate>().issuer).toMatch(/Pebble/);
    const text = await hop3.run(['certs', 'shop']);
    expect(text.stdout).toMatch(/certificate: acme \(renewed automatically\)\n {2}names: shop\.example\.test, www\.shop\.example\.test\n {2}issuer: .*Pebble.*\n {2}expires: \d{4}-/);
    const status = await hop3.run(['status', 'shop', '--json']);
    expect(status.json<{ certificate: Certificate }>().certificate).toMatchObject({ source: 'acme', managed: true });
  }, 180_000);

  it('renew leaves a certificate that is not due alone; --force renews it', async () => {
    const kept = await hop3.run(['certs', 'renew', 'shop', '--json']);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.json()).toMatchObject({ renewals: [{ app: 'shop', renewed: false, reason: expect.stringMatching(/^valid for \d+ more day\(s\)$/) }] });
    const forced = await hop3.run(['certs', 'renew', '--all', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/shop +renewed/);
  }, 120_000);

  it('a failed issuance does not fail the deploy: self-signed stays, the warning and `certs`/`status` give the server\'s reason', async () => {
    await pebble.breakDns('broken.example.test');
    const deployed = await hop3.run(['deploy', await acmeApp('blog'), '--app', 'blog', '--host', 'blog.example.test,broken.example.test']);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(`${deployed.stdout}${deployed.stderr}`).toMatch(/ACME certificate could not be obtained; the self-signed certificate keeps serving[\s\S]*broken\.example\.test: .*could not resolve/);
    const shown = (await hop3.run(['certs', 'blog', '--json'])).json<Certificate>();
    expect(shown).toMatchObject({ source: 'self-signed', managed: true, lastAttempt: { action: 'renew', ok: false } });
    expect(shown.lastAttempt?.error).toMatch(/broken\.example\.test/);
    const status = await hop3.run(['status', 'blog']);
    expect(status.stdout).toMatch(/certificate: self-signed \(renewed automatically\)[\s\S]*last renew: .* FAILED\n[\s\S]*broken\.example\.test: .*could not resolve/);
  }, 180_000);

  it('renew --all tries every app, reports the failing one and exits 1; issue on it fails with the reason', async () => {
    const all = await hop3.run(['certs', 'renew', '--all', '--force', '--json']);
    expect(all.code).toBe(1);
    expect(all.stderr).toMatch(/HOP3_RENEWALS_FAILED|Certificate renewal failed for blog/);
    const issued = await hop3.run(['certs', 'issue', 'blog']);
    expect(issued.code).toBe(1);
    expect(issued.stderr).toMatch(/broken\.example\.test: .*could not resolve/);
    // shop was renewed in the same run and still serves its ACME certificate.
    expect((await hop3.run(['certs', 'shop', '--json'])).json<Certificate>()).toMatchObject({ source: 'acme', lastAttempt: { ok: true } });
  }, 180_000);

  it('refuses bad usage and bad settings before doing anything', async () => {
    expect((await hop3.run(['certs', 'renew'])).code).toBe(2);
    expect((await hop3.run(['certs', 'issue'])).stderr).toMatch(/missing <app>/);
    const bad = await hop3.run(['certs', 'issue', 'shop'], { HOP3_ACME_DIRECTORY: 'http://insecure.example/dir' });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/HOP3_ACME_DIRECTORY is not valid: an ACME directory is served over https/);
  }, 60_000);
});
