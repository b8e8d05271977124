import { parse as parseToml } from 'smol-toml';
import type * as z from '../schema/zod.js';
import type { AddonRequest, AppConfig, DockerConfig, HealthcheckConfig, TlsConfig } from '../data/app-config.js';
import { healthcheckSchema } from '../data/app-config.js';
import { hop3TomlSections, type Hop3TomlSectionName, type Hop3TomlSections } from './hop3-toml-schema.js';
import { checkKindName, checkWorkerCommand, findWebConflict, isBuildHookKind, webConflictMessage } from './kinds.js';
import type { ParseOptions } from './procfile.js';
import { unknownNameMessage, type ConfigProblem } from './problems.js';
import { TomlKeyLines } from './toml-lines.js';
import { authorErrorMap, formatKeyPath, issuesToProblems, type PathProblem } from './zod-problems.js';

/** What hop3.toml contributes to an {@link AppConfig}: only the keys the file sets. */
export interface Hop3TomlConfig {
  metadata: Record<string, unknown>;
  build: Partial<AppConfig['build']>;
  run: Partial<AppConfig['run']>;
  workers: Record<string, string>;
  hooks: AppConfig['hooks'];
  env: Record<string, string>;
  addons: AddonRequest[];
  healthcheck?: HealthcheckConfig;
  static: Record<string, string>;
  docker: DockerConfig;
  tls: TlsConfig;
}

export interface Hop3TomlResult {
  config: Hop3TomlConfig;
  /** Every problem found; empty when the file is valid. */
  problems: ConfigProblem[];
}

type Sections = { [K in Hop3TomlSectionName]?: z.output<Hop3TomlSections[K]> };
type Report = (path: readonly PropertyKey[], message: string) => void;

const HOOK_KEYS = { prebuild: 'build.before-build', build: 'build.build', postbuild: 'build.after-build', prerun: 'run.before-run' };

function emptyContribution(): Hop3TomlConfig {
  return { metadata: {}, build: {}, run: {}, workers: {}, hooks: {}, env: {}, addons: [], static: {}, docker: {}, tls: {} };
}

/**
 * Parse and validate hop3.toml. Never throws: a TOML syntax error, unknown sections and keys, wrong
 * types and contradictions are all returned as problems (with key path and, when found, line).
 */
export function parseHop3Toml(text: string, options: ParseOptions = {}): Hop3TomlResult {
  const file = options.source ?? 'hop3.toml';
  const source = text.replace(/^\uFEFF/, '');
  let document: Record<string, unknown>;
  try {
    document = parseToml(source) as Record<string, unknown>;
  } catch (error) {
    return { config: emptyContribution(), problems: [syntaxProblem(file, error)] };
  }

  const lines = new TomlKeyLines(source);
  const problems: ConfigProblem[] = [];
  const report: Report = (path, message) => {
    const keyPath = path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
    problems.push({ file, line: lines.lineOf(keyPath), path: formatKeyPath(keyPath), message });
  };

  const sectionNames = Object.keys(hop3TomlSections()) as Hop3TomlSectionName[];
  const sections: Sections = {};
  for (const [name, value] of Object.entries(document)) {
    if (!(sectionNames as string[]).includes(name)) {
      report([name], unknownNameMessage('section', name, sectionNames));
      continue;
    }
    const section = name as Hop3TomlSectionName;
    const parsed = parseSection(section, value);
    if (parsed.value !== undefined) (sections as Record<string, unknown>)[section] = parsed.value;
    for (const problem of parsed.problems) report([section, ...problem.path], problem.message);
  }

  const config = toContribution(sections, report);
  problems.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
  return { config, problems };
}

/**
 * Validate one section. Table sections are checked key by key, so one bad key neither hides the
 * others' problems nor the checks that run on the valid ones (e.g. `run.workers`).
 */
