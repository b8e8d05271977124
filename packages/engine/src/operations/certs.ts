import type { CertificateOutcome, Proxy, ProxyCertificate } from '@hop3/core';
import type { AppRecord } from '../apps/app-record.js';
import { recordProxy, statusProxy } from '../apps/status-proxy.js';
import { AppStore } from '../apps/app-store.js';
import { engineError, EngineErrorCodes } from '../errors.js';
import type { EngineHost } from '../host/engine-host.js';

/** `hop3 certs <app>`: the certificate served now, measured from its file, and the last ACME attempt. */
export interface CertificateEntry extends ProxyCertificate {
  app: string;
}

export interface CertificateIssueResult extends CertificateOutcome {
  app: string;
}

/** One app of `hop3 certs renew`. */
export interface CertificateRenewal {
  app: string;
  renewed: boolean;
  /** Why it was renewed or left alone, or what failed. */
  reason: string;
  error?: { code: string | undefined; message: string };
  certificate: ProxyCertificate | null;
}

export interface CertificateRenewInput {
  /** One app; without it, every app whose certificate is managed (ACME). */
  app?: string;
  force?: boolean;
}

export interface CertificateRenewResult {
  renewals: CertificateRenewal[];
}

/** The app's proxy, for certificate work only: no backend is needed. */
async function certificateProxy(host: EngineHost, record: AppRecord): Promise<Proxy & Required<Pick<Proxy, 'certificate' | 'requestCertificate'>>> {
  const proxy = await recordProxy(host, record);
  if (proxy.certificate === undefined || proxy.requestCertificate === undefined) {
    throw engineError({
      code: EngineErrorCodes.certificatesUnsupported,
      message: `The proxy "${proxy.name}" does not manage certificates, so "hop3 certs" cannot work with app "${record.app.name}".`,
      details: { app: record.app.name, proxy: proxy.name },
    });
  }
  return proxy as Proxy & Required<Pick<Proxy, 'certificate' | 'requestCertificate'>>;
}

/** The certificate an app serves (null when its proxy keeps none), for `hop3 status`. Never throws. */
export async function certificateOf(host: EngineHost, record: AppRecord): Promise<ProxyCertificate | null> {
  const proxy = await statusProxy(host, record);
  return (await proxy?.certificate?.().catch(() => null)) ?? null;
}

export async function showCertificate(host: EngineHost, app: string): Promise<CertificateEntry> {
  const record = await new AppStore(host.layout).require(app);
  return { app, ...(await (await certificateProxy(host, record)).certificate()) };
}

/** `hop3 certs issue <app>`: order a certificate now (the app is on ACME from then on). */
export async function issueCertificate(host: EngineHost, app: string): Promise<CertificateIssueResult> {
  const store = new AppStore(host.layout);
  return store.withAppLock(app, async () => {
    const record = await store.require(app);
    return { app, ...(await (await certificateProxy(host, record)).requestCertificate({ action: 'issue' })) };
  });
}

/**
 * `hop3 certs renew [<app>]`: renew what is due (expires within the threshold, misses a name) or
 * everything with `force`. One app: its failure is thrown. All apps: each is tried, the failures
 * are reported per app and together as `HOP3_RENEWALS_FAILED` once all were tried.
 */
export async function renewCertificates(host: EngineHost, input: CertificateRenewInput): Promise<CertificateRenewResult> {
  const store = new AppStore(host.layout);
  const force = input.force === true;
  if (input.app !== undefined) {
    const app = input.app;
    const outcome = await store.withAppLock(app, async () => (await certificateProxy(host, await store.require(app))).requestCertificate({ action: 'renew', force }));
    return { renewals: [{ app, renewed: outcome.issued, reason: outcome.reason, certificate: outcome.certificate }] };
  }
  const renewals: CertificateRenewal[] = [];
  for (const record of await store.list()) {
    const app = record.app.name;
    const current = await certificateOf(host, record);
    if (current === null || !current.managed) continue;
    try {
      const outcome = await store.withAppLock(app, async () => (await certificateProxy(host, await store.require(app))).requestCertificate({ action: 'renew', force }));
      renewals.push({ app, renewed: outcome.issued, reason: outcome.reason, certificate: outcome.certificate });
    } catch (error) {
      const { code, message } = error as { code?: string; message: string };
      renewals.push({ app, renewed: false, reason: 'failed', error: { code, message }, certificate: await certificateOf(host, record) });
    }
  }
  const failures = renewals.filter((entry) => entry.error !== undefined);
  if (failures.length > 0) {
    throw engineError({
      code: EngineErrorCodes.renewalsFailed,
      message: `Certificate renewal failed for ${failures.map((f) => f.app).join(', ')} (their current certificates keep serving):\n${failures.map((f) => `  ${f.app}: ${f.error?.message.replace(/\n/g, '\n    ')}`).join('\n')}`,
      details: { renewals, failures: failures.map((f) => ({ app: f.app, code: f.error?.code, message: f.error?.message })) },
    });
  }
  return { renewals };
}
