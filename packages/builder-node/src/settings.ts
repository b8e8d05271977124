import { join } from 'node:path';
import type { StrategyRuntime } from '@hop3/core';
import { DEFAULT_PATH } from '@hop3/kit';

/** Server-wide settings of the Node builder, read from the host's environment. */
export interface NodeBuildSettings {
  /** The system node: HOP3_NODE, else `node` on the host's PATH. */
  systemNode: string;
  /** npm's CLI script, run by the system node: HOP3_NPM_CLI, else the one installed beside the system node. */
  npmCli: string | undefined;
  /** Official Node builds, pnpm and yarn, one dir per version, shared by every app. */
  toolsDir: string;
  /** The package managers' own caches, shared by every app of the server. */
  npmCache: string;
  pnpmStore: string;
  yarnCache: string;
  /** The host variables package managers get (HOME for ~/.npmrc, proxies, CA files, npm/yarn/pnpm settings). */
  hostEnv: Record<string, string>;
  /** Bound on one install, build or tool download. */
  stepTimeoutMs: number;
  /** HOP3_NODE_BUILD_CACHE: "0" builds on every deploy, even of an identical source. */
  buildCache: string;
}

const DEFAULT_STEP_TIMEOUT_MS = 15 * 60_000;
const PASSED_VARIABLES = new Set(['HOME', 'USER', 'LANG', 'LC_ALL', 'TMPDIR', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR']);
const PASSED_PREFIXES = ['npm_config_', 'NPM_CONFIG_', 'YARN_', 'PNPM_'];

export function readBuildSettings(runtime: StrategyRuntime): NodeBuildSettings {
  const env = runtime.env;
  const hostEnv: Record<string, string> = { PATH: env.PATH || DEFAULT_PATH };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (PASSED_VARIABLES.has(key) || PASSED_PREFIXES.some((prefix) => key.startsWith(prefix))) hostEnv[key] = value;
  }
  const cache = runtime.layout.cacheDir;
  const timeout = Number(env.HOP3_NODE_STEP_TIMEOUT);
  return {
    systemNode: env.HOP3_NODE || 'node',
    npmCli: env.HOP3_NPM_CLI || undefined,
    toolsDir: env.HOP3_NODE_TOOLS_DIR || join(runtime.layout.root, 'tools'),
    npmCache: env.HOP3_NPM_CACHE || join(cache, 'npm'),
    pnpmStore: join(cache, 'pnpm-store'),
    yarnCache: join(cache, 'yarn'),
    hostEnv,
    stepTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : DEFAULT_STEP_TIMEOUT_MS,
    buildCache: env.HOP3_NODE_BUILD_CACHE ?? '1',
  };
}
