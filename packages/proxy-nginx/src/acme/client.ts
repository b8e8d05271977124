import { readFile } from 'node:fs/promises';
import type { AcmeSettings } from './settings.js';

export type AcmeLibrary = typeof import('acme-client');

let library: Promise<AcmeLibrary> | undefined;

/**
 * acme-client (and its axios, forge, x509 graph) is imported only when a certificate is issued or
 * renewed: `hop3 apps`, `status` and deploys without ACME never parse it.
 */
export function loadAcmeLibrary(): Promise<AcmeLibrary> {
  library ??= import('acme-client').then((module) => ((module as { default?: AcmeLibrary }).default ?? module) as AcmeLibrary);
  return library;
}

/**
 * Point acme-client's HTTP client at the settings: trust HOP3_ACME_CA_FILE beside the system's
 * roots (a private or test ACME server), and never sit out a Retry-After: a rate limit is shown
 * to the user at once, as the server worded it, instead of blocking the command for hours.
 */
export async function configureAcmeLibrary(acme: AcmeLibrary, settings: AcmeSettings): Promise<void> {
  const { Agent } = await import('node:https');
  const { rootCertificates } = await import('node:tls');
  const ca = settings.caFile === null ? undefined : [...rootCertificates, await readFile(settings.caFile, 'utf8')];
  acme.axios.defaults.httpsAgent = new Agent({ keepAlive: true, ...(ca === undefined ? {} : { ca }) });
  const acmeSettings = (acme.axios.defaults as { acmeSettings?: Record<string, number> }).acmeSettings;
  if (acmeSettings !== undefined) acmeSettings.retryMaxAttempts = 0;
}
