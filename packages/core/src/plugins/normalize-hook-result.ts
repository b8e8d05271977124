import { SAFE_NAME_PATTERN, SAFE_NAME_RULE } from '../data/names.js';
import { ErrorCodes } from '../errors/codes.js';
import { Hop3Error } from '../errors/hop3-error.js';
import type { HookName, ServiceDescriptor } from './define-plugin.js';
import { checkedFactory } from './checked-strategy.js';
import { HOOK_KINDS } from './hook-kinds.js';
import type { RegisteredStrategy, StrategyKind, StrategyPreflight } from './strategy.js';
import { coreError } from '../errors/core-error.js';

/** A service as core keeps it: the descriptor, tagged with the plugin that provided it. */
export interface RegisteredService extends ServiceDescriptor {
  kind: 'service';
  plugin: string;
}

function describeEntry(entry: unknown): string {
  if (typeof entry === 'function') return `function ${entry.name || '(anonymous)'}`;
  if (entry === null || typeof entry !== 'object') return JSON.stringify(entry) ?? String(entry);
  return `object with keys ${Object.keys(entry).join(', ') || '(none)'}`;
}

function invalid(plugin: string, hook: HookName, message: string, index?: number): Hop3Error {
  const where = index === undefined ? '' : ` entry ${index}`;
  return coreError({
    code: ErrorCodes.invalidHookResult,
    message: `Plugin "${plugin}": hook ${hook}${where} ${message}`,
    details: { plugin, hook, index },
  });
}

function checkName(name: unknown, plugin: string, hook: HookName, index: number, field: string): string {
  if (typeof name !== 'string') throw invalid(plugin, hook, `has no ${field} (a string)`, index);
  if (!SAFE_NAME_PATTERN.test(name)) throw invalid(plugin, hook, `has the ${field} "${name}", which is not a safe name: ${SAFE_NAME_RULE}`, index);
  return name;
}

function checkDescription(description: unknown, plugin: string, hook: HookName, index: number): string | undefined {
  if (description === undefined || typeof description === 'string') return description;
  throw invalid(plugin, hook, 'has a "description" that is not a string', index);
}

/** `{ preflight }` bound to its owner when given, `{}` when not; anything else is refused. */
function checkPreflight(preflight: unknown, owner: unknown, name: string, plugin: string, hook: HookName, index: number): { preflight?: StrategyPreflight } {
  if (preflight === undefined) return {};
  if (typeof preflight !== 'function') throw invalid(plugin, hook, `("${name}") has a "preflight" that is not a function`, index);
  return { preflight: preflight.bind(owner) as StrategyPreflight };
}

function normalizeStrategy(entry: unknown, kind: StrategyKind, plugin: string, hook: HookName, index: number): RegisteredStrategy {
  if (typeof entry === 'function') {
    // A strategy class: the name comes from `static strategyName` (class names do not survive minifiers).
    const StrategyCtor = entry as unknown as (new (...args: unknown[]) => unknown) & { strategyName?: unknown; description?: unknown; preflight?: unknown };
    const name = checkName(StrategyCtor.strategyName, plugin, hook, index, 'static "strategyName"');
    const description = checkDescription(StrategyCtor.description, plugin, hook, index);
    const preflight = checkPreflight(StrategyCtor.preflight, StrategyCtor, name, plugin, hook, index);
    const create = checkedFactory((...args: unknown[]) => new StrategyCtor(...args), { kind, name, plugin });
    return { kind, name, plugin, description, create, ...preflight } as RegisteredStrategy;
  }
  if (entry !== null && typeof entry === 'object') {
    const descriptor = entry as { name?: unknown; description?: unknown; create?: unknown; preflight?: unknown };
    const name = checkName(descriptor.name, plugin, hook, index, '"name"');
    const description = checkDescription(descriptor.description, plugin, hook, index);
    if (typeof descriptor.create !== 'function') throw invalid(plugin, hook, `("${name}") has no "create" function`, index);
    const create = checkedFactory(descriptor.create.bind(descriptor) as (...args: unknown[]) => unknown, { kind, name, plugin });
    const preflight = checkPreflight(descriptor.preflight, descriptor, name, plugin, hook, index);
    return { kind, name, plugin, description, create, ...preflight } as RegisteredStrategy;
  }
  throw invalid(plugin, hook, `is ${describeEntry(entry)}: expected a strategy class (with static strategyName) or a { name, create } descriptor`, index);
}

function normalizeService(entry: unknown, plugin: string, hook: HookName, index: number): RegisteredService {
  if (entry === null || typeof entry !== 'object') {
    throw invalid(plugin, hook, `is ${describeEntry(entry)}: expected a { name, start, stop, status } service descriptor`, index);
  }
  const service = entry as Record<string, unknown>;
  const name = checkName(service.name, plugin, hook, index, '"name"');
  const description = checkDescription(service.description, plugin, hook, index);
  const missing = ['start', 'stop', 'status'].filter((method) => typeof service[method] !== 'function');
  if (missing.length > 0) throw invalid(plugin, hook, `("${name}") is missing the function(s) ${missing.join(', ')}`, index);
  const descriptor = entry as ServiceDescriptor;
  return {
    kind: 'service',
    name,
    plugin,
    description,
    start: descriptor.start.bind(descriptor),
    stop: descriptor.stop.bind(descriptor),
    status: descriptor.status.bind(descriptor),
  };
}

/**
 * Validate what a hook returned and turn it into registered entries. Throws
 * `HOP3_INVALID_HOOK_RESULT` naming the plugin, the hook and the offending entry's index.
 */
export function normalizeHookResult(plugin: string, hook: 'getServices', result: unknown): RegisteredService[];
export function normalizeHookResult(plugin: string, hook: HookName, result: unknown): (RegisteredStrategy | RegisteredService)[];
export function normalizeHookResult(plugin: string, hook: HookName, result: unknown): (RegisteredStrategy | RegisteredService)[] {
  if (!Array.isArray(result)) throw invalid(plugin, hook, `returned ${describeEntry(result)}: a hook must return a list (an array)`);
  const kind = HOOK_KINDS[hook];
  const seen = new Set<string>();
  return result.map((entry: unknown, index) => {
    const normalized = kind === 'service' ? normalizeService(entry, plugin, hook, index) : normalizeStrategy(entry, kind, plugin, hook, index);
    if (seen.has(normalized.name)) throw invalid(plugin, hook, `repeats the name "${normalized.name}" (each name once per plugin)`, index);
    seen.add(normalized.name);
    return normalized;
  });
}