function parseSection(section: Hop3TomlSectionName, value: unknown): { value?: unknown; problems: PathProblem[] } {
  const schema: z.ZodMiniType = hop3TomlSections()[section];
  const def = schema._zod.def;
  if (def.type === 'array' && Array.isArray(value)) return parseEach((def as z.core.$ZodArrayDef).element as z.ZodMiniType, value);
  if (def.type !== 'object') return parseWith(schema, value);
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) {
    return parseWith(schema, value);
  }
  const shape = (def as z.core.$ZodObjectDef).shape as Record<string, z.ZodMiniType>;
  const allowed = Object.keys(shape);
  const result: Record<string, unknown> = {};
  const problems: PathProblem[] = [];
  for (const [key, entry] of Object.entries(value)) {
    const keySchema = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (keySchema === undefined) {
      problems.push({ path: [key], message: unknownNameMessage('key', key, allowed) });
      continue;
    }
    const parsed = parseWith(keySchema, entry);
    if (parsed.value !== undefined) result[key] = parsed.value;
    problems.push(...parsed.problems.map((problem) => ({ ...problem, path: [key, ...problem.path] })));
  }
  return { value: result, problems };
}

function parseEach(schema: z.ZodMiniType, entries: unknown[]): { value?: unknown; problems: PathProblem[] } {
  // Sparse on purpose: a valid entry keeps its index (for messages); forEach/filter skip the holes.
  const value: unknown[] = new Array<unknown>(entries.length);
  const problems: PathProblem[] = [];
  entries.forEach((entry, index) => {
    const parsed = parseWith(schema, entry);
    if (parsed.value !== undefined) value[index] = parsed.value;
    problems.push(...parsed.problems.map((problem) => ({ ...problem, path: [index, ...problem.path] })));
  });
  return { value, problems };
}

function parseWith(schema: z.ZodMiniType, value: unknown): { value?: unknown; problems: PathProblem[] } {
  const result = schema.safeParse(value, { error: authorErrorMap });
  if (result.success) return { value: result.data, problems: [] };
  return { problems: issuesToProblems(result.error.issues) };
}

function syntaxProblem(file: string, error: unknown): ConfigProblem {
  const { line, column, message } = error as { line?: unknown; column?: unknown; message?: unknown };
  // smol-toml: "Invalid TOML document: <what>\n\n<code block>"; the code block is noise here.
  const what = String(message ?? error).split('\n')[0]?.replace(/^Invalid TOML document:\s*/, '') ?? 'invalid TOML';
  const at = typeof column === 'number' ? ` (column ${column})` : '';
  return { file, ...(typeof line === 'number' ? { line } : {}), message: `TOML syntax error: ${what}${at}` };
}

function toContribution(sections: Sections, report: Report): Hop3TomlConfig {
  const config = emptyContribution();
  const { metadata, build, run, env, addons, healthcheck } = sections;
  if (metadata) config.metadata = { ...metadata };
  if (build) {
    if (build.builder !== undefined && build.builder !== 'auto') config.build.builder = build.builder;
    if (build.toolchain !== undefined) config.build.toolchain = build.toolchain;
    if (build.packages !== undefined) config.build.packages = build.packages;
    if (build['node-version'] !== undefined) config.build.nodeVersion = build['node-version'];
    if (build['python-version'] !== undefined) config.build.pythonVersion = build['python-version'];
    if (build['static-dir'] !== undefined) config.build.staticDir = build['static-dir'];
    if (build['system-site-packages'] !== undefined) config.build.systemSitePackages = build['system-site-packages'];
    if (build['before-build'] !== undefined) config.hooks.prebuild = build['before-build'];
    if (build.build !== undefined) config.hooks.build = build.build;
    if (build['after-build'] !== undefined) config.hooks.postbuild = build['after-build'];
  }
  if (run) {
    if (run.deployer !== undefined && run.deployer !== 'auto') config.run.deployer = run.deployer;
    if (run['start-timeout'] !== undefined) config.run.startTimeout = run['start-timeout'];
    if (run.packages !== undefined) config.run.packages = run.packages;
    if (run['before-run'] !== undefined) config.hooks.prerun = run['before-run'];
    config.workers = collectWorkers(run.start, run.workers ?? {}, report);
  }
  if (env) config.env = env;
  if (addons) config.addons = checkAddonNames(addons, report);
  if (healthcheck) config.healthcheck = healthcheckSchema.parse(healthcheck);
  config.static = mergeStatic(run?.static ?? {}, sections.static ?? {}, report);
  if (sections.docker) config.docker = toDockerConfig(sections.docker);
  if (sections.tls) {
    if (sections.tls.acme !== undefined) config.tls.acme = sections.tls.acme;
    if (sections.tls['https-only'] !== undefined) config.tls.httpsOnly = sections.tls['https-only'];
  }
  return config;
}

