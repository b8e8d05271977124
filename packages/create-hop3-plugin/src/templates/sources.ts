import type { Kind } from '../options.js';
import type { Names } from './names.js';

// The TypeScript sources of a new plugin. Each strategy is small but real: the conformance
// suites of @hop3/testkit pass against it without edits, and hop3 deploys with it.

export function artifactSource(): string {
  return `/**
 * The artifact kind the builder makes and the deployer runs: the app's files as they are.
 * An app gets this deployer because its artifact has this kind (deployers refuse others), or
 * because its hop3.toml says \`[run] deployer = "<name>"\`.
 */
export const ARTIFACT_KIND = 'static';
`;
}

export function errorsSource(n: Names, kinds: readonly Kind[]): string {
  const codes: string[] = [];
  if (kinds.includes('deployer')) {
    codes.push(`  /** The app's state file exists but cannot be read. */\n  stateCorrupt: '${n.upper}_STATE_CORRUPT',`);
  }
  if (kinds.includes('addon')) {
    codes.push(`  /** The service does not exist yet: create it first. */\n  notCreated: '${n.upper}_NOT_CREATED',`);
    codes.push(`  /** restore() was given a backup that does not exist. */\n  backupNotFound: '${n.upper}_BACKUP_NOT_FOUND',`);
  }
  if (codes.length === 0) codes.push(`  /** The app cannot be built as it is. */\n  invalidApp: '${n.upper}_INVALID_APP',`);
  return `import { errorFactory } from '@hop3/core';

/**
 * This plugin's error codes, stable for scripts (\`hop3 --json\` prints them). Throw them with
 * \`${n.camel}Error({ code, message, details })\`: say what was wrong and how to fix it.
 */
export const ${n.pascal}ErrorCodes = {
${codes.join('\n')}
} as const;

export type ${n.pascal}ErrorCode = (typeof ${n.pascal}ErrorCodes)[keyof typeof ${n.pascal}ErrorCodes];

/** Codes listed in \`input\` are the user's bad input: hop3 exits 2 for them. */
export const ${n.camel}Error = errorFactory<${n.pascal}ErrorCode>({
  input: [${kinds.includes('addon') ? `${n.pascal}ErrorCodes.backupNotFound` : ''}],
});
`;
}

export function builderSource(n: Names): string {
  return `import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildArtifact, Builder, DeploymentContext, StrategyRuntime } from '@hop3/core';
import { ARTIFACT_KIND } from './artifact.js';

/** Files that mean the app has server code: another builder's job. */
const SERVER_FILES = ['requirements.txt', 'pyproject.toml', 'package.json', 'Procfile'];

/**
 * Builder "${n.strategy}": recognises a static site (an index.html, no server code) and hands its
 * files on as they are. Hosts construct it for one build with the app's context.
 */
export class ${n.pascal}Builder implements Builder {
  /** The name hosts list without constructing the class. */
  static readonly strategyName = '${n.strategy}';
  static readonly description = 'Static sites: an index.html and no server code';

  readonly name = '${n.strategy}';
  rejectionReason: string | undefined;

  constructor(
    readonly context: DeploymentContext,
    private readonly runtime: StrategyRuntime,
  ) {}

  /** Cheap checks only: no build, no network, nothing written. */
  accept(): boolean {
    const dir = this.context.sourcePath;
    if (!existsSync(join(dir, 'index.html'))) {
      this.rejectionReason = 'no index.html';
      return false;
    }
    const server = SERVER_FILES.filter((file) => existsSync(join(dir, file)));
    if (server.length > 0) {
      this.rejectionReason = \`looks like a server app (\${server.join(', ')})\`;
      return false;
    }
    return true;
  }

  build(): BuildArtifact {
    this.runtime.log.info(\`${n.strategy}: serving \${this.context.sourcePath} as it is\`);
    return { kind: ARTIFACT_KIND, location: this.context.sourcePath, metadata: {} };
  }
}
`;
}

