import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NodeBuildErrorCodes, nodeError } from './errors.js';

/** The fields of package.json hop3 reads, checked. */
export interface PackageJson {
  scripts: Record<string, string>;
  /** `engines.node`, when set. */
  enginesNode?: string;
  /** `packageManager` (`pnpm@9.15.9`, with or without `+sha512.…`), when set. */
  packageManager?: string;
  /** The fields that decide what an install puts in node_modules (part of the cache key). */
  dependencyFields: Record<string, unknown>;
}

/** package.json fields that change what the package manager installs. */
export const DEPENDENCY_FIELDS = [
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
  'bundleDependencies',
  'bundledDependencies',
  'overrides',
  'resolutions',
  'pnpm',
  'workspaces',
  'packageManager',
] as const;

function bad(file: string, problem: string): Error {
  return nodeError({
    code: NodeBuildErrorCodes.badPackageJson,
    message: `${file}: ${problem}`,
    details: { file },
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Check the parsed contents of package.json; `file` names it in messages. */
export function checkPackageJson(raw: unknown, file: string): PackageJson {
  if (!isRecord(raw)) throw bad(file, `must hold a JSON object, not ${Array.isArray(raw) ? 'a list' : raw === null ? 'null' : `a ${typeof raw}`}`);
  const scripts: Record<string, string> = {};
  if (raw.scripts !== undefined) {
    if (!isRecord(raw.scripts)) throw bad(file, '"scripts" must be an object of script name → command');
    for (const [name, command] of Object.entries(raw.scripts)) {
      if (typeof command !== 'string') throw bad(file, `scripts.${name} must be a string (a command line), not ${Array.isArray(command) ? 'a list' : typeof command}`);
      scripts[name] = command;
    }
  }
  let enginesNode: string | undefined;
  if (raw.engines !== undefined) {
    if (!isRecord(raw.engines)) throw bad(file, '"engines" must be an object such as { "node": "20.x" }');
    if (raw.engines.node !== undefined) {
      if (typeof raw.engines.node !== 'string') throw bad(file, 'engines.node must be a version range string such as "20.x" or ">=20.19"');
      enginesNode = raw.engines.node;
    }
  }
  let packageManager: string | undefined;
  if (raw.packageManager !== undefined) {
    if (typeof raw.packageManager !== 'string' || !/^(npm|pnpm|yarn)@[^\s@]+$/.test(raw.packageManager)) {
      throw bad(file, `packageManager must be "npm@<version>", "pnpm@<version>" or "yarn@<version>" (got ${JSON.stringify(raw.packageManager)})`);
    }
    packageManager = raw.packageManager;
  }
  const dependencyFields: Record<string, unknown> = {};
  for (const field of DEPENDENCY_FIELDS) if (raw[field] !== undefined) dependencyFields[field] = raw[field];
  return { scripts, ...(enginesNode === undefined ? {} : { enginesNode }), ...(packageManager === undefined ? {} : { packageManager }), dependencyFields };
}

/** Read and check `<dir>/package.json`; a syntax error is reported with its position. */
export async function readPackageJson(dir: string): Promise<PackageJson> {
  const file = join(dir, 'package.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw nodeError({ code: NodeBuildErrorCodes.noPackageJson, message: `No package.json in ${dir}: a Node app needs one (npm init -y makes it).`, details: { dir } });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw bad(file, `not valid JSON: ${(error as Error).message}`);
  }
  return checkPackageJson(raw, file);
}
