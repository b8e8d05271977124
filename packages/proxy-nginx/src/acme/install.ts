import { X509Certificate, createPrivateKey } from 'node:crypto';
import { rename } from 'node:fs/promises';
import type { Logger } from '@hop3/core';
import { writeFileAtomic } from '@hop3/kit';
import { certificateDnsNames, restoreCertificate, snapshotCertificate, type CertificatePaths } from '../certificates.js';
import { embeddedStatus, reloadEmbedded } from '../embedded-nginx.js';
import { nginxError, NginxErrorCodes } from '../errors.js';
import { testNginxConfig } from '../nginx-command.js';
import type { NginxServer } from '../server.js';
import { withServerLock } from '../server-lock.js';
import { reloadSystemNginx } from '../system-nginx.js';

/** Refuse a certificate that does not match its key or misses a name, before nginx sees it. */
export function checkIssuedPair(app: string, certificatePem: string, keyPem: string, names: readonly string[]): void {
  let problem: string | null = null;
  try {
    const certificate = new X509Certificate(certificatePem);
    const covered = new Set(certificateDnsNames(certificatePem));
    const missing = names.filter((name) => !covered.has(name.toLowerCase()));
    if (!certificate.checkPrivateKey(createPrivateKey(keyPem))) problem = 'it does not match its private key';
    else if (missing.length > 0) problem = `it does not cover ${missing.join(', ')}`;
  } catch (error) {
    problem = `it cannot be read (${(error as Error).message})`;
  }
  if (problem !== null) {
    throw nginxError({
      code: NginxErrorCodes.acmeCertificateInvalid,
      message: `The certificate the ACME server returned for app "${app}" was not installed: ${problem}. The current certificate keeps serving.`,
      details: { app, names },
    });
  }
}

/**
 * Put a new certificate live without a bad one ever reaching nginx: the pair is written beside
 * the live files (`.next`), swapped in, and `nginx -t` checks the whole configuration with it;
 * on failure the previous pair is put back. Only then nginx reloads gracefully (old workers
 * finish their requests). Runs under the server lock, like every config change.
 */
export async function installCertificate(input: {
  server: NginxServer;
  app: string;
  paths: CertificatePaths;
  certificatePem: string;
  keyPem: string;
  log: Logger;
}): Promise<void> {
  const { server, app, paths, log } = input;
  await withServerLock(server, async () => {
    const before = await snapshotCertificate(paths);
    const next = { key: `${paths.key}.next`, certificate: `${paths.certificate}.next` };
    await writeFileAtomic(next.key, input.keyPem, { mode: 0o600 });
    await writeFileAtomic(next.certificate, input.certificatePem, { mode: 0o644 });
    await rename(next.key, paths.key);
    await rename(next.certificate, paths.certificate);
    const test = await testNginxConfig(server);
    if (!test.ok) {
      await restoreCertificate(paths, before);
      throw nginxError({
        code: NginxErrorCodes.configInvalid,
        message: `nginx rejected the configuration with the new certificate of app "${app}"; the previous certificate was put back:\n${test.messages.map((l) => `  ${l}`).join('\n')}`,
        details: { app, messages: test.messages },
      });
    }
    if (server.mode === 'system') await reloadSystemNginx(server, log);
    else if ((await embeddedStatus(server)).running) await reloadEmbedded(server, log);
  });
}