export function deployerSource(n: Names): string {
  return `import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z, type BuildArtifact, type DeployerStatus, type DeploymentContext, type DeploymentInfo, type Deployer, type StrategyRuntime } from '@hop3/core';
import { ARTIFACT_KIND } from './artifact.js';
import { ${n.camel}Error, ${n.pascal}ErrorCodes } from './errors.js';
import { readJsonFile, writeJsonFile } from './json-file.js';

/** What this deployer remembers about an app between commands. */
const stateSchema = z.object({ running: z.boolean(), address: z.string() });
type State = z.infer<typeof stateSchema>;

/**
 * Deployer "${n.strategy}": runs no process. deploy() answers \`{ protocol: 'static', address }\`
 * and the proxy serves the files at that address.
 *
 * Hosts construct a NEW deployer for every command (deploy now, status or stop later, maybe
 * from another process): whatever it must remember lives on disk, here a state file in the
 * app's directory (\`runtime.layout.app(name).root\`).
 */
export class ${n.pascal}Deployer implements Deployer {
  static readonly strategyName = '${n.strategy}';
  static readonly description = 'Serves static artifacts through the proxy, with no process';

  readonly name = '${n.strategy}';
  readonly rejectionReason: string | undefined;
  private readonly stateFile: string;

  constructor(
    readonly context: DeploymentContext,
    readonly artifact: BuildArtifact,
    private readonly runtime: StrategyRuntime,
  ) {
    this.stateFile = join(runtime.layout.app(context.appName).root, '${n.strategy}.json');
    if (artifact.kind !== ARTIFACT_KIND) this.rejectionReason = \`artifact kind is "\${artifact.kind}", not "\${ARTIFACT_KIND}"\`;
  }

  accept(): boolean {
    return this.artifact.kind === ARTIFACT_KIND;
  }

  async deploy(): Promise<DeploymentInfo> {
    await this.save({ running: true, address: this.artifact.location });
    return this.info(this.artifact.location);
  }

  /** No processes: nothing to scale. */
  scale(): void {}

  async stop(): Promise<void> {
    const state = await this.load();
    if (state !== undefined) await this.save({ ...state, running: false });
  }

  async start(): Promise<void> {
    const state = await this.load();
    if (state !== undefined) await this.save({ ...state, running: true });
  }

  async destroy(): Promise<void> {
    await rm(this.stateFile, { force: true });
  }

  /** Measured, never assumed, and never throws: deployed, not stopped, and the files are there. */
  async checkStatus(): Promise<boolean> {
    try {
      const state = await this.load();
      return state?.running === true && existsSync(join(state.address, 'index.html'));
    } catch {
      return false;
    }
  }

  /** \`deployment\` tells the host where the live version answers (hop3 status shows it). */
  async getStatus(): Promise<DeployerStatus> {
    const running = await this.checkStatus();
    const state = await this.load().catch(() => undefined);
    return { running, processes: {}, deployment: running && state !== undefined ? this.info(state.address) : null };
  }

  private info(address: string): DeploymentInfo {
    return { protocol: 'static', address, port: null };
  }

  private async load(): Promise<State | undefined> {
    const value = await readJsonFile(this.stateFile);
    if (value === undefined) return undefined;
    const parsed = stateSchema.safeParse(value);
    if (!parsed.success) {
      throw ${n.camel}Error({
        code: ${n.pascal}ErrorCodes.stateCorrupt,
        message: \`The ${n.strategy} state of app "\${this.context.appName}" is damaged (\${this.stateFile}): deploy the app again.\`,
        details: { path: this.stateFile },
      });
    }
    return parsed.data;
  }

  private save(state: State): Promise<void> {
    return writeJsonFile(this.stateFile, state);
  }
}
`;
}

