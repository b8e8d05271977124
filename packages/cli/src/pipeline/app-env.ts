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

/** Parse `K=V` assignments from the command line; a bad one is reported with how to write it. */
export function parseAssignments(items: readonly string[]): { values: Record<string, string>; problems: string[] } {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (const item of items) {
    const eq = item.indexOf('=');
    const key = eq === -1 ? item : item.slice(0, eq);
    const value = eq === -1 ? '' : item.slice(eq + 1);
    const valueProblem = eq === -1 ? undefined : checkEnvValue(value);
    if (eq === -1 || !ENV_KEY_PATTERN.test(key)) {
      problems.push(`"${item}" is not KEY=value (KEY: letters, digits and _, not starting with a digit)`);
    } else if (valueProblem !== undefined) {
      // The same rule as hop3.toml [env]: values are rendered into uWSGI and nginx config.
      problems.push(`the value of ${key}: ${valueProblem}`);
    } else {
      values[key] = value;
    }
  }
  return { values, problems };
}