/** `[docker]` with camelCase keys; only the keys the file sets. */
function toDockerConfig(section: NonNullable<Sections['docker']>): DockerConfig {
  const { 'compose-file': composeFile, 'web-service': webService, 'build-args': buildArgs, 'keep-images': keepImages, 'stop-timeout': stopTimeout, ...same } = section;
  const renamed = { composeFile, webService, buildArgs, keepImages, stopTimeout };
  return Object.fromEntries(Object.entries({ ...same, ...renamed }).filter(([, value]) => value !== undefined)) as DockerConfig;
}

function collectWorkers(start: string | undefined, table: Record<string, string>, report: Report): Record<string, string> {
  const workers: Record<string, string> = {};
  const pathOf = (kind: string): string[] => (kind === 'web' && start !== undefined ? ['run', 'start'] : ['run', 'workers', kind]);
  if (start !== undefined) {
    const problem = checkWorkerCommand('web', start);
    if (problem !== undefined) report(['run', 'start'], problem);
    else workers.web = start;
  }
  for (const [kind, command] of Object.entries(table)) {
    const path = ['run', 'workers', kind];
    if (kind === 'web' && start !== undefined) {
      report(path, 'the web process is already set by run.start: keep one of them');
      continue;
    }
    if (isBuildHookKind(kind)) {
      report(path, `"${kind}" is a build hook, not a worker: set ${HOOK_KEYS[kind]} instead`);
      continue;
    }
    const problem = checkKindName(kind) ?? checkWorkerCommand(kind, command);
    if (problem !== undefined) report(path, problem);
    else workers[kind] = command;
  }
  const conflict = findWebConflict(Object.keys(workers));
  if (conflict !== undefined) {
    const [first, second] = conflict;
    const where = (kind: string): string => ` (${formatKeyPath(pathOf(kind))})`;
    report(pathOf(second), webConflictMessage(first, second, where));
  }
  return workers;
}

function checkAddonNames(addons: AddonRequest[], report: Report): AddonRequest[] {
  const seen = new Map<string, number>();
  addons.forEach((addon, index) => {
    // Unnamed addons are named after their type by the host, so two unnamed ones of a type clash.
    const identity = addon.name ?? `type:${addon.type}`;
    const earlier = seen.get(identity);
    if (earlier === undefined) {
      seen.set(identity, index);
    } else if (addon.name === undefined) {
      report(['addons', index], `a second "${addon.type}" addon without a name (first: addons.${earlier}): give each a distinct name`);
    } else {
      report(['addons', index, 'name'], `duplicate addon name "${addon.name}" (first: addons.${earlier})`);
    }
  });
  return addons.filter(() => true);
}

function mergeStatic(fromRun: Record<string, string>, fromSection: Record<string, string>, report: Report): Record<string, string> {
  for (const prefix of Object.keys(fromSection)) {
    if (prefix in fromRun) report(['static', prefix], `also set in run.static: keep one of them`);
  }
  return { ...fromRun, ...fromSection };
}