export function addonSource(n: Names): string {
  return `import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { Addon, StrategyRuntime } from '@hop3/core';
import { ${n.camel}Error, ${n.pascal}ErrorCodes } from './errors.js';
import { writeJsonFile } from './json-file.js';

/**
 * Addon "${n.strategy}": a private directory an app stores files in, with a token. Apps get
 * \`${n.upper}_DIR\` and \`${n.upper}_TOKEN\`. Backups copy the directory.
 *
 * The token is a secret: it is written 0600 and never logged, returned by info() or put in an
 * error message.
 */
export class ${n.pascal}Addon implements Addon {
  static readonly strategyName = '${n.strategy}';
  static readonly description = 'A private file directory per service, with backups';

  readonly name = '${n.strategy}';
  private readonly home: string;

  constructor(
    readonly addonName: string,
    private readonly runtime: StrategyRuntime,
  ) {
    this.home = join(runtime.layout.addonDir('${n.strategy}'), addonName);
  }

  private get dataDir(): string {
    return join(this.home, 'data');
  }

  private get secretFile(): string {
    return join(this.home, 'secret.json');
  }

  /** Idempotent: an existing service is kept as it is (same token, same data). */
  async create(): Promise<void> {
    if (existsSync(this.secretFile)) return;
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    await writeJsonFile(this.secretFile, { token: randomBytes(24).toString('hex') });
    this.runtime.log.info(\`${n.strategy} service "\${this.addonName}" created\`);
  }

  /** Idempotent. */
  async destroy(): Promise<void> {
    await rm(this.home, { recursive: true, force: true });
  }

  async getConnectionDetails(): Promise<Record<string, string>> {
    return { ${n.upper}_DIR: this.dataDir, ${n.upper}_TOKEN: await this.token() };
  }

  async backup(): Promise<string> {
    await this.token(); // refuses a service that does not exist
    const target = join(this.runtime.layout.backupDir('${n.strategy}', this.addonName), new Date().toISOString().replace(/[:.]/g, '-'));
    await cp(this.dataDir, target, { recursive: true });
    return target;
  }

  /** Checked first, copied beside the data, then swapped in: a failure leaves the data as it was. */
  async restore(path: string): Promise<void> {
    const found = isAbsolute(path) ? await stat(path).catch(() => null) : null;
    if (found === null || !found.isDirectory()) {
      throw ${n.camel}Error({
        code: ${n.pascal}ErrorCodes.backupNotFound,
        message: \`No backup directory at "\${path}": give the absolute path backup() returned.\`,
        details: { path },
      });
    }
    const inside = relative(this.dataDir, path);
    if (inside === '' || !inside.startsWith('..')) {
      throw ${n.camel}Error({
        code: ${n.pascal}ErrorCodes.backupNotFound,
        message: \`"\${path}" is the service's own data, not a backup: give the path backup() returned.\`,
        details: { path },
      });
    }
    await this.token();
    const staging = \`\${this.dataDir}.restoring\`;
    await rm(staging, { recursive: true, force: true });
    await cp(path, staging, { recursive: true });
    await rm(this.dataDir, { recursive: true, force: true });
    await rename(staging, this.dataDir);
  }

  /** Facts for humans and scripts; never the token. */
  async info(): Promise<Record<string, unknown>> {
    const exists = existsSync(this.secretFile);
    return { service: this.addonName, exists, dir: this.dataDir, files: exists ? (await readdir(this.dataDir)).length : 0 };
  }

  private async token(): Promise<string> {
    if (!existsSync(this.secretFile)) {
      throw ${n.camel}Error({
        code: ${n.pascal}ErrorCodes.notCreated,
        message: \`The ${n.strategy} service "\${this.addonName}" does not exist: create it first.\`,
        details: { service: this.addonName },
      });
    }
    return (JSON.parse(await readFile(this.secretFile, 'utf8')) as { token: string }).token;
  }
}
`;
}

export function jsonFileSource(): string {
  return `import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Write JSON so that a reader never sees half a file: a temp file beside it, then a rename.
 * Mode 0600: state files may hold secrets. (writeJsonAtomic from @hop3/kit does the same.)
 */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = \`\${path}.\${process.pid}.tmp\`;
  await writeFile(temp, \`\${JSON.stringify(value, null, 2)}\\n\`, { mode: 0o600 });
  await rename(temp, path);
}

/** The JSON in path, or undefined when the file does not exist. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null; // damaged: the caller's schema check refuses it with its own message
  }
}
`;
}

