import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createError, CreateErrorCodes } from './errors.js';

/** The strategy kinds a scaffold can hold, each a working strategy its conformance suite passes. */
export const KINDS = ['builder', 'deployer', 'addon'] as const;
export type Kind = (typeof KINDS)[number];

/** Kinds of the protocol the scaffolder does not generate, with where to start instead. */
const NOT_OFFERED: Record<string, string> = {
  proxy: 'a proxy needs a real server to drive: start from the source of hop3-plugin-proxy-nginx (https://github.com/hop3/hop3-node/tree/main/packages/proxy-nginx)',
  os: 'an OS strategy changes the machine: start from the source of hop3-plugin-os-debian (https://github.com/hop3/hop3-node/tree/main/packages/os-debian)',
};

/** What the command line (or the prompts) said, unchecked. */
export interface RawOptions {
  directory?: string | undefined;
  name?: string | undefined;
  strategy?: string | undefined;
  kinds?: string[] | undefined;
  help?: boolean;
}

/** A checked plan: nothing is written before every field is valid. */
export interface ScaffoldOptions {
  /** Absolute path of the new package's directory (missing or empty). */
  directory: string;
  /** `hop3-plugin-<name>` or `@scope/hop3-plugin-<name>`. */
  packageName: string;
  /** The name hosts know the strategies by (`[run] deployer = "<strategy>"`). */
  strategy: string;
  kinds: Kind[];
}

export const DEFAULT_KINDS: readonly Kind[] = ['builder', 'deployer'];

/** `create-hop3-plugin [dir] [--kind k]... [--name pkg] [--strategy s]`. */
export function parseCommandLine(argv: readonly string[]): RawOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        kind: { type: 'string', multiple: true, short: 'k' },
        name: { type: 'string', short: 'n' },
        strategy: { type: 'string', short: 's' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw createError({ code: CreateErrorCodes.usage, message: `${(error as Error).message}. Run "create-hop3-plugin --help".`, cause: error });
  }
  if (parsed.positionals.length > 1) {
    throw createError({ code: CreateErrorCodes.usage, message: `one target directory, please (got ${parsed.positionals.join(', ')})`, details: { positionals: parsed.positionals } });
  }
  const kinds = parsed.values.kind?.flatMap((value) => value.split(',')).map((kind) => kind.trim()).filter((kind) => kind !== '');
  if (kinds !== undefined && kinds.length === 0) {
    throw createError({ code: CreateErrorCodes.usage, message: `--kind needs a kind: ${KINDS.join(', ')} (repeat --kind or separate with commas).` });
  }
  return {
    directory: parsed.positionals[0],
    name: parsed.values.name,
    strategy: parsed.values.strategy,
    kinds,
    help: parsed.values.help ?? false,
  };
}

// npm's rules for a package name (lowercase, URL-safe, ≤ 214 characters), with hop3's prefix.
const NPM_NAME = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/;
const PREFIX = 'hop3-plugin-';
const STRATEGY_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** `hop3-plugin-foo` for a directory named `foo`; the directory's own name when it already has the prefix. */
export function defaultPackageName(directory: string): string {
  const base = basename(directory).toLowerCase();
  return base.startsWith(PREFIX) ? base : `${PREFIX}${base}`;
}

/** `fromDirectory`: the name was made from the directory's, so the error speaks of the directory. */
export function checkPackageName(name: string, fromDirectory?: string): string {
  const bare = name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
  const problem =
    name.length > 214
      ? 'is longer than 214 characters'
      : !NPM_NAME.test(name)
        ? 'is not a valid npm package name (lowercase letters, digits, "-", ".", "_", "~"; an optional @scope/)'
        : !bare.startsWith(PREFIX)
          ? `does not start with "${PREFIX}" (hosts only discover hop3-plugin-<name> and @scope/hop3-plugin-<name>)`
          : bare.length === PREFIX.length
            ? `has nothing after "${PREFIX}"`
            : null;
  if (problem !== null) {
    const message =
      fromDirectory === undefined
        ? `The package name "${name}" ${problem}. Example: --name hop3-plugin-static-site or --name @acme/hop3-plugin-static-site.`
        : `The directory name "${fromDirectory}" does not make a package name: "${name}" ${problem}. Choose a directory name of lowercase letters, digits and "-" (e.g. static-site), or give the name with --name hop3-plugin-static-site.`;
    throw createError({ code: CreateErrorCodes.invalidName, message, details: { name } });
  }
  return name;
}

function checkStrategy(strategy: string): string {
  if (!STRATEGY_NAME.test(strategy)) {
    throw createError({
      code: CreateErrorCodes.invalidName,
      message: `The strategy name "${strategy}" must start with a lowercase letter and hold only lowercase letters, digits and "-" (at most 63). Example: --strategy static-site.`,
      details: { strategy },
    });
  }
  return strategy;
}

function checkKinds(kinds: readonly string[]): Kind[] {
  for (const kind of kinds) {
    if ((KINDS as readonly string[]).includes(kind)) continue;
    const why = NOT_OFFERED[kind] ?? `it is not a strategy kind`;
    throw createError({
      code: CreateErrorCodes.invalidKind,
      message: `--kind ${kind}: ${why}. Choose from: ${KINDS.join(', ')} (repeat --kind or separate with commas).`,
      details: { kind, offered: [...KINDS] },
    });
  }
  return [...new Set(kinds)] as Kind[];
}

function checkTarget(directory: string): string {
  if (!existsSync(directory)) return directory;
  const isDirectory = statSync(directory).isDirectory();
  if (!isDirectory || readdirSync(directory).length > 0) {
    throw createError({
      code: CreateErrorCodes.targetNotEmpty,
      message: `${directory} ${isDirectory ? 'is not empty' : 'exists and is not a directory'}: nothing was written. Choose a new directory name.`,
      details: { directory },
    });
  }
  return directory;
}

/** Check everything before anything is written; throws a coded bad-input error naming the fix. */
export function resolveOptions(raw: RawOptions, cwd: string): ScaffoldOptions {
  if (raw.directory === undefined || raw.directory.trim() === '') {
    throw createError({ code: CreateErrorCodes.usage, message: 'Name the directory to create: npm create hop3-plugin@latest my-plugin -- --kind deployer' });
  }
  const directory = resolve(cwd, raw.directory);
  const packageName = raw.name !== undefined ? checkPackageName(raw.name) : checkPackageName(defaultPackageName(directory), basename(directory));
  const bare = packageName.slice(packageName.lastIndexOf('/') + 1);
  const strategy = checkStrategy(raw.strategy ?? bare.slice(PREFIX.length));
  const kinds = checkKinds(raw.kinds !== undefined && raw.kinds.length > 0 ? raw.kinds : DEFAULT_KINDS);
  return { directory: checkTarget(directory), packageName, strategy, kinds };
}
