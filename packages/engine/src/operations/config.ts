import { ENV_KEY_PATTERN, loadAppConfig } from '@hop3/core';
import { AppStore } from '../apps/app-store.js';
import { mergeAppEnv, parseAssignments, toAssignments } from '../deploy/app-env.js';
import { applyEnvChange } from '../deploy/apply-env-change.js';
import type { EngineHost } from '../host/engine-host.js';
import { attachedServicesEnv } from '../services/attachments.js';
import { engineError, EngineErrorCodes } from '../errors.js';

export interface ConfigResult {
  app: string;
  /** The app's whole environment (hop3.toml [env] < services < the user's settings), unmasked: a host masks what it shows. */
  env: Record<string, string>;
}

export interface ConfigSetInput {
  app: string;
  /** `{ KEY: 'value' }` or `['KEY=value']`; keys and values are checked before anything changes. */
  env: Readonly<Record<string, string>> | readonly string[];
}

export interface ConfigUnsetInput {
  app: string;
  keys: readonly string[];
}

export interface ConfigChangeResult {
  app: string;
  /** The keys set or removed. */
  keys: string[];
  /** `unset` keys that `config set` (or `deploy --env`) had not set: nothing to remove. */
  notSet?: string[];
  /** True when the app was running and was rolled out again with the new values. */
  restarted: boolean;
}

export async function getConfig(host: EngineHost, app: string): Promise<ConfigResult> {
  const record = await new AppStore(host.layout).require(app);
  const config = await loadAppConfig(record.app.paths.src);
  const env = mergeAppEnv({ config, services: await attachedServicesEnv(host, record.attachments), user: record.userEnv });
  return { app, env: Object.fromEntries(Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}

/** Set or remove user variables under the app's lock; a running app is rolled out again. */
export async function changeConfig(host: EngineHost, app: string, change: { set: ConfigSetInput['env'] } | { unset: readonly string[] }): Promise<ConfigChangeResult> {
  const store = new AppStore(host.layout);
  return store.withAppLock(app, async () => {
    const record = await store.require(app);
    const userEnv = { ...record.userEnv };
    let keys: string[];
    let notSet: string[] = [];
    if ('set' in change) {
      const parsed = parseAssignments(toAssignments(change.set));
      if (parsed.problems.length > 0) throw engineError({ message: `Cannot set:\n  - ${parsed.problems.join('\n  - ')}`, code: EngineErrorCodes.invalidInput });
      Object.assign(userEnv, parsed.values);
      keys = Object.keys(parsed.values);
    } else {
      const invalid = change.unset.filter((key) => !ENV_KEY_PATTERN.test(key));
      if (invalid.length > 0) {
        throw engineError({ message: `Cannot unset: ${invalid.length === 1 ? 'a key is' : `${invalid.length} keys are`} not valid: use letters, digits and _, not starting with a digit`, code: EngineErrorCodes.invalidInput });
      }
      keys = [...new Set(change.unset)].filter((key) => Object.hasOwn(userEnv, key));
      notSet = [...new Set(change.unset)].filter((key) => !Object.hasOwn(userEnv, key));
      for (const key of keys) delete userEnv[key];
      // Nothing to remove: the app is not rolled out for nothing.
      if (keys.length === 0) return { app, keys, notSet, restarted: false };
    }
    const { restarted } = await applyEnvChange(host, store, record, userEnv);
    return { app, keys, ...(notSet.length > 0 ? { notSet } : {}), restarted };
  });
}
