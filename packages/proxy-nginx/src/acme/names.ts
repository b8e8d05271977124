import { nginxError, NginxErrorCodes } from '../errors.js';

/** Names that only this machine resolves: they keep the self-signed certificate. */
export function isLocalName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost');
}

/**
 * The names an ACME certificate for the app covers: all its hostnames but the `*.localhost` ones
 * (no public CA signs those). Refused before anything is written: wildcards (HTTP-01 cannot
 * prove them), IP addresses, single-label names, and an app left with no public name.
 */
export function acmeNames(app: string, hostnames: readonly string[]): { names: string[]; local: string[] } {
  const local = hostnames.filter(isLocalName);
  const names = hostnames.filter((name) => !isLocalName(name));
  const refuse = (message: string, details: Record<string, unknown> = {}) =>
    nginxError({ code: NginxErrorCodes.acmeNameNotAllowed, message, details: { app, hostnames, ...details } });
  if (names.length === 0) {
    throw refuse(
      `App "${app}" has no public hostname (only ${hostnames.join(', ')}): an ACME server cannot issue a certificate for it. ` +
        `Give it one (e.g. "hop3 deploy … --hostname app.example.com") whose DNS points at this server; *.localhost names keep the self-signed certificate.`,
    );
  }
  const wildcards = names.filter((name) => name.includes('*'));
  if (wildcards.length > 0) {
    throw refuse(`App "${app}": ${wildcards.join(', ')} cannot get an ACME certificate through HTTP-01 challenges (wildcards need DNS-01, which Hop3 does not do). List the names instead.`, { invalid: wildcards });
  }
  const unqualified = names.filter((name) => !name.includes('.') || /^[\d.]+$/.test(name));
  if (unqualified.length > 0) {
    throw refuse(`App "${app}": ${unqualified.join(', ')} is not a fully qualified domain name; an ACME certificate needs names such as app.example.com.`, { invalid: unqualified });
  }
  return { names, local };
}
