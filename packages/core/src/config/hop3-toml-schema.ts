/**
 * The shape of hop3.toml, as the app author writes it (kebab-case keys). Sections and keys are
 * strict: anything unknown is reported, so a typo never silently does nothing. Semantic checks
 * that span several keys (web process, duplicate names) live in hop3-toml.ts.
 */
import { z } from 'zod';
import { safeNameSchema } from '../data/names.js';
import { checkAppRelativePath, checkUrlPrefix } from './paths.js';

export const ENV_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Why `value` cannot be an app's env value, or undefined. The one rule for hop3.toml [env],
 * `deploy --env` and `config set`: values are written into uWSGI ini files, which cannot hold
 * a newline or NUL, strip trailing blanks, and expand `$(VAR)` / `@(file)` wherever they appear.
 */
export function checkEnvValue(value: string): string | undefined {
  if (/[\r\n]/.test(value)) return 'value must be on one line (it is written into uWSGI and nginx config)';
  if (value.includes('\0')) return 'value contains a NUL character';
  if (/[$@]\(/.test(value)) return 'value contains "$(" or "@(", which uWSGI would expand instead of passing on (write ${VAR} for shell expansion)';
  if (value !== value.trimEnd()) return 'value ends with a blank (space or tab), which uWSGI would strip: remove it';
  return undefined;
}

const addIssue = (ctx: z.RefinementCtx, message: string, path: (string | number)[] = []): void => {
  ctx.addIssue({ code: 'custom', message, path });
};

const nonEmpty = z.string().refine((value) => value.trim() !== '', { message: 'must not be empty' });

/** A string or a list of strings; always a list after parsing. */
const commandList = z
  .union([z.string(), z.array(z.string())], { error: 'expected a command: a string or a list of strings' })
  .transform((value) => (typeof value === 'string' ? [value] : value))
  .superRefine((commands, ctx) => {
    if (commands.length === 0) addIssue(ctx, 'the list of commands is empty');
    commands.forEach((command, index) => {
      const at = commands.length > 1 ? [index] : [];
      if (command.trim() === '') addIssue(ctx, 'empty command', at);
      else if (command.includes('\0')) addIssue(ctx, 'command contains a NUL character', at);
    });
  });

/** Build hooks: a list runs command after command, so it stays a list. */
const hookCommand = commandList;

/** A long-running process is one command line; a list is chained with `&&` (as Hop3 does). */
const workerCommand = commandList.transform((commands) => commands.map((command) => command.trim()).join(' && '));

const relativePath = z.string().superRefine((path, ctx) => {
  const problem = checkAppRelativePath(path);
  if (problem !== undefined) addIssue(ctx, problem);
});

const staticMap = z.record(z.string(), relativePath).superRefine((map, ctx) => {
  for (const prefix of Object.keys(map)) {
    const problem = checkUrlPrefix(prefix);
    if (problem !== undefined) addIssue(ctx, problem, [prefix]);
  }
});

// Debian package names (policy §5.6.1), optionally pinned: `libpq-dev`, `nodejs=18.19.0-1`.
const aptPackages = z.array(
  z.string().regex(/^[a-z0-9][a-z0-9+.-]+(=[A-Za-z0-9.+~:-]+)?$/, {
    message: 'not a Debian package name (lowercase letters, digits, "+", "-", "."; e.g. "libpq-dev")',
  }),
);

const version = z
  .string({ error: (issue) => (typeof issue.input === 'number' ? 'write the version as a string (e.g. "3.12"): as a number 3.10 would become 3.1' : undefined) })
  .regex(/^[A-Za-z0-9._^~<>=*+/-]+$/, { message: 'not a version (e.g. "20", "3.12", "lts/iron")' });

const strategyName = z.string().regex(/^[a-z][a-z0-9-]*$/, {
  message: 'use a lowercase name such as "python", "node" or "docker"',
});

/** A TOML scalar as an env string, or why it cannot be one. */
function envValueToString(value: unknown): { text: string } | { problem: string } {
  let text: string | undefined;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') text = String(value);
  else if (value instanceof Date) text = value.toISOString();
  if (text === undefined) {
    const kind = Array.isArray(value) ? 'a list' : 'a table';
    return { problem: `got ${kind}: env values must be strings, numbers or booleans (set secrets with "hop3 config set")` };
  }
  const problem = checkEnvValue(text);
  return problem === undefined ? { text } : { problem };
}

// One pass over keys and values, so a bad key and a bad value are both reported. The raw table
// is read (not a z.record copy) so that a `__proto__` key is seen rather than silently dropped.
const tomlTable = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date),
  { error: (issue) => `expected a table, got ${Array.isArray(issue.input) ? 'a list' : `a ${typeof issue.input}`}` },
);

const envTable = tomlTable.transform((table, ctx) => {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(table)) {
    if (key === '__proto__') {
      addIssue(ctx, 'this name cannot be used as a variable name', [key]);
      continue;
    }
    if (!ENV_KEY_PATTERN.test(key)) {
      addIssue(ctx, 'not a valid variable name: use letters, digits and "_", not starting with a digit', [key]);
      continue;
    }
    const result = envValueToString(value);
    if ('problem' in result) addIssue(ctx, result.problem, [key]);
    else env[key] = result.text;
  }
  return env;
});

