import type { MaybePromise } from './common.js';

export interface EnsurePackagesOptions {
  /** Refresh the package index first. */
  update?: boolean;
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
  setupServer(): MaybePromise<void>;
  ensurePackages(packages: readonly string[], options?: EnsurePackagesOptions): MaybePromise<void>;
  ensureUser(user: string, home: string, shell: string, group: string): MaybePromise<void>;
}
