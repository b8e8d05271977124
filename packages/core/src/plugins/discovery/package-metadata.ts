import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeError } from '../../errors/hop3-error.js';
import { SAFE_NAME_PATTERN, SAFE_NAME_RULE } from '../../data/names.js';
import { SUPPORTED_API_VERSIONS } from '../define-plugin.js';
import type { ProvidedNames } from '../deferred-plugin.js';
import { PROVIDED_KINDS, emptyByKind, type ProvidedKind } from '../hook-kinds.js';
import { isValidRange, satisfies } from '../semver.js';
import { PluginLoadError } from './load-error.js';

/** The package.json fields discovery reads. */
export interface PackageJson {
  name?: unknown;
  version?: unknown;
  main?: unknown;
  exports?: unknown;
  hop3?: unknown;
  peerDependencies?: unknown;
}

/** Read `<dir>/package.json` by path (never through `exports`: many packages do not export it). */
export async function readPackageJson(dir: string): Promise<PackageJson> {
  const path = join(dir, 'package.json');
  let text: string;
  try {
    // Sync on purpose: package.json files are tiny, and fs/promises costs several thread-pool
    // round trips per file, which dominates on a busy machine.
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new PluginLoadError('metadata', missing ? `no package.json in ${dir}` : `cannot read ${path}: ${describeError(cause)}`, { cause });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new PluginLoadError('metadata', `malformed package.json (${path}): ${describeError(cause)}`, { cause });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new PluginLoadError('metadata', `malformed package.json (${path}): expected a JSON object`);
  }
  return parsed as PackageJson;
}

export function packageVersion(pkg: PackageJson): string | undefined {
  return typeof pkg.version === 'string' ? pkg.version : undefined;
}

/** The keys a plugin's package.json `hop3` field may have. */
const HOP3_FIELD_KEYS = ['apiVersion', 'provides', 'enforce'] as const;

/** What a plugin's package.json says about it, read before anything is imported. */
export interface PluginPackageCheck {
  /** Why the running core cannot load it (skipped when discovered, failed when listed), or null. */
  incompatibility: string | null;
  /** A malformed manifest (`hop3.provides`, `hop3.enforce`): the plugin fails, phase `metadata`. */
  problem: string | null;
  /** Mistakes that do not stop it loading (a missing peer dependency, an unknown key). */
  warnings: string[];
  /** `hop3.provides`, normalised (every kind present), when declared: the module can be imported lazily. */
  provides: ProvidedNames | null;
  enforce: 'pre' | 'post' | undefined;
}

/** Levenshtein distance, small strings only: to suggest the key a publisher meant. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

function closestKey(key: string, known: readonly string[]): string | undefined {
  return known.find((candidate) => distance(key, candidate) <= 2);
}

function readProvides(value: unknown): { provides: ProvidedNames } | { problem: string } {
  const where = 'package.json "hop3.provides"';
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { problem: `${where} must be an object of kind → names, e.g. { "builder": ["ruby"], "deployer": ["ruby"] }` };
  }
  const provides = emptyByKind<string>();
  for (const [kind, names] of Object.entries(value)) {
    if (!(PROVIDED_KINDS as readonly string[]).includes(kind)) {
      const near = closestKey(kind, PROVIDED_KINDS);
      return { problem: `${where} has the unknown kind "${kind}"${near ? ` (did you mean "${near}"?)` : ''}: use ${PROVIDED_KINDS.join(', ')}` };
    }
    if (!Array.isArray(names) || names.some((name) => typeof name !== 'string' || !SAFE_NAME_PATTERN.test(name))) {
      return { problem: `${where}.${kind} must be a list of strategy names (${SAFE_NAME_RULE}), e.g. ["${kind === 'os' ? 'debian' : 'my-' + kind}"]` };
    }
    provides[kind as ProvidedKind] = [...new Set(names as string[])];
  }
  return { provides };
}

/**
 * Everything discovery checks in a plugin's package.json before importing it: compatibility
 * (`hop3.apiVersion`, the peer range on `@hop3/core`), the manifest (`hop3.provides`,
 * `hop3.enforce`), and the publisher's usual slips, each with a message saying what to write.
 * Explicitly listed packages may omit the `hop3` field (the host vouches for them).
 */
