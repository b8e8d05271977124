import { errorFactory } from '@hop3/core';

/** Stable error codes raised by the nginx proxy plugin. */
export const NginxErrorCodes = {
  /** An `NGINX_*` setting (or another value bound for the config) is malformed. */
  invalidSetting: 'HOP3_NGINX_INVALID_SETTING',
  /** A hostname of the app cannot go into `server_name`. */
  invalidHostname: 'HOP3_NGINX_INVALID_HOSTNAME',
  /** A hostname of the app is already served by another site (another app). */
  hostnameTaken: 'HOP3_NGINX_HOSTNAME_TAKEN',
  /** A static mapping is malformed, missing, or points outside the app. */
  invalidStaticPath: 'HOP3_NGINX_INVALID_STATIC_PATH',
  /** The deployer's backend cannot be proxied (unknown protocol, bad address). */
  unsupportedBackend: 'HOP3_NGINX_UNSUPPORTED_BACKEND',
  /** `nginx -t` rejected the configuration with the app's new file: it was rolled back. */
  configInvalid: 'HOP3_NGINX_CONFIG_INVALID',
  /** openssl could not make the app's self-signed certificate. */
  certificateFailed: 'HOP3_NGINX_CERTIFICATE_FAILED',
  /** The embedded nginx did not start. */
  startFailed: 'HOP3_NGINX_START_FAILED',
  /** The embedded nginx did not stop. */
  stopFailed: 'HOP3_NGINX_STOP_FAILED',
  /** nginx could not be told to reload its configuration. */
  reloadFailed: 'HOP3_NGINX_RELOAD_FAILED',
  /** A hostname cannot get a certificate from an ACME server (`*.localhost`, an IP, no hostname at all). */
  acmeNameNotAllowed: 'HOP3_NGINX_ACME_NAME_NOT_ALLOWED',
  /** The ACME server refused or failed the order (rate limit, failed challenge, unresolvable name): its own words, naming the hostname. */
  acmeOrderFailed: 'HOP3_NGINX_ACME_ORDER_FAILED',
  /** The certificate the ACME server returned is unusable (does not match its key or the names); the current one was kept. */
  acmeCertificateInvalid: 'HOP3_NGINX_ACME_CERTIFICATE_INVALID',
  /** The ACME state of an app (`HOP3_ROOT/acme/state/<app>.json`) cannot be read. */
  acmeStateCorrupt: 'HOP3_NGINX_ACME_STATE_CORRUPT',
  /** The renewal job did not start or stop. */
  renewalJobFailed: 'HOP3_NGINX_RENEWAL_JOB_FAILED',
} as const;

export type NginxErrorCode = (typeof NginxErrorCodes)[keyof typeof NginxErrorCodes];

/** The proxy's errors: bad settings, hostnames (also one another app serves) and static mappings are bad input. */
export const nginxError = errorFactory<NginxErrorCode>({
  input: [
    NginxErrorCodes.invalidSetting,
    NginxErrorCodes.invalidHostname,
    NginxErrorCodes.hostnameTaken,
    NginxErrorCodes.invalidStaticPath,
    NginxErrorCodes.acmeNameNotAllowed,
  ],
});
