import type { Hop3Layout } from '../layout/layout.js';

export type MaybePromise<T> = T | Promise<T>;

/** Minimal logger every strategy receives; hosts route it to their own output. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
  /**
   * One line of a long step's own output (pip's "Collecting flask"), for a person watching:
   * a host shows it live on a terminal and drops it otherwise. Optional: call `log.progress?.()`.
   */
  progress?(line: string): void;
}

/**
 * Services a host hands to every strategy it constructs. Strategies read paths and settings
 * from here instead of globals, so several hosts (and tests) can run side by side.
 */
export interface StrategyRuntime {
  layout: Hop3Layout;
  /** Server-wide settings (HOP3_* variables and the like); defaults to process.env. */
  env: Readonly<Record<string, string | undefined>>;
  log: Logger;
}

/** Worker kind → change in process count (`{ web: +1 }`), used by deploy and scale. */
export type ScaleDeltas = Record<string, number>;

/** Something that can accept or decline a job and say why it declined. */
export interface Acceptor {
  /** Cheap check (no builds, no network). */
  accept(): MaybePromise<boolean>;
  /** Set by `accept()` when it returns false: one line shown to the user. */
  readonly rejectionReason?: string | undefined;
}