export const metadataSection = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,63}$/, { message: 'use 2-64 lowercase letters, digits and "-", starting with a letter' })
    .optional(),
  name: z.string().optional(),
  version: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  author: z.string().optional(),
  license: z.string().optional(),
  homepage: z.string().optional(),
  categories: z.array(z.string()).optional(),
  tags: z.array(z.string()).optional(),
});

export const buildSection = z.strictObject({
  builder: strategyName.optional(),
  toolchain: strategyName.optional(),
  'before-build': hookCommand.optional(),
  build: hookCommand.optional(),
  'after-build': hookCommand.optional(),
  packages: aptPackages.optional(),
  'node-version': version.optional(),
  'python-version': version.optional(),
  'static-dir': relativePath.optional(),
  /** Python: the venv also sees the system's packages (Debian's python3-flask), for servers without an index. */
  'system-site-packages': z.boolean({ error: 'must be true or false (a TOML boolean, without quotes)' }).optional(),
});

export const runSection = z.strictObject({
  /** The deployer that runs the app (a strategy name, or "auto" to let deployers accept the artifact). */
  deployer: strategyName.optional(),
  start: workerCommand.optional(),
  'before-run': hookCommand.optional(),
  workers: z.record(z.string(), workerCommand).optional(),
  'start-timeout': z.number().positive({ message: 'must be a number of seconds above 0' }).optional(),
  packages: aptPackages.optional(),
  static: staticMap.optional(),
});

const addonEntry = z
  .looseObject({
    type: z.string().regex(/^[a-z][a-z0-9-]*$/, { message: 'use an addon type such as "postgres" or "redis"' }),
    name: safeNameSchema.optional(),
  })
  .transform(({ type, name, ...options }) => ({ type, ...(name === undefined ? {} : { name }), options }));

export const healthcheckSection = z.strictObject({
  path: z.string().startsWith('/', { message: 'must be a URL path starting with "/" (e.g. "/health")' }).optional(),
  contains: nonEmpty.optional(),
  timeout: z.number().positive({ message: 'must be a number of seconds above 0' }).optional(),
  interval: z.number().positive({ message: 'must be a number of seconds above 0' }).optional(),
  retries: z.number().int({ message: 'must be a whole number' }).nonnegative({ message: 'must be 0 or more' }).optional(),
});

const seconds = z.number().nonnegative({ message: 'must be a number of seconds, 0 or more' });

/** Container settings, read by the docker builder and deployers (see docs/docker.md). */
export const dockerSection = z.strictObject({
  /** How the app runs: one container per process ("containers"), a Compose project, or a Swarm stack. */
  mode: z.enum(['containers', 'compose', 'swarm'], { error: 'must be "containers", "compose" or "swarm"' }).optional(),
  dockerfile: relativePath.optional(),
  'compose-file': relativePath.optional(),
  /** The Compose service that serves HTTP (default "web"). */
  'web-service': z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, { message: 'not a Compose service name' }).optional(),
  /** The port the web process listens on inside its container (default: the image's first EXPOSE, else 8080). */
  port: z.number().int({ message: 'must be a whole number' }).min(1).max(65535, { message: 'must be a port number (1-65535)' }).optional(),
  network: z.enum(['auto', 'bridge', 'host'], { error: 'must be "auto", "bridge" or "host"' }).optional(),
  'build-args': tomlTable
    .transform((table, ctx) => {
      const args: Record<string, string> = {};
      for (const [key, value] of Object.entries(table)) {
        if (!ENV_KEY_PATTERN.test(key)) addIssue(ctx, 'not a valid build argument name: use letters, digits and "_"', [key]);
        else if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') addIssue(ctx, 'must be a string, number or boolean', [key]);
        else if (/[\r\n\0]/.test(String(value))) addIssue(ctx, 'must be on one line', [key]);
        else args[key] = String(value);
      }
      return args;
    })
    .optional(),
  pull: z.boolean({ error: 'must be true or false (a TOML boolean, without quotes)' }).optional(),
  'keep-images': z.number().int({ message: 'must be a whole number' }).min(1, { message: 'must be 1 or more (the running release is always kept)' }).optional(),
  drain: seconds.optional(),
  'stop-timeout': seconds.optional(),
  memory: z.string().regex(/^[0-9]+[bkmg]?$/i, { message: 'a size such as "256m" or "1g"' }).optional(),
  cpus: z.number().positive({ message: 'must be a number of CPUs above 0 (e.g. 0.5)' }).optional(),
});

/** Every section hop3.toml may have; the keys of each strict section are the allowed keys. */
export const HOP3_TOML_SECTIONS = {
  metadata: metadataSection,
  build: buildSection,
  run: runSection,
  env: envTable,
  addons: z.array(addonEntry),
  healthcheck: healthcheckSection,
  static: staticMap,
  docker: dockerSection,
} as const;

export type Hop3TomlSectionName = keyof typeof HOP3_TOML_SECTIONS;
