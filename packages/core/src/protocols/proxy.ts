import type { App } from '../data/app.js';
import type { DeploymentInfo } from '../data/deployment.js';
import type { MaybePromise } from './common.js';

/** What a proxy strategy is constructed with. */
export interface ProxyTarget {
  app: App;
  /** The app's environment (settings such as NGINX_STATIC_PATHS live here). */
  env: Record<string, string>;
  /** The app's workers: kind → command. */
  workers: Record<string, string>;
  /**
   * Where the app answers, as its deployer reported it: `unix` (address = socket path, speak
   * the uwsgi protocol), `http` (address:port), or `static` (no process).
   */
  backend: DeploymentInfo;
  /** Static mappings declared in hop3.toml `[static]`: URL prefix → directory relative to the app source. */
  static?: Record<string, string>;
  /** `[tls]` of hop3.toml: ACME certificates, HTTPS only. */
  tls?: { acme?: boolean; httpsOnly?: boolean };
}

/**
 * The `backend` a host passes when it creates a proxy only to call `preflight()`: before the
 * build, no deployer has said where the app will answer yet.
 */
export const PENDING_BACKEND: DeploymentInfo = Object.freeze({ protocol: 'tcp', address: 'pending', port: null });

export interface ProxyPreflightOptions {
  /**
   * The app's build may still create files under its source (build hooks): a static directory
   * that does not exist yet is not refused (setup() checks it again after the build).
   */
  buildMayCreateFiles: boolean;
}

/** The certificate a proxy serves for an app, as measured from its files. */
export interface ProxyCertificate {
  /** DNS names the certificate covers. */
  names: string[];
  issuer: string | null;
  /** ISO date the certificate expires, or null when there is none. */
  notAfter: string | null;
  source: 'acme' | 'self-signed' | 'none';
  /** True when the proxy renews it by itself (an ACME certificate). */
  managed: boolean;
  /** The last ACME issue or renewal, and the server's error when it failed. */
  lastAttempt: { at: string; action: 'issue' | 'renew'; ok: boolean; error?: string } | null;
}

/** What a proxy did when asked for a certificate. */
export interface CertificateOutcome {
  /** True when a new certificate now serves. */
  issued: boolean;
  /** Why it was (or was not) issued: `forced`, `it expires in 12 day(s), within 30`, `valid for 80 more day(s)`. */
  reason: string;
  certificate: ProxyCertificate;
}

/** What a proxy answered for the app just now ({@link Proxy.probe}). */
export interface ProxyProbe {
  /** True when a request for the app got through to it (any answer but a proxy error such as 502). */
  ok: boolean;
  /** What was seen: `nginx answers 200 for shop.localhost`, `nginx does not answer on 127.0.0.1:8080 (ECONNREFUSED)`. */
  detail: string;
  /** What the user can do about it, when not ok: `Run "hop3 server start".` */
  fix?: string;
}

/** A reverse proxy in front of apps. */
export interface Proxy extends ProxyTarget {
  readonly name: string;
  /**
   * Check everything `setup()` would refuse that is known before the build — hostnames (also
   * those another app already serves), settings, static directories — and write nothing.
   * `backend` may be {@link PENDING_BACKEND}: do not check it here.
   */
  preflight?(options: ProxyPreflightOptions): MaybePromise<void>;
  /** Configure (or reconfigure) the proxy for the app and make it live. */
  setup(): MaybePromise<void>;
  /** Remove the app's proxy configuration. Idempotent. */
  remove?(): MaybePromise<void>;
  /** The URLs where the app answers through this proxy (first = preferred). */
  publicUrls?(): string[];
  /** The app's certificate as served now (`hop3 certs`, `hop3 status`). */
  certificate?(): Promise<ProxyCertificate>;
  /**
   * Send the app one request through the proxy now, as a visitor would (`hop3 status`): a proxy
   * that is down, or that answers for the app with its own error (502, 504), makes an app whose
   * processes serve `unreachable`. Never throws.
   */
  probe?(): Promise<ProxyProbe>;
  /**
   * Get the app a certificate from an ACME server: `issue` always orders one; `renew` only when
   * one is due (or `force`). A failure keeps the current certificate, is recorded for
   * `certificate()`, and is thrown.
   */
  requestCertificate?(request: { action: 'issue' | 'renew'; force?: boolean }): Promise<CertificateOutcome>;
}
