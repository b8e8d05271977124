import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BuildArtifact, Builder, DeploymentContext, StrategyRuntime } from '@hop3/core';
import { appendBuildLog, startBuildLog } from '@hop3/kit';
import { BuildCache, buildKey, hashSourceTree } from './build-cache.js';
import { computeCacheKey, installSettingsOf } from './cache-key.js';
import type { StepKind } from './errors.js';
import { ModulesCache } from './modules-cache.js';
import { readNodeVersionRequest } from './node-version.js';
import { resolveNode } from './node-runtime.js';
import { readPackageJson, type PackageJson } from './package-json.js';
import { choosePackageManager } from './package-manager.js';
import { preparePackageManager, type Invocation, type PackageManagerTool } from './pm-commands.js';
import { lockfileHint, runStep } from './run-step.js';
import { readBuildSettings, type NodeBuildSettings } from './settings.js';
import { defaultWebCommand } from './start-command.js';
import { probeSystemTools } from './system-node.js';
import type { ToolContext } from './tool-cache.js';

/** The app's own build step: `[build] build` commands, else the `hop3-build` script, else the `build` script. */
export type BuildStep = { kind: 'commands'; commands: readonly string[] } | { kind: 'script'; script: string } | null;

export function buildStepOf(context: DeploymentContext, pkg: PackageJson): BuildStep {
  const commands = context.appConfig.hooks.build;
  if (commands !== undefined && commands.length > 0) return { kind: 'commands', commands };
  for (const script of ['hop3-build', 'build']) if (pkg.scripts[script]?.trim()) return { kind: 'script', script };
  return null;
}

/** What a build step runs, for the build cache's key (a script's text is in package.json, which the source hash covers). */
function describeBuildStep(buildStep: NonNullable<BuildStep>, pkg: PackageJson): string {
  return buildStep.kind === 'commands' ? `commands:${buildStep.commands.join('\n')}` : `script:${buildStep.script}:${pkg.scripts[buildStep.script] ?? ''}`;
}

/**
 * Builds a Node app in its release dir: the package manager its lockfile names, the Node version
 * it asks for, a frozen install with dev dependencies, its build step, then a prune of the dev
 * dependencies. node_modules is reused from the app's cache when its content hash is unchanged.
 */
export class NodeBuilder implements Builder {
  static readonly strategyName = 'node';
  readonly name = 'node';
  rejectionReason: string | undefined;

  constructor(
    readonly context: DeploymentContext,
    private readonly runtime: StrategyRuntime,
  ) {}

  accept(): boolean {
    if (existsSync(join(this.context.sourcePath, 'package.json'))) return true;
    this.rejectionReason = `no package.json in ${this.context.sourcePath}`;
    return false;
  }

  /** The app's own files, read and checked: what a deploy's preflight runs on the user's directory. */
  private async readApp() {
    const { sourcePath, appConfig } = this.context;
    const pkg = await readPackageJson(sourcePath);
    const choice = await choosePackageManager(sourcePath, pkg);
    const webCommand = defaultWebCommand(appConfig, pkg, sourcePath);
    const request = await readNodeVersionRequest(sourcePath, pkg, appConfig.build.nodeVersion);
    const buildStep = buildStepOf(this.context, pkg);
    return { pkg, choice, webCommand, request, buildStep };
  }

  /** package.json, the package manager, the start command, the Node version request and the build step: checked, nothing written. */
  async preflight(): Promise<void> {
    await this.readApp();
  }

