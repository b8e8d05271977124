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
}

/** A reverse proxy in front of apps. */
export interface Proxy extends ProxyTarget {
  readonly name: string;
  /** Configure (or reconfigure) the proxy for the app and make it live. */
  setup(): MaybePromise<void>;
  /** Remove the app's proxy configuration. Idempotent. */
  remove?(): MaybePromise<void>;
  /** The URLs where the app answers through this proxy (first = preferred). */
  publicUrls?(): string[];
}
