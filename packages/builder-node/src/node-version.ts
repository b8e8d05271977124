import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NodeBuildErrorCodes, nodeError } from './errors.js';
import type { PackageJson } from './package-json.js';
import { loadSemver } from './semver.js';

/** A Node version request and where it was written. */
export interface NodeVersionRequest {
  /** A semver range (`20.x`, `>=22.12`, `^18`), normalised from what the app wrote. */
  range: string;
  /** What the app wrote, and where (`engines.node "20.x"`), for messages and the build log. */
  source: string;
}

/** nvm's LTS codenames → their major. */
const LTS_CODENAMES: Readonly<Record<string, number>> = {
  argon: 4, boron: 6, carbon: 8, dubnium: 10, erbium: 12, fermium: 14, gallium: 16, hydrogen: 18, iron: 20, jod: 22, krypton: 24,
};

/**
 * What an app wrote as its Node version, as a semver range: `20`, `v20.11.1`, `>=20 <23`,
 * nvm's `lts/iron` and `lts/*` (any LTS line), `node`/`latest`/`stable` (any). Undefined when
 * it is none of these.
 */
export async function toRange(written: string): Promise<string | undefined> {
  const value = written.trim();
  if (value === '') return undefined;
  const lower = value.toLowerCase();
  if (['node', 'latest', 'stable', 'current', '*'].includes(lower)) return '*';
  if (lower === 'lts/*' || lower === 'lts') return Object.values(LTS_CODENAMES).filter((major) => major >= 18).map((major) => `${major}.x`).join(' || ');
  if (lower.startsWith('lts/')) {
    const major = LTS_CODENAMES[lower.slice(4)];
    return major === undefined ? undefined : `${major}.x`;
  }
  return (await loadSemver()).validRange(value) === null ? undefined : value;
}

/** The first line of a version file that is not blank or a comment. */
async function versionFileLine(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, 'utf8')).split(/\r?\n/).map((line) => line.replace(/#.*/, '').trim()).find((line) => line !== '');
  } catch {
    return undefined;
  }
}

/**
 * The app's Node version request, by precedence: package.json `engines.node`, then `.nvmrc`,
 * then `.node-version`, then hop3.toml `[build] node-version`. null when none is given (the
 * system node runs the app). A request that is not a version is bad input.
 */
export async function readNodeVersionRequest(sourceDir: string, pkg: PackageJson, configured: string | undefined): Promise<NodeVersionRequest | null> {
  const candidates: [string, () => Promise<string | undefined>][] = [
    ['package.json engines.node', async () => pkg.enginesNode],
    ['.nvmrc', () => versionFileLine(join(sourceDir, '.nvmrc'))],
    ['.node-version', () => versionFileLine(join(sourceDir, '.node-version'))],
    ['hop3.toml [build] node-version', async () => configured],
  ];
  for (const [where, read] of candidates) {
    const written = await read();
    if (written === undefined || written.trim() === '') continue;
    const range = await toRange(written);
    if (range === undefined) {
      throw nodeError({
        code: NodeBuildErrorCodes.badNodeVersion,
        message: `${where} "${written}" is not a Node version or range: write e.g. "22", "20.x", ">=20.19" or "lts/iron".`,
        details: { source: where, value: written },
      });
    }
    return { range, source: `${where} "${written.trim()}"` };
  }
  return null;
}

/** The highest of `versions` that satisfies `range` (releases only), or null. */
export async function bestMatch(versions: readonly string[], range: string): Promise<string | null> {
  return (await loadSemver()).maxSatisfying([...versions], range);
}

/** The newest release of each major in `versions` (≥ `fromMajor`), oldest first: for "what is available" messages. */
export async function latestPerMajor(versions: readonly string[], fromMajor = 16): Promise<string[]> {
  const semver = await loadSemver();
  const best = new Map<number, string>();
  for (const version of versions) {
    const parsed = semver.parse(version);
    if (parsed === null || parsed.prerelease.length > 0 || parsed.major < fromMajor) continue;
    const current = best.get(parsed.major);
    if (current === undefined || semver.gt(version, current)) best.set(parsed.major, version);
  }
  return [...best.entries()].sort((a, b) => a[0] - b[0]).map(([, version]) => version);
}
