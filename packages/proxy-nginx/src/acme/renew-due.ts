import type { StrategyRuntime } from '@hop3/core';
import { resolveNginxServer } from '../server.js';
import { requestAcmeCertificate } from './request.js';
import { listAcmeApps, readAcmeState } from './state.js';

/** One app's line in the renewal job's log. */
export interface RenewalLine {
  app: string;
  result: 'renewed' | 'kept' | 'failed';
  detail: string;
}

/**
 * Renew every due ACME certificate under HOP3_ROOT (the apps with an ACME state), for the names
 * recorded at their last order or deploy. Each app is tried; a failure keeps its certificate and
 * is recorded in its state (shown by `hop3 certs` and `hop3 status`).
 */
export async function renewDueCertificates(runtime: Pick<StrategyRuntime, 'layout' | 'env' | 'log'>): Promise<RenewalLine[]> {
  const root = runtime.layout.root;
  const server = resolveNginxServer(runtime);
  const lines: RenewalLine[] = [];
  for (const app of await listAcmeApps(root)) {
    try {
      const state = await readAcmeState(root, app);
      if (state === undefined) continue;
      const outcome = await requestAcmeCertificate({ runtime, server, app, hostnames: state.names, action: 'renew' });
      lines.push({ app, result: outcome.issued ? 'renewed' : 'kept', detail: outcome.issued ? `${outcome.reason}; expires ${outcome.certificate.notAfter ?? '?'}` : outcome.reason });
    } catch (error) {
      lines.push({ app, result: 'failed', detail: (error as Error).message });
    }
  }
  return lines;
}
