import type { MaybePromise } from './common.js';

export interface EnsurePackagesOptions {
  /** Refresh the package index first. */
  update?: boolean;
}

export interface SetupOptions {
  /** Package groups to install (keys of `packages`); all when omitted. */
  groups?: readonly string[];
}

/** What `setupServer()` would do, serialisable for `hop3 setup --dry-run --json`. */
export interface SetupPlan {
  os: string;
  [key: string]: unknown;
}

/** Provisions the server: packages, the hop3 user, directories. */
export interface OS {
  readonly name: string;
  readonly displayName: string;
  /** Package names grouped by what needs them (`nginx`, `uwsgi`, `postgres`…). */
  readonly packages: Readonly<Record<string, readonly string[]>>;
  /** True when this strategy handles the running system. Never throws. */
  detect(): MaybePromise<boolean>;
  /** Make the server ready for Hop3. Idempotent. */
  setupServer(options?: SetupOptions): MaybePromise<unknown>;
  /** Describe what `setupServer()` would change, changing nothing (works without root). */
  planSetup?(options?: SetupOptions): MaybePromise<SetupPlan>;
  ensurePackages(packages: readonly string[], options?: EnsurePackagesOptions): MaybePromise<void>;
  ensureUser(user: string, home: string, shell: string, group: string): MaybePromise<void>;
}
