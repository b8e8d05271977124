import { ErrorCodes } from '../errors/codes.js';
import { coreError } from '../errors/core-error.js';
import type { Hop3Error } from '../errors/hop3-error.js';
import type { Hop3Plugin } from './define-plugin.js';
import { HOOK_KINDS, HOOK_NAMES, type ProvidedKind } from './hook-kinds.js';
import type { PluginContributions } from './resolve-hooks.js';

/** Strategy (and service) names per kind, as a plugin's package.json `hop3.provides` declares them. */
export type ProvidedNames = Record<ProvidedKind, string[]>;

/**
 * A plugin known from its package.json manifest (`hop3.provides`) before its module is imported:
 * hosts list its strategy names and see conflicts without importing it, and import it only when
 * one of its strategies (or services) is needed.
 */
export interface DeferredPlugin {
  /** The plugin name (its package name); the imported plugin must have the same name. */
  name: string;
  version?: string | undefined;
  enforce?: 'pre' | 'post' | undefined;
  provides: ProvidedNames;
  /** Import and validate the plugin module. Called at most once. */
  load(): Promise<Hop3Plugin>;
}

export function manifestMismatch(plugin: string, problem: string): Hop3Error {
  return coreError({
    code: ErrorCodes.pluginManifestMismatch,
    message: `Plugin "${plugin}" does not match its package.json "hop3.provides": ${problem}. Make "hop3.provides" list exactly what its hooks return.`,
    details: { plugin },
  });
}

/** Differences between what the hooks returned and what the manifest declares (none when they agree). */
export function compareWithManifest(contributions: PluginContributions, provides: ProvidedNames): string[] {
  const problems: string[] = [];
  for (const hook of HOOK_NAMES) {
    const kind = HOOK_KINDS[hook];
    if (contributions.failures.some((f) => f.hook === hook)) continue; // reported as the hook's own failure
    const actual = new Set((contributions.byHook[hook] ?? []).map((p) => p.name));
    const declared = new Set(provides[kind]);
    const missing = [...declared].filter((name) => !actual.has(name));
    const extra = [...actual].filter((name) => !declared.has(name));
    if (missing.length > 0) problems.push(`declares ${kind} ${missing.map((n) => `"${n}"`).join(', ')} but ${hook} does not return it`);
    if (extra.length > 0) problems.push(`${hook} returns ${kind} ${extra.map((n) => `"${n}"`).join(', ')}, which the manifest does not declare`);
  }
  return problems;
}