export function checkPluginPackage(pkg: PackageJson, coreVersion: string, options: { requireHop3Field: boolean }): PluginPackageCheck {
  const result: PluginPackageCheck = { incompatibility: null, problem: null, warnings: [], provides: null, enforce: undefined };
  if (pkg.hop3 === undefined) {
    if (options.requireHop3Field) result.incompatibility = 'not a hop3 plugin: no "hop3" field in package.json';
  } else {
    const hop3 = pkg.hop3 as Record<string, unknown> | null;
    if (hop3 === null || typeof hop3 !== 'object' || Array.isArray(hop3)) {
      result.incompatibility = 'invalid "hop3" field in package.json: expected an object like { "apiVersion": 1 }';
      return result;
    }
    const unknown = Object.keys(hop3).filter((key) => !(HOP3_FIELD_KEYS as readonly string[]).includes(key));
    for (const key of unknown) {
      const near = closestKey(key, HOP3_FIELD_KEYS);
      result.warnings.push(`package.json has the unknown key "hop3.${key}"${near ? `: did you mean "hop3.${near}"?` : ` (known keys: ${HOP3_FIELD_KEYS.join(', ')})`}`);
    }
    const apiVersion = hop3.apiVersion;
    if (apiVersion === undefined) {
      const typo = unknown.find((key) => closestKey(key, ['apiVersion']) !== undefined);
      result.incompatibility = typo
        ? `package.json has "hop3.${typo}" but no "hop3.apiVersion": did you mean "apiVersion"? Write "hop3": { "apiVersion": ${SUPPORTED_API_VERSIONS.at(-1)} }`
        : `package.json "hop3" has no "apiVersion": write "hop3": { "apiVersion": ${SUPPORTED_API_VERSIONS.at(-1)} }`;
    } else if (typeof apiVersion === 'string' && SUPPORTED_API_VERSIONS.includes(Number(apiVersion))) {
      result.incompatibility = `package.json "hop3.apiVersion" is the string ${JSON.stringify(apiVersion)}: write the number ${Number(apiVersion)}, without quotes`;
    } else if (!SUPPORTED_API_VERSIONS.includes(apiVersion as number)) {
      result.incompatibility =
        `plugin API version ${JSON.stringify(apiVersion)} (package.json hop3.apiVersion) is not supported: ` +
        `@hop3/core ${coreVersion} speaks API version ${SUPPORTED_API_VERSIONS.join(', ')}`;
    }
    if (hop3.enforce !== undefined) {
      if (hop3.enforce === 'pre' || hop3.enforce === 'post') result.enforce = hop3.enforce;
      else result.problem = 'package.json "hop3.enforce" must be "pre" or "post"';
    }
    if (hop3.provides !== undefined) {
      const provides = readProvides(hop3.provides);
      if ('problem' in provides) result.problem ??= provides.problem;
      else result.provides = provides.provides;
    }
  }
  if (result.incompatibility !== null) return result;
  const peers = pkg.peerDependencies as Record<string, unknown> | undefined;
  const range = peers && typeof peers === 'object' ? peers['@hop3/core'] : undefined;
  if (range === undefined) {
    if (pkg.hop3 !== undefined) {
      result.warnings.push(
        'package.json declares no peerDependencies["@hop3/core"]: add the core versions the plugin works with (e.g. "@hop3/core": "^0.1.0"), ' +
          'so npm installs a matching core and other cores skip the plugin with a reason instead of failing at run time',
      );
    }
    return result;
  }
  if (typeof range !== 'string' || !isValidRange(range)) {
    result.incompatibility = `peerDependencies["@hop3/core"] ${JSON.stringify(range)} is not a version range this core understands`;
  } else if (!satisfies(coreVersion, range)) {
    result.incompatibility = `needs @hop3/core ${range} (peerDependencies), but the running core is ${coreVersion}`;
  }
  return result;
}

/**
 * Why this package cannot be loaded by the running core, or `null` when it can. Checked from
 * package.json alone, before anything is imported. Explicitly listed packages may omit the
 * `hop3` field (the host vouches for them); discovered ones must declare it.
 */
export function incompatibility(pkg: PackageJson, coreVersion: string, options: { requireHop3Field: boolean }): string | null {
  return checkPluginPackage(pkg, coreVersion, options).incompatibility;
}
