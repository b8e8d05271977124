import type { Hop3Plugin } from './define-plugin.js';
import type { DeferredPlugin } from './deferred-plugin.js';

export type PluginSource = 'explicit' | 'discovered';

/** What the manager knows of a registered plugin, for ordering. */
export interface PluginEntry {
  name: string;
  enforce: 'pre' | 'post' | undefined;
  /** The plugin object; for a deferred plugin, set once its module is imported. */
  plugin: Hop3Plugin | undefined;
  /** Known from its package.json manifest; imported on first use. */
  deferred: DeferredPlugin | undefined;
  source: PluginSource;
  /** Position in the host's explicit list (explicit plugins only). */
  order: number;
  /** Registration sequence: the tie-break, so equal orders keep registration order. */
  seq: number;
}

const ENFORCE_RANK = { pre: 0, normal: 1, post: 2 } as const;

function rank(entry: PluginEntry): number {
  return ENFORCE_RANK[entry.enforce ?? 'normal'];
}

function compareWithinGroup(a: PluginEntry, b: PluginEntry): number {
  const byEnforce = rank(a) - rank(b);
  if (byEnforce !== 0) return byEnforce;
  if (a.source === 'explicit') return a.order - b.order || a.seq - b.seq;
  // Discovered plugins: by name, never by readdir or import-completion order.
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * The deterministic plugin order: explicit plugins (host order) first, then discovered ones
 * by name; within each group `enforce: 'pre'` plugins go first and `'post'` ones last.
 */
export function sortPluginEntries(entries: Iterable<PluginEntry>): PluginEntry[] {
  return [...entries].sort((a, b) => {
    if (a.source !== b.source) return a.source === 'explicit' ? -1 : 1;
    return compareWithinGroup(a, b);
  });
}
