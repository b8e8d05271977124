/**
 * The shape of hop3.toml, as the app author writes it (kebab-case keys). Sections and keys are
 * strict: anything unknown is reported, so a typo never silently does nothing. Semantic checks
 * that span several keys (web process, duplicate names) live in hop3-toml.ts.
 */
import * as z from '../schema/zod.js';
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
  if (/[$@%]\(/.test(value)) return 'value contains "$(", "@(" or "%(", which uWSGI would expand instead of passing on (write ${VAR} for shell expansion; keep a format string such as %(asctime)s in the app\'s code or a file)';
  if (value !== value.trimEnd()) return 'value ends with a blank (space or tab), which uWSGI would strip: remove it';
  return undefined;
}

const addIssue = (ctx: z.core.$RefinementCtx, message: string, path: (string | number)[] = []): void => {
  ctx.addIssue({ code: 'custom', message, path });
};

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

/** A table read entry by entry into a string map; `entry` returns the string or a problem. */
function tableOfStrings(
  tomlTable: z.ZodMiniType<Record<string, unknown>>,
  entry: (key: string, value: unknown) => { text: string } | { problem: string },
) {
  return z.pipe(
    tomlTable,
    z.transform((table: Record<string, unknown>, ctx) => {
      const strings: Record<string, string> = {};
      for (const [key, value] of Object.entries(table)) {
        const result = entry(key, value);
        if ('problem' in result) ctx.issues.push({ code: 'custom', message: result.problem, path: [key], input: value });
        else strings[key] = result.text;
      }
      return strings;
    }),
  );
}

/**
 * The schemas of every section hop3.toml may have (the keys of each strict section are the
 * allowed keys). Built on first use: only commands that read hop3.toml pay for them.
 */
