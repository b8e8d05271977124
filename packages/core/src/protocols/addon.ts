import type { MaybePromise } from './common.js';

/** A backing service instance (database, cache) that apps attach to. */
export interface Addon {
  /** The addon type (`postgres`, `redis`). */
  readonly name: string;
  /** The service instance's name. */
  readonly addonName: string;
  /** Create the service. Idempotent. */
  create(): MaybePromise<void>;
  /** Remove the service and its data. Idempotent. */
  destroy(): MaybePromise<void>;
  /** The environment variables an app uses to connect (contains secrets: never log them). */
  getConnectionDetails(): MaybePromise<Record<string, string>>;
  /** Write a backup and return its absolute path. */
  backup(): MaybePromise<string>;
  /** Replace the service's contents with a backup. */
  restore(path: string): MaybePromise<void>;
  /** Status facts for humans and scripts. Never contains secrets. */
  info(): MaybePromise<Record<string, unknown>>;
}
