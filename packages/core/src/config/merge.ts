import { appConfigSchema, type AppConfig } from '../data/app-config.js';
import { isWebKind } from './kinds.js';
import type { Hop3TomlConfig } from './hop3-toml.js';
import type { ProcfileResult } from './procfile.js';

export interface MergeInput {
  procfile?: Pick<ProcfileResult, 'workers' | 'hooks'>;
  hop3Toml?: Hop3TomlConfig;
  /** The files read, for `AppConfig.sources`. */
  sources?: string[];
}

/**
 * Merge what the Procfile and hop3.toml declare; hop3.toml wins per key (per worker kind, per
 * hook). The web process counts as one key: if hop3.toml sets it (`run.start` or a `wsgi` worker),
 * the Procfile's `web`/`wsgi`/… line is dropped rather than yielding two web processes.
 */
export function mergeAppConfig({ procfile, hop3Toml, sources = [] }: MergeInput): AppConfig {
  const procfileWorkers = { ...procfile?.workers };
  const tomlWorkers = hop3Toml?.workers ?? {};
  if (Object.keys(tomlWorkers).some(isWebKind)) {
    for (const kind of Object.keys(procfileWorkers)) if (isWebKind(kind)) delete procfileWorkers[kind];
  }
  return appConfigSchema.parse({
    metadata: hop3Toml?.metadata ?? {},
    build: { packages: [], ...hop3Toml?.build },
    run: { packages: [], ...hop3Toml?.run },
    workers: { ...procfileWorkers, ...tomlWorkers },
    hooks: { ...procfile?.hooks, ...hop3Toml?.hooks },
    env: hop3Toml?.env ?? {},
    addons: hop3Toml?.addons ?? [],
    healthcheck: hop3Toml?.healthcheck,
    static: hop3Toml?.static ?? {},
    docker: hop3Toml?.docker ?? {},
    tls: hop3Toml?.tls ?? {},
    sources,
  });
}