  async build(): Promise<BuildArtifact> {
    const started = performance.now();
    const { appName, sourcePath, appConfig } = this.context;
    // The app's own files first: bad input is refused before anything is downloaded or written.
    const { pkg, choice, webCommand, request, buildStep } = await this.readApp();
    const appEnv = this.context.app?.env ?? appConfig.env;

    const settings = readBuildSettings(this.runtime);
    const paths = this.runtime.layout.app(appName);
    const logFile = await startBuildLog(paths.log, appName, this.name);
    const note = async (line: string): Promise<void> => {
      this.runtime.log.info(line);
      await appendBuildLog(logFile, line);
    };
    const onLine = (line: string): void => this.runtime.log.progress?.(line);
    const system = await probeSystemTools(settings);
    const tools: ToolContext = { settings, system, logFile, onLine, note };

    const node = await resolveNode(tools, request);
    await note(`Node ${node.version} (${node.system ? 'system node' : 'official build'}, ${node.bin})${request ? ` for ${request.source}` : ''}`);
    const pm = await preparePackageManager(tools, choice);
    await note(`Package manager: ${pm.name} ${pm.version} (${choice.reason})`);

    const prune = appEnv.NODE_ENV === undefined || appEnv.NODE_ENV === 'production';
    const variant = `${buildStep === null ? 'prod' : 'full'}${prune ? '' : '-unpruned'}`;
    const env = this.buildEnv(settings, appEnv, node.bin, pm, sourcePath);
    const key = await computeCacheKey({
      sourceDir: sourcePath,
      lockfile: choice.lockfile,
      dependencyFields: pkg.dependencyFields,
      packageManager: pm.name,
      packageManagerVersion: pm.version,
      nodeVersion: node.version,
      arch: system.arch,
      platform: process.platform,
      variant,
      settings: installSettingsOf({ ...settings.hostEnv, ...appEnv }),
    });
    const cache = new ModulesCache(join(paths.root, 'cache', 'node_modules'));
    const step = (label: string, kind: StepKind, invocation: Invocation, hint?: (output: string) => string | undefined) =>
      runStep({ step: label, kind, ...invocation, cwd: sourcePath, env, logFile, timeoutMs: settings.stepTimeoutMs, onLine, ...(hint ? { hint } : {}) });

    if (existsSync(join(sourcePath, 'node_modules'))) {
      await note('warning: the source holds a node_modules dir; it is replaced by a clean install (add node_modules to .gitignore)');
      await rm(join(sourcePath, 'node_modules'), { recursive: true, force: true });
    }
    // An identical redeploy (same source, dependencies, build step and env) gets the saved build
    // output instead of a build; any difference builds.
    const builds = new BuildCache(join(paths.root, 'cache', 'node-builds'));
    const buildCacheOn = buildStep !== null && choice.lockfile !== null && (appEnv.HOP3_NODE_BUILD_CACHE ?? settings.buildCache) !== '0';
    const sourceHash = buildCacheOn ? await hashSourceTree(sourcePath) : null;
    const builtKey =
      sourceHash === null || buildStep === null
        ? null
        : buildKey({ modulesKey: key, sourceHash, step: describeBuildStep(buildStep, pkg), env: { ...appEnv, ...installSettingsOf(settings.hostEnv) } });

    const installStarted = performance.now();
    let reused = choice.lockfile !== null && cache.has(key);
    let buildReused = false;
    if (builtKey !== null && builds.has(builtKey)) {
      await builds.restore(builtKey, sourcePath);
      reused = true;
      buildReused = true;
      await note(`Dependencies unchanged (${key.slice(0, 12)}) and source unchanged (${builtKey.slice(0, 12)}): build output and node_modules from the cache, no install, no build`);
    } else if (reused) {
      await cache.linkInto(key, sourcePath);
      await note(`Dependencies unchanged (${key.slice(0, 12)}): node_modules linked from the cache, no install`);
    } else {
      if (choice.lockfile === null) await note('warning: no lockfile (package-lock.json): running npm install, so each deploy may get other versions; commit a lockfile');
      const install = pm.install(choice.lockfile !== null);
      await note(`Installing dependencies with ${install.label}`);
      await step(install.label, 'install', install, lockfileHint);
      if (buildStep !== null && choice.lockfile !== null) await cache.save(key, sourcePath);
    }
    const installMs = Math.round(performance.now() - installStarted);

    if (!buildReused) {
      if (buildStep !== null) await this.runBuildStep(buildStep, pm, step, note);
      if (prune && !(reused && buildStep === null)) {
        const pruning = pm.prune();
        await note(`Removing dev dependencies: ${pruning.label}`);
        await step(pruning.label, 'prune', pruning);
      }
      if (!reused && buildStep === null && choice.lockfile !== null) await cache.save(key, sourcePath);
      if (builtKey !== null) await builds.save(builtKey, sourcePath);
    }

    const durationMs = Math.round(performance.now() - started);
    await appendBuildLog(logFile, `Build finished in ${durationMs} ms`);
    return {
      kind: 'node',
      location: sourcePath,
      metadata: {
        nodeVersion: node.version,
        node: node.bin,
        nodeSource: node.system ? 'system' : 'official-build',
        nodeRequest: request?.source ?? null,
        packageManager: pm.name,
        packageManagerVersion: pm.version,
        lockfile: choice.lockfile,
        lockHash: key,
        reused,
        buildReused,
        installMs,
        durationMs,
        // What the app's processes and hooks get first on PATH (kit's toolchainOf).
        binDirs: [dirname(node.bin), join(sourcePath, 'node_modules', '.bin'), ...pm.binDirs],
        // Defaults of the app's runtime env: the app's own env wins (deployers merge it under).
        env: { NODE_ENV: 'production' },
        ...(webCommand === null ? {} : { defaultWorkers: { web: webCommand } }),
      },
    };
  }

  /** The env of installs and build steps: the host's npm settings, the app's env, the chosen node first on PATH; NODE_ENV only if the app sets it. */
  private buildEnv(settings: NodeBuildSettings, appEnv: Record<string, string>, nodeBin: string, pm: PackageManagerTool, sourcePath: string): Record<string, string> {
    const path = [dirname(nodeBin), join(sourcePath, 'node_modules', '.bin'), ...pm.binDirs, appEnv.PATH ?? settings.hostEnv.PATH].join(':');
    return { ...settings.hostEnv, ...appEnv, ...pm.env, CI: 'true', PATH: path };
  }

  private async runBuildStep(
    buildStep: NonNullable<BuildStep>,
    pm: PackageManagerTool,
    step: (label: string, kind: StepKind, invocation: Invocation) => Promise<string>,
    note: (line: string) => Promise<void>,
  ): Promise<void> {
    if (buildStep.kind === 'script') {
      await note(`Running the ${buildStep.script} script`);
      await step(`${pm.name} run ${buildStep.script}`, 'build', pm.runScript(buildStep.script));
      return;
    }
    for (const command of buildStep.commands) {
      await note(`Running [build] build: ${command}`);
      await step(`[build] build: ${command}`, 'build', { command: '/bin/sh', args: ['-c', command] });
    }
  }
}
