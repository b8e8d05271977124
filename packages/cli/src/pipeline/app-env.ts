import type { AppConfig } from '@hop3/core';

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

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parse `K=V` assignments from the command line; a bad one is reported with how to write it. */
export function parseAssignments(items: readonly string[]): { values: Record<string, string>; problems: string[] } {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (const item of items) {
    const eq = item.indexOf('=');
    const key = eq === -1 ? item : item.slice(0, eq);
    const value = eq === -1 ? '' : item.slice(eq + 1);
    if (eq === -1 || !ENV_KEY.test(key)) {
      problems.push(`"${item}" is not KEY=value (KEY: letters, digits and _, not starting with a digit)`);
    } else if (/[\n\r\0]/.test(value)) {
      problems.push(`the value of ${key} contains a newline or NUL, which cannot be passed to the app`);
    } else {
      values[key] = value;
    }
  }
  return { values, problems };
}
