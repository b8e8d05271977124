import { ENV_KEY_PATTERN, checkEnvValue, type AppConfig } from '@hop3/core';

export interface EnvLayers {
  config: AppConfig;
  /** Connection variables of attached services. */
  services: Record<string, string>;
  /** `hop3 config set` / `deploy --env` values: the user's word wins. */
  user: Record<string, string>;
}

/** The app's environment: hop3.toml [env] < attached services < the user's own settings. */
export function mergeAppEnv(layers: EnvLayers): Record<string, string> {
  return { ...layers.config.env, ...layers.services, ...layers.user };
}

// A key worth quoting back: a name-like word. Anything else (a URL, a pasted token) may hold a
// secret, so it is referred to by position only.
const QUOTABLE_KEY = /^[A-Za-z0-9_.-]{1,64}$/;

/** "assignment 2" (or "the assignment" when there is one). */
function position(items: readonly string[], index: number): string {
  return items.length > 1 ? `assignment ${index + 1}` : 'the assignment';
}

/** How an error refers to item `index` of `items`: its key when that is safe to show. */
function describeItem(key: string, index: number, items: readonly string[]): string {
  return QUOTABLE_KEY.test(key) ? `"${key}"` : position(items, index);
}

/**
 * Parse `K=V` assignments from the command line; a bad one is reported with how to write it.
 * Problems name the key, never the value: values are secrets (and a mistyped item may be one).
 */
export function parseAssignments(items: readonly string[]): { values: Record<string, string>; problems: string[] } {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  items.forEach((item, index) => {
    const eq = item.indexOf('=');
    const key = eq === -1 ? item : item.slice(0, eq);
    const value = eq === -1 ? '' : item.slice(eq + 1);
    const what = describeItem(key, index, items);
    if (eq === -1) {
      problems.push(`${what} has no "=": write KEY=value`);
    } else if (key === '') {
      problems.push(`${position(items, index)} has nothing before "=": write KEY=value`);
    } else if (!ENV_KEY_PATTERN.test(key)) {
      problems.push(`${what} is not a valid key: use letters, digits and _, not starting with a digit (KEY=value)`);
    } else if (Object.hasOwn(values, key)) {
      problems.push(`"${key}" is given twice: give each key once`);
    } else {
      // The same rule as hop3.toml [env]: values are rendered into uWSGI and nginx config.
      const valueProblem = checkEnvValue(value);
      if (valueProblem !== undefined) problems.push(`the value of ${key}: ${valueProblem}`);
      else values[key] = value;
    }
  });
  return { values, problems };
}

/** Variables given as an object or as `KEY=value` items, as items (checked by {@link parseAssignments}). */
export function toAssignments(env: Readonly<Record<string, string>> | readonly string[]): readonly string[] {
  return isAssignmentList(env) ? env : Object.entries(env).map(([key, value]) => `${key}=${value}`);
}

function isAssignmentList(env: Readonly<Record<string, string>> | readonly string[]): env is readonly string[] {
  return Array.isArray(env);
}
