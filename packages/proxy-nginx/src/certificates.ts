import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand, writeFileAtomic } from '@hop3/kit';
import { nginxError, NginxErrorCodes } from './errors.js';

export interface CertificatePaths {
  certificate: string;
  key: string;
}

/** Renew a self-signed certificate this long before it expires. */
const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;
const VALIDITY_DAYS = 365;

export function certificatePaths(certsDir: string, app: string): CertificatePaths {
  return { certificate: join(certsDir, `${app}.crt`), key: join(certsDir, `${app}.key`) };
}

/** The DNS names of a certificate's subjectAltName, sorted and lowercased. */
export function certificateDnsNames(pem: string | Buffer): string[] {
  const san = new X509Certificate(pem).subjectAltName ?? '';
  return san
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4).toLowerCase())
    .sort();
}

/** Why the current pair cannot be kept, or null when it can. */
async function reasonToRegenerate(paths: CertificatePaths, hostnames: string[]): Promise<string | null> {
  let certPem: Buffer;
  let keyPem: Buffer;
  try {
    [certPem, keyPem] = await Promise.all([readFile(paths.certificate), readFile(paths.key)]);
  } catch {
    return 'no certificate yet';
  }
  try {
    const certificate = new X509Certificate(certPem);
    const wanted = [...hostnames].map((name) => name.toLowerCase()).sort();
    if (certificateDnsNames(certPem).join(',') !== wanted.join(',')) return 'the hostnames changed';
    if (Date.parse(certificate.validTo) - Date.now() < RENEW_BEFORE_MS) return 'it expires soon';
    if (!certificate.checkPrivateKey(createPrivateKey(keyPem))) return 'the key does not match';
  } catch {
    return 'the existing files are unreadable';
  }
  return null;
}

/**
 * Make sure the app has a self-signed certificate whose subjectAltName lists exactly its
 * hostnames (all of them, not only the first as Hop3 did). Regenerated when the names change,
 * when it nears expiry or when the pair is broken; the key is written 0600. Returns whether a
 * new pair was made.
 */
export async function ensureSelfSignedCertificate(input: {
  certsDir: string;
  app: string;
  hostnames: string[];
  opensslBin?: string;
}): Promise<{ paths: CertificatePaths; generated: boolean; reason: string | null }> {
  const paths = certificatePaths(input.certsDir, input.app);
  const reason = await reasonToRegenerate(paths, input.hostnames);
  if (reason === null) return { paths, generated: false, reason };

  await mkdir(input.certsDir, { recursive: true, mode: 0o755 });
  // openssl writes into a private temporary dir; the final files then appear atomically.
  const work = await mkdtemp(join(input.certsDir, `.${input.app}-`));
  try {
    const first = input.hostnames[0] ?? input.app;
    const commonName = first.length <= 64 ? first : `hop3-${input.app}`;
    await runCommand(
      input.opensslBin ?? 'openssl',
      [
        // P-256: ~15 ms to generate against ~0.7 s for RSA 2048, and every current client accepts it.
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-sha256',
        '-days', String(VALIDITY_DAYS),
        '-keyout', join(work, 'key.pem'),
        '-out', join(work, 'cert.pem'),
        '-subj', `/CN=${commonName}`,
        '-addext', `subjectAltName=${input.hostnames.map((name) => `DNS:${name}`).join(',')}`,
      ],
      { timeoutMs: 60_000 },
    );
    const [certPem, keyPem] = await Promise.all([readFile(join(work, 'cert.pem')), readFile(join(work, 'key.pem'))]);
    await writeFileAtomic(paths.key, keyPem, { mode: 0o600 });
    await writeFileAtomic(paths.certificate, certPem, { mode: 0o644 });
  } catch (error) {
    throw nginxError({
      code: NginxErrorCodes.certificateFailed,
      message: `Could not create the self-signed certificate for app "${input.app}" (${input.hostnames.join(', ')}): ${(error as Error).message}`,
      cause: error, details: { app: input.app, hostnames: input.hostnames },
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { paths, generated: true, reason };
}

/** Delete the app's certificate files (idempotent). */
export async function removeCertificate(certsDir: string, app: string): Promise<boolean> {
  const paths = certificatePaths(certsDir, app);
  let removed = false;
  for (const file of [paths.certificate, paths.key]) {
    const existed = await readFile(file).then(() => true, () => false);
    await rm(file, { force: true });
    removed ||= existed;
  }
  return removed;
}

/** The current certificate files' bytes (null where missing), to undo a regeneration. */
export interface CertificateSnapshot {
  certificate: Buffer | null;
  key: Buffer | null;
}

export async function snapshotCertificate(paths: CertificatePaths): Promise<CertificateSnapshot> {
  const read = (file: string) => readFile(file).catch(() => null);
  return { certificate: await read(paths.certificate), key: await read(paths.key) };
}

/** Put back a snapshot: the previous pair, or no files when there were none. */
export async function restoreCertificate(paths: CertificatePaths, snapshot: CertificateSnapshot): Promise<void> {
  for (const [file, data, mode] of [
    [paths.key, snapshot.key, 0o600],
    [paths.certificate, snapshot.certificate, 0o644],
  ] as const) {
    if (data === null) await rm(file, { force: true });
    else await writeFileAtomic(file, data, { mode });
  }
}
