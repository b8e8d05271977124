import type * as z from '../schema/zod.js';
import { buildArtifactSchema, deploymentInfoSchema } from '../data/deployment.js';
import { addonInfoSchema, connectionDetailsSchema, deployerStatusSchema } from '../data/strategy-results.js';
import { formatIssues } from '../data/validate.js';
import { ErrorCodes } from '../errors/codes.js';
import { Hop3Error } from '../errors/hop3-error.js';
import type { StrategyKind } from './strategy.js';
import { coreError } from '../errors/core-error.js';

interface ResultCheck {
  schema: z.ZodMiniType;
  /** The protocol type's name, for the message. */
  what: string;
}

/** The methods whose results core checks, per strategy kind. */
const CHECKED_METHODS: Partial<Record<StrategyKind, Record<string, ResultCheck>>> = {
  builder: { build: { schema: buildArtifactSchema, what: 'BuildArtifact' } },
  deployer: {
    deploy: { schema: deploymentInfoSchema, what: 'DeploymentInfo' },
    getStatus: { schema: deployerStatusSchema, what: 'DeployerStatus' },
  },
  addon: {
    getConnectionDetails: { schema: connectionDetailsSchema, what: 'connection details object' },
    info: { schema: addonInfoSchema, what: 'info object' },
  },
};

/** Which strategy an instance is, for messages. */
export interface StrategyOrigin {
  kind: StrategyKind;
  name: string;
  plugin: string;
}

function invalidResult(origin: StrategyOrigin, method: string, check: ResultCheck, issues: readonly z.core.$ZodIssue[]): Hop3Error {
  // Issues carry paths and messages, never the input (connection details hold passwords).
  const problems = formatIssues(issues);
  const { kind, name, plugin } = origin;
  return coreError({
    code: ErrorCodes.invalidStrategyResult,
    message: `Plugin "${plugin}": ${kind} "${name}" ${method}() returned an invalid ${check.what}:\n  - ${problems.join('\n  - ')}`,
    details: { plugin, kind, strategy: name, method, problems },
  });
}

function parseResult(origin: StrategyOrigin, method: string, check: ResultCheck, value: unknown): unknown {
  const result = check.schema.safeParse(value);
  if (!result.success) throw invalidResult(origin, method, check, result.error.issues);
  return result.data;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * `instance` as seen through a proxy whose checked methods (see CHECKED_METHODS) parse their
 * result with the protocol's schema: a wrong shape throws `HOP3_INVALID_STRATEGY_RESULT`
 * naming the plugin, the strategy and the method; what the method throws passes unchanged.
 * Methods run on the instance itself (`#private` fields keep working); sync stays sync.
 */
export function checkedStrategy<T>(instance: T, origin: StrategyOrigin): T {
  const checks = CHECKED_METHODS[origin.kind];
  if (checks === undefined || instance === null || typeof instance !== 'object') return instance;
  const target = instance as object;
  // One bound function per method, so `instance.deploy === instance.deploy` stays true.
  const bound = new Map<PropertyKey, { original: Function; bound: Function }>();
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function' || property === 'constructor') return value;
      const known = bound.get(property);
      if (known?.original === value) return known.bound;
      const method = value as (...args: unknown[]) => unknown;
      const check = typeof property === 'string' && Object.hasOwn(checks, property) ? checks[property] : undefined;
      const fn = check
        ? (...args: unknown[]): unknown => {
            const result = method.apply(object, args);
            const parse = (resolved: unknown) => parseResult(origin, property as string, check, resolved);
            return isThenable(result) ? result.then(parse) : parse(result);
          }
        : method.bind(object);
      bound.set(property, { original: method, bound: fn });
      return fn;
    },
    set(object, property, value) {
      return Reflect.set(object, property, value, object);
    },
  }) as T;
}

/**
 * A strategy factory whose instances are {@link checkedStrategy}: what core registers for every
 * strategy a plugin provides, so each construction (selection, by name, by a host) is checked.
 */
export function checkedFactory<A extends unknown[], T>(create: (...args: A) => T | PromiseLike<T>, origin: StrategyOrigin): (...args: A) => T | Promise<T> {
  const check = (instance: T): T => {
    if (instance === null || typeof instance !== 'object') {
      const { kind, name, plugin } = origin;
      const got = instance === null ? 'null' : instance === undefined ? 'undefined' : `a ${typeof instance}`;
      throw coreError({
        code: ErrorCodes.invalidStrategyResult,
        message: `Plugin "${plugin}": creating the ${kind} "${name}" returned ${got}, not a ${kind} object.`,
        details: { plugin, kind, strategy: name, method: 'create', problems: [`expected an object, got ${got}`] },
      });
    }
    return checkedStrategy(instance, origin);
  };
  return (...args: A) => {
    const instance = create(...args);
    return isThenable(instance) ? Promise.resolve(instance).then(check) : check(instance);
  };
}
