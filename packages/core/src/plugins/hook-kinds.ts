import type { HookName } from './define-plugin.js';
import type { StrategyKind } from './strategy.js';

/** What a hook provides: a strategy kind, or server services. */
export type ProvidedKind = StrategyKind | 'service';

/** Hook name → the kind of thing it returns. The order is the order reports list them in. */
export const HOOK_KINDS = {
  getBuilders: 'builder',
  getDeployers: 'deployer',
  getAddons: 'addon',
  getProxies: 'proxy',
  getOSImplementations: 'os',
  getServices: 'service',
} as const satisfies Record<HookName, ProvidedKind>;

export const HOOK_NAMES = Object.keys(HOOK_KINDS) as HookName[];

export const PROVIDED_KINDS: readonly ProvidedKind[] = Object.values(HOOK_KINDS);

/** The hook that provides `kind` (for messages: "hook getBuilders"). */
export function hookForKind(kind: ProvidedKind): HookName {
  return HOOK_NAMES.find((hook) => HOOK_KINDS[hook] === kind)!;
}

/** Plural, human name of a kind, for messages ("builders", "OS implementations"). */
export function pluralKind(kind: ProvidedKind): string {
  if (kind === 'os') return 'OS implementations';
  return kind === 'proxy' ? 'proxies' : `${kind}s`;
}

/** One empty list per provided kind. */
export function emptyByKind<T>(): Record<ProvidedKind, T[]> {
  return { builder: [], deployer: [], addon: [], proxy: [], os: [], service: [] };
}
