import { existsSync } from 'node:fs';
import type { CertificateOutcome, StrategyRuntime } from '@hop3/core';
import { certificatePaths } from '../certificates.js';
import { embeddedStatus } from '../embedded-nginx.js';
import { nginxError, NginxErrorCodes } from '../errors.js';
import { siteConfigPath, type NginxServer } from '../server.js';
import { describeCertificate, readLiveCertificate } from './describe.js';
import { checkIssuedPair, installCertificate } from './install.js';
import { acmeNames } from './names.js';
import { orderCertificate } from './order.js';
import { acmePaths } from './paths.js';
import { renewalDecision } from './renewal.js';
import { readAcmeSettings } from './settings.js';
import { readAcmeState, writeAcmeState, type AcmeState } from './state.js';

export interface AcmeRequest {
  runtime: Pick<StrategyRuntime, 'layout' | 'env' | 'log'>;
  server: NginxServer;
  app: string;
  /** The app's hostnames as nginx serves them. */
  hostnames: string[];
  /** `issue` always orders; `renew` only when due (or forced). */
  action: 'issue' | 'renew';
  force?: boolean;
}

/**
 * Get the app an ACME certificate and put it live. Everything is checked first (settings, names,
 * the app's port-80 server, a running nginx); then the order, the checks of the returned pair,
 * the swap with `nginx -t` and the graceful reload. Success or failure is recorded in the app's
 * ACME state (0600), which also marks the app for automatic renewal. A failure keeps the
 * current certificate and is thrown with the server's words.
 */
export async function requestAcmeCertificate(request: AcmeRequest): Promise<CertificateOutcome> {
  const { runtime, server, app, action } = request;
  const root = runtime.layout.root;
  const settings = readAcmeSettings(runtime.env);
  const { names, local } = acmeNames(app, request.hostnames);
  const previous = await readAcmeState(root, app);

  if (!existsSync(siteConfigPath(server, app))) {
    throw nginxError({
      code: NginxErrorCodes.acmeOrderFailed,
      message: `App "${app}" has no nginx site yet, so nothing can answer the ACME challenge: deploy it first ("hop3 deploy").`,
      details: { app },
    });
  }
  if (server.mode === 'embedded' && !(await embeddedStatus(server)).running) {
    throw nginxError({
      code: NginxErrorCodes.acmeOrderFailed,
      message: `The embedded nginx is not running, so nothing can answer the ACME challenge for app "${app}": run "hop3 server start" first.`,
      details: { app },
    });
  }

  const live = await readLiveCertificate(server.certsDir, app);
  const decision = renewalDecision({
    current: live === null || live.selfSigned ? null : { notAfter: live.notAfter, names: live.names },
    wanted: names,
    now: new Date(),
    renewDays: settings.renewDays,
    force: request.force === true || action === 'issue',
  });
  const base: AcmeState = {
    version: 1,
    app,
    names,
    directoryUrl: settings.directoryUrl,
    issuedAt: previous?.issuedAt ?? null,
    lastAttempt: previous?.lastAttempt ?? null,
  };
  if (!decision.due) {
    await writeAcmeState(root, base);
    return { issued: false, reason: decision.reason, certificate: await describeCertificate(root, server.certsDir, app) };
  }

  const at = new Date().toISOString();
  try {
    if (local.length > 0) runtime.log.warn(`App "${app}": ${local.join(', ')} stay(s) off the ACME certificate (local names: no public CA signs them)`);
    runtime.log.info(`ACME: ordering a certificate for ${names.join(', ')} from ${settings.directoryUrl} (${decision.reason})`);
    const issued = await orderCertificate({ app, names, settings, paths: acmePaths(root), log: runtime.log });
    checkIssuedPair(app, issued.certificatePem, issued.keyPem, names);
    await installCertificate({ server, app, paths: certificatePaths(server.certsDir, app), certificatePem: issued.certificatePem, keyPem: issued.keyPem, log: runtime.log });
  } catch (error) {
    await writeAcmeState(root, { ...base, lastAttempt: { at, action, ok: false, error: (error as Error).message } });
    throw error;
  }
  await writeAcmeState(root, { ...base, issuedAt: at, lastAttempt: { at, action, ok: true } });
  const certificate = await describeCertificate(root, server.certsDir, app);
  runtime.log.info(`ACME: certificate for ${names.join(', ')} installed (expires ${certificate.notAfter ?? '?'})`);
  return { issued: true, reason: decision.reason, certificate };
}