export function indexSource(n: Names, kinds: readonly Kind[]): string {
  const imports = ["import { definePlugin } from '@hop3/core';"];
  const exports: string[] = [];
  const hooks: string[] = [];
  if (kinds.includes('builder')) {
    imports.push(`import { ${n.pascal}Builder } from './builder.js';`);
    exports.push(`export { ${n.pascal}Builder } from './builder.js';`);
    hooks.push(`    getBuilders: () => [${n.pascal}Builder],`);
  }
  if (kinds.includes('deployer')) {
    imports.push(`import { ${n.pascal}Deployer } from './deployer.js';`);
    exports.push(`export { ${n.pascal}Deployer } from './deployer.js';`);
    hooks.push(`    getDeployers: () => [${n.pascal}Deployer],`);
  }
  if (kinds.includes('addon')) {
    imports.push(`import { ${n.pascal}Addon } from './addon.js';`);
    exports.push(`export { ${n.pascal}Addon } from './addon.js';`);
    hooks.push(`    getAddons: () => [${n.pascal}Addon],`);
  }
  exports.push(`export { ${n.pascal}ErrorCodes, type ${n.pascal}ErrorCode } from './errors.js';`);
  return `${imports.join('\n')}

// The public surface: the plugin (default export), its strategy classes and error codes.
${exports.join('\n')}

/**
 * Hooks return classes with a static \`strategyName\` (or \`{ name, create }\` descriptors). Hosts
 * list the names without constructing anything, and construct a strategy only when a command
 * needs it.
 */
export default definePlugin({
  name: '${n.packageName}',
  apiVersion: 1,
  hooks: {
${hooks.join('\n')}
  },
});
`;
}

export function testSource(n: Names, kinds: readonly Kind[]): string {
  const suites: string[] = [];
  const testkit: string[] = [];
  const node: string[] = [];
  if (kinds.includes('builder')) {
    testkit.push('describeBuilder');
    suites.push(`describeBuilder({
  plugin,
  strategy: '${n.strategy}',
  accepts: [{ name: 'site', files: { 'index.html': '<h1>hello</h1>' } }],
  refuses: [
    { name: 'empty', files: {} },
    { name: 'python-app', files: { 'index.html': '<h1>hi</h1>', 'requirements.txt': 'flask\\n' } },
  ],
  artifactKind: 'static',
});`);
  }
  if (kinds.includes('deployer')) {
    testkit.push('describeDeployer');
    suites.push(`describeDeployer({
  plugin,
  strategy: '${n.strategy}',
  app: { name: 'site', files: { 'index.html': '<h1>hello</h1>' } },
  artifact: (context) => ({ kind: 'static', location: context.sourcePath, metadata: {} }),
});`);
  }
  if (kinds.includes('addon')) {
    testkit.push('describeAddon');
    node.push("import { readFile, writeFile } from 'node:fs/promises';", "import { join } from 'node:path';");
    suites.push(`describeAddon({
  plugin,
  strategy: '${n.strategy}',
  write: (details, marker) => writeFile(join(details.${n.upper}_DIR!, 'marker.txt'), marker),
  read: (details) => readFile(join(details.${n.upper}_DIR!, 'marker.txt'), 'utf8').catch(() => null),
});`);
  }
  return `${node.join('\n')}${node.length > 0 ? '\n' : ''}import { ${testkit.join(', ')} } from '@hop3/testkit';
import plugin from '../src/index.js';

// The conformance suites of @hop3/testkit: what every Hop3 host relies on, checked for real
// (a private HOP3_ROOT per suite, a fresh strategy instance per step, as hosts make them).
// Add your own tests beside this file.

${suites.join('\n\n')}
`;
}
