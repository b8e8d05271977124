import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ProxyCertificate } from '@hop3/core';
import { certificateDnsNames, certificatePaths } from '../certificates.js';
import { readAcmeState } from './state.js';

/** The live certificate file's names, issuer and expiry, or null when there is none (or it is unreadable). */
export async function readLiveCertificate(certsDir: string, app: string): Promise<{ names: string[]; issuer: string; notAfter: Date; selfSigned: boolean } | null> {
  const pem = await readFile(certificatePaths(certsDir, app).certificate).catch(() => null);
  if (pem === null) return null;
  try {
    const certificate = new X509Certificate(pem);
    return {
      names: certificateDnsNames(pem),
      issuer: certificate.issuer.replace(/\n/g, ', '),
      notAfter: new Date(certificate.validTo),
      selfSigned: certificate.issuer === certificate.subject && certificate.checkIssued(certificate),
    };
  } catch {
    return null;
  }
}

/** What `hop3 certs <app>` and `hop3 status <app>` show, measured from the files. */
export async function describeCertificate(root: string, certsDir: string, app: string): Promise<ProxyCertificate> {
  const [live, state] = await Promise.all([readLiveCertificate(certsDir, app), readAcmeState(root, app)]);
  return {
    names: live?.names ?? [],
    issuer: live?.issuer ?? null,
    notAfter: live?.notAfter.toISOString() ?? null,
    source: live === null ? 'none' : live.selfSigned ? 'self-signed' : 'acme',
    managed: state !== undefined,
    lastAttempt: state?.lastAttempt ?? null,
  };
}