function createSections() {
  const nonEmpty = z.string().check(z.refine((value) => value.trim() !== '', { message: 'must not be empty' }));
  // At most a day, as HOP3_START_TIMEOUT: a wait of 1e12 s is a typo, not a plan.
  const positiveSeconds = z.number().check(z.positive({ message: 'must be a number of seconds above 0' }), z.lte(86_400, { message: 'must be at most 86400 seconds (a day)' }));
  const tomlBoolean = z.boolean({ error: 'must be true or false (a TOML boolean, without quotes)' });
  const wholeNumber = z.int({ message: 'must be a whole number' });

  /** A string or a list of strings; always a list after parsing. */
  const commandList = z
    .pipe(
      z.union([z.string(), z.array(z.string())], { error: 'expected a command: a string or a list of strings' }),
      z.transform((value: string | string[]) => (typeof value === 'string' ? [value] : value)),
    )
    .check(
      z.superRefine((commands: string[], ctx) => {
        if (commands.length === 0) addIssue(ctx, 'the list of commands is empty');
        commands.forEach((command, index) => {
          const at = commands.length > 1 ? [index] : [];
          if (command.trim() === '') addIssue(ctx, 'empty command', at);
          else if (command.includes('\0')) addIssue(ctx, 'command contains a NUL character', at);
        });
      }),
    );

  /** Build hooks: a list runs command after command, so it stays a list. */
  const hookCommand = commandList;

  /** A long-running process is one command line; a list is chained with `&&` (as Hop3 does). */
  const workerCommand = z.pipe(
    commandList,
    z.transform((commands: string[]) => commands.map((command) => command.trim()).join(' && ')),
  );

  const relativePath = z.string().check(
    z.superRefine((path: string, ctx) => {
      const problem = checkAppRelativePath(path);
      if (problem !== undefined) addIssue(ctx, problem);
    }),
  );

  const staticMap = z.record(z.string(), relativePath).check(
    z.superRefine((map: Record<string, string>, ctx) => {
      for (const prefix of Object.keys(map)) {
        const problem = checkUrlPrefix(prefix);
        if (problem !== undefined) addIssue(ctx, problem, [prefix]);
      }
    }),
  );

  // Debian package names (policy §5.6.1), optionally pinned: `libpq-dev`, `nodejs=18.19.0-1`.
  const aptPackages = z.array(
    z.string().check(
      z.regex(/^[a-z0-9][a-z0-9+.-]+(=[A-Za-z0-9.+~:-]+)?$/, {
        message: 'not a Debian package name (lowercase letters, digits, "+", "-", "."; e.g. "libpq-dev")',
      }),
    ),
  );

  const version = z
    .string({ error: (issue) => (typeof issue.input === 'number' ? 'write the version as a string (e.g. "3.12"): as a number 3.10 would become 3.1' : undefined) })
    .check(z.regex(/^[A-Za-z0-9._^~<>=*+/-]+$/, { message: 'not a version (e.g. "20", "3.12", "lts/iron")' }));

  const strategyName = z.string().check(
    z.regex(/^[a-z][a-z0-9-]*$/, {
      message: 'use a lowercase name such as "python", "node" or "docker"',
    }),
  );

  // One pass over keys and values, so a bad key and a bad value are both reported. The raw table
  // is read (not a z.record copy) so that a `__proto__` key is seen rather than silently dropped.
  const tomlTable = z.custom<Record<string, unknown>>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date),
    { error: (issue) => `expected a table, got ${Array.isArray(issue.input) ? 'a list' : `a ${typeof issue.input}`}` },
  );

  const envTable = tableOfStrings(tomlTable, (key, value) => {
    if (key === '__proto__') return { problem: 'this name cannot be used as a variable name' };
    if (!ENV_KEY_PATTERN.test(key)) return { problem: 'not a valid variable name: use letters, digits and "_", not starting with a digit' };
    return envValueToString(value);
  });

  const buildArgsTable = tableOfStrings(tomlTable, (key, value) => {
    if (!ENV_KEY_PATTERN.test(key)) return { problem: 'not a valid build argument name: use letters, digits and "_"' };
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return { problem: 'must be a string, number or boolean' };
    if (/[\r\n\0]/.test(String(value))) return { problem: 'must be on one line' };
    return { text: String(value) };
  });

  const optionalString = z.optional(z.string());

  const metadataSection = z.strictObject({
    id: z.optional(
      z.string().check(z.regex(/^[a-z][a-z0-9-]{1,63}$/, { message: 'use 2-64 lowercase letters, digits and "-", starting with a letter' })),
    ),
    name: optionalString,
    version: optionalString,
    title: optionalString,
    description: optionalString,
    author: optionalString,
    license: optionalString,
    homepage: optionalString,
    categories: z.optional(z.array(z.string())),
    tags: z.optional(z.array(z.string())),
  });

  const buildSection = z.strictObject({
    builder: z.optional(strategyName),
    toolchain: z.optional(strategyName),
    'before-build': z.optional(hookCommand),
    build: z.optional(hookCommand),
    'after-build': z.optional(hookCommand),
    packages: z.optional(aptPackages),
    'node-version': z.optional(version),
    'python-version': z.optional(version),
    'static-dir': z.optional(relativePath),
    /** Python: the venv also sees the system's packages (Debian's python3-flask), for servers without an index. */
    'system-site-packages': z.optional(tomlBoolean),
  });

  const runSection = z.strictObject({
    /** The deployer that runs the app (a strategy name, or "auto" to let deployers accept the artifact). */
    deployer: z.optional(strategyName),
    start: z.optional(workerCommand),
    'before-run': z.optional(hookCommand),
    workers: z.optional(z.record(z.string(), workerCommand)),
    'start-timeout': z.optional(positiveSeconds),
    packages: z.optional(aptPackages),
    static: z.optional(staticMap),
  });

  const addonEntry = z.pipe(
    z.looseObject({
      type: z.string().check(z.regex(/^[a-z][a-z0-9-]*$/, { message: 'use an addon type such as "postgres" or "redis"' })),
      name: z.optional(safeNameSchema),
    }),
    z.transform(({ type, name, ...options }: { type: string; name?: string; [key: string]: unknown }) => ({
      type,
      ...(name === undefined ? {} : { name }),
      options,
    })),
  );

  const healthcheckSection = z.strictObject({
    path: z.optional(z.string().check(z.startsWith('/', { message: 'must be a URL path starting with "/" (e.g. "/health")' }))),
    contains: z.optional(nonEmpty),
    timeout: z.optional(positiveSeconds),
    interval: z.optional(positiveSeconds),
    retries: z.optional(wholeNumber.check(z.nonnegative({ message: 'must be 0 or more' }))),
  });

  const seconds = z.number().check(z.nonnegative({ message: 'must be a number of seconds, 0 or more' }));

  /** Container settings, read by the docker builder and deployers (see docs/docker.md). */
  const dockerSection = z.strictObject({
    /** How the app runs: one container per process ("containers"), a Compose project, or a Swarm stack. */
    mode: z.optional(z.enum(['containers', 'compose', 'swarm'], { error: 'must be "containers", "compose" or "swarm"' })),
    dockerfile: z.optional(relativePath),
    'compose-file': z.optional(relativePath),
    /** The Compose service that serves HTTP (default "web"). */
    'web-service': z.optional(z.string().check(z.regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, { message: 'not a Compose service name' }))),
    /** The port the web process listens on inside its container (default: the image's first EXPOSE, else 8080). */
    port: z.optional(wholeNumber.check(z.minimum(1), z.maximum(65535, { message: 'must be a port number (1-65535)' }))),
    network: z.optional(z.enum(['auto', 'bridge', 'host'], { error: 'must be "auto", "bridge" or "host"' })),
    'build-args': z.optional(buildArgsTable),
    pull: z.optional(tomlBoolean),
    'keep-images': z.optional(wholeNumber.check(z.minimum(1, { message: 'must be 1 or more (the running release is always kept)' }))),
    drain: z.optional(seconds),
    'stop-timeout': z.optional(seconds),
    memory: z.optional(z.string().check(z.regex(/^[0-9]+[bkmg]?$/i, { message: 'a size such as "256m" or "1g"' }))),
    cpus: z.optional(z.number().check(z.positive({ message: 'must be a number of CPUs above 0 (e.g. 0.5)' }))),
  });

  /** How the proxy serves HTTPS (see docs/configuration.md). */
  const tlsSection = z.strictObject({
    acme: z.optional(tomlBoolean),
    'https-only': z.optional(tomlBoolean),
  });

  return {
    metadata: metadataSection,
    build: buildSection,
    run: runSection,
    env: envTable,
    addons: z.array(addonEntry),
    healthcheck: healthcheckSection,
    static: staticMap,
    docker: dockerSection,
    tls: tlsSection,
  } as const;
}

export type Hop3TomlSections = ReturnType<typeof createSections>;
export type Hop3TomlSectionName = keyof Hop3TomlSections;

let sections: Hop3TomlSections | undefined;

export function hop3TomlSections(): Hop3TomlSections {
  return (sections ??= createSections());
}
