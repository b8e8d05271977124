import { chmod, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@hop3/core';
import { writeFileAtomic } from '@hop3/kit';
import { nginxError, NginxErrorCodes } from '../errors.js';
import { loadOrCreateAccountKey } from './account.js';
import { configureAcmeLibrary, loadAcmeLibrary } from './client.js';
import type { AcmePaths } from './paths.js';
import type { AcmeSettings } from './settings.js';

/** An issued certificate: the PEM chain (leaf first) and its new private key. */
export interface IssuedCertificate {
  certificatePem: string;
  keyPem: string;
  accountKeyCreated: boolean;
}

/** A challenge token names a file: base64url only, so it can never leave the webroot. */
const TOKEN = /^[A-Za-z0-9_-]{16,256}$/;

function orderFailed(app: string, message: string, cause: unknown, details: Record<string, unknown>) {
  return nginxError({ code: NginxErrorCodes.acmeOrderFailed, message, cause, details: { app, ...details } });
}

/**
 * Order a certificate for `names` from the ACME server and prove each name with an HTTP-01
 * challenge that nginx answers from the webroot. A fresh P-256 key per certificate. Token files
 * are written atomically and removed whatever happens; the server's own words (rate limit,
 * DNS problem, failed challenge) are kept, prefixed with the hostname they concern.
 */
export async function orderCertificate(input: {
  app: string;
  names: string[];
  settings: AcmeSettings;
  paths: AcmePaths;
  log: Logger;
}): Promise<IssuedCertificate> {
  const { app, names, settings, paths, log } = input;
  const acme = await loadAcmeLibrary();
  await configureAcmeLibrary(acme, settings);
  const account = await loadOrCreateAccountKey(acme, paths);
  // Poll every second at first: a challenge is usually checked within a few seconds.
  const client = new acme.Client({ directoryUrl: settings.directoryUrl, accountKey: account.key, backoffMin: 1000, backoffMax: 10_000, backoffAttempts: 12 });
  const server = settings.directoryUrl;

  try {
    await client.createAccount({ termsOfServiceAgreed: true, ...(settings.email === null ? {} : { contact: [`mailto:${settings.email}`] }) });
  } catch (error) {
    throw orderFailed(app, `The ACME server ${server} refused the account: ${(error as Error).message}`, error, { step: 'account' });
  }

  let order: Awaited<ReturnType<typeof client.createOrder>>;
  try {
    order = await client.createOrder({ identifiers: names.map((value) => ({ type: 'dns', value })) });
  } catch (error) {
    throw orderFailed(app, `The ACME server ${server} refused the order for ${names.join(', ')}: ${(error as Error).message}`, error, { step: 'order', names });
  }

  const tokenFiles: string[] = [];
  try {
    const authorizations = await client.getAuthorizations(order);
    await mkdir(paths.webroot, { recursive: true });
    await chmod(paths.webroot, 0o755); // nginx's workers read the tokens
    const pending: Array<{ name: string; challenge: (typeof authorizations)[number]['challenges'][number] }> = [];
    for (const authorization of authorizations) {
      const name = authorization.identifier.value;
      if (authorization.status === 'valid') continue; // proven recently: the server remembers
      const challenge = authorization.challenges.find((item) => item.type === 'http-01');
      if (challenge === undefined || !TOKEN.test(challenge.token)) {
        throw orderFailed(app, `The ACME server ${server} offers no usable http-01 challenge for ${name} (offered: ${authorization.challenges.map((c) => c.type).join(', ') || 'none'}).`, undefined, { step: 'challenge', name });
      }
      const file = join(paths.webroot, challenge.token);
      await writeFileAtomic(file, await client.getChallengeKeyAuthorization(challenge), { mode: 0o644 });
      tokenFiles.push(file);
      pending.push({ name, challenge });
    }
    for (const { challenge } of pending) await client.completeChallenge(challenge);
    const failures: string[] = [];
    await Promise.all(
      pending.map(async ({ name, challenge }) => {
        try {
          await client.waitForValidStatus(challenge);
        } catch (error) {
          failures.push(`${name}: ${(error as Error).message}`);
        }
      }),
    );
    if (failures.length > 0) {
      throw orderFailed(app, `The ACME server ${server} could not validate ${failures.length === 1 ? 'a name' : 'names'} of app "${app}":\n${failures.map((line) => `  ${line}`).join('\n')}`, undefined, { step: 'challenge', failures });
    }
    log.debug(`ACME: ${names.join(', ')} validated; finalizing the order`);

    const key = await acme.crypto.createPrivateEcdsaKey('P-256');
    const first = names[0] as string;
    const [, csr] = await acme.crypto.createCsr({ ...(first.length <= 64 ? { commonName: first } : {}), altNames: [...names] }, key);
    const finalized = await client.finalizeOrder(order, csr);
    const certificatePem = await client.getCertificate(finalized);
    return { certificatePem, keyPem: key.toString(), accountKeyCreated: account.created };
  } catch (error) {
    if ((error as { code?: unknown }).code === NginxErrorCodes.acmeOrderFailed) throw error;
    throw orderFailed(app, `The ACME order for ${names.join(', ')} (app "${app}") failed at ${server}: ${(error as Error).message}`, error, { step: 'finalize', names });
  } finally {
    await Promise.all(tokenFiles.map((file) => rm(file, { force: true })));
  }
}
