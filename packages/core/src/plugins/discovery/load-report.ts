import type { ProvidedKind } from '../hook-kinds.js';
import type { PluginSource } from '../plugin-order.js';

/** Where loading a plugin stopped. */
export type LoadPhase = 'metadata' | 'resolve' | 'import' | 'validate' | 'hooks' | 'register';

export interface LoadedPlugin {
  name: string;
  version?: string | undefined;
  /** Package directory, module file, or `<inline>` for plugin objects. */
  path: string;
  source: PluginSource;
  /** Strategy names per kind (`service` for getServices). */
  strategies: Record<ProvidedKind, string[]>;
  /**
   * False for a plugin known from its package.json `hop3.provides`: its module is imported only
   * when one of its strategies is used (so its import errors show then, or with `importAll`).
   */
  imported: boolean;
  durationMs: number;
}

/** A publisher's mistake that does not stop the plugin loading (a missing peer range, an unknown key). */
export interface PluginWarning {
  name: string;
  path: string;
  message: string;
}

export interface SkippedPlugin {
  name: string;
  path: string;
  reason: string;
}

export interface FailedPlugin {
  name: string;
  path: string;
  phase: LoadPhase;
  error: { code: string; message: string };
}

/** The same package name found at several paths: `paths[0]` was loaded, the others ignored. */
export interface DuplicatePlugin {
  name: string;
  paths: string[];
  message: string;
}

export interface ConflictReport {
  kind: ProvidedKind;
  name: string;
  plugins: string[];
  code: string;
  message: string;
}

/** What `loadPlugins()` did; plain data, ready for `--json`. */
export interface LoadReport {
  loaded: LoadedPlugin[];
  skipped: SkippedPlugin[];
  failed: FailedPlugin[];
  duplicates: DuplicatePlugin[];
  conflicts: ConflictReport[];
  warnings: PluginWarning[];
  timings: { scanMs: number; loadMs: number; totalMs: number };
}
