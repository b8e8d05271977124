import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildArtifact, Builder, DeploymentContext, StrategyRuntime } from '@hop3/core';
import { appendBuildLog, startBuildLog } from '@hop3/kit';
import { writeBuildState } from './build-state.js';
import { computeDependencyHash, type InstallMode } from './dependency-hash.js';
import { PythonBuildErrorCodes, pythonError } from './errors.js';
import { pipInstall } from './pip-install.js';
import { probePython } from './python-probe.js';
import { logicalLines } from './requirements-refs.js';
import { readBuildSettings } from './settings.js';
import { ensureVenv, venvPython } from './venv.js';
import { isFinishedVenv, removeUnfinishedVenvs, venvDirFor } from './venv-store.js';

export const DEPENDENCY_FILES = ['requirements.txt', 'pyproject.toml'] as const;

/** requirements.txt wins when both exist (a pyproject.toml may only configure tools). */
export function installModeOf(sourceDir: string): InstallMode | null {
  if (existsSync(join(sourceDir, 'requirements.txt'))) return 'requirements';
  if (existsSync(join(sourceDir, 'pyproject.toml'))) return 'pyproject';
  return null;
}

/** True when a requirements file has at least one requirement or option line. */
async function listsAnything(requirementsFile: string): Promise<boolean> {
  return logicalLines(await readFile(requirementsFile, 'utf8')).length > 0;
}

/** The PIP_* variables of an env: they change what pip installs, so they are part of the hash. */
function pipSettingsOf(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith('PIP_')));
}

/** Builds a Python app into a virtualenv per dependency set (`apps/<app>/venvs/<hash>`), reused while the dependencies do not change. */
export class PythonBuilder implements Builder {
  static readonly strategyName = 'python';
  readonly name = 'python';
  rejectionReason: string | undefined;

  constructor(
    readonly context: DeploymentContext,
    private readonly runtime: StrategyRuntime,
  ) {}

  accept(): boolean {
    if (installModeOf(this.context.sourcePath) !== null) return true;
    this.rejectionReason = `no ${DEPENDENCY_FILES.join(' or ')} in ${this.context.sourcePath}`;
    return false;
  }

  async build(): Promise<BuildArtifact> {
    const started = performance.now();
    const { appName, sourcePath } = this.context;
    const mode = installModeOf(sourcePath);
    if (mode === null) {
      throw pythonError({
        message: `Cannot build "${appName}" as a Python app: ${DEPENDENCY_FILES.join(' or ')} is missing in ${sourcePath}.`,
        code: PythonBuildErrorCodes.noDependencyFile,
      });
    }
    const settings = readBuildSettings(this.runtime);
    const paths = this.runtime.layout.app(appName);
    const logFile = await startBuildLog(paths.log, appName, this.name);
    const note = async (line: string): Promise<void> => {
      this.runtime.log.info(line);
      await appendBuildLog(logFile, line);
    };

    const base = await probePython(settings.python);
    if (!base) {
      throw pythonError({
        message: `Python interpreter ${settings.python} does not run. Install python3 and python3-venv, or point HOP3_PYTHON at the Python uWSGI embeds.`,
        code: PythonBuildErrorCodes.pythonNotFound,
      });
    }
    this.checkRequestedVersion(base.version, settings.python);

    const systemSitePackages = this.context.appConfig.build.systemSitePackages === true;
    const appEnv = this.context.app?.env ?? this.context.appConfig.env;
    const hash = await computeDependencyHash({
      sourceDir: sourcePath,
      mode,
      pythonVersion: base.version,
      pipEnv: { ...settings.pipEnv, ...pipSettingsOf(appEnv) },
      systemSitePackages,
    });
    // One venv per dependency set, never changed once built: the running release keeps its own.
    const venvDir = venvDirFor(paths.root, hash);
    const upToDate = hash.cacheable && (await isFinishedVenv(venvDir, hash.hash)) && (await probePython(venvPython(venvDir))) !== null;
    await removeUnfinishedVenvs(paths.root, upToDate ? venvDir : '');
    let version = base.version;
    let python = venvPython(venvDir);

    if (upToDate) {
      await note(`Dependencies unchanged (${hash.hash.slice(0, 12)}): skipping pip install, reusing ${venvDir}`);
    } else {
      await rm(venvDir, { recursive: true, force: true }); // an unfinished or broken build of this set
      try {
        const venv = await ensureVenv(venvDir, base, settings.python, logFile, note, { systemSitePackages });
        ({ version, python } = venv);
        if (mode === 'requirements' && !(await listsAnything(join(sourcePath, 'requirements.txt')))) {
          // A stdlib-only app: requirements.txt only marks it as Python. Running pip would cost ~0.5 s for nothing.
          await note('requirements.txt lists nothing to install: skipping pip install');
        } else {
          await note(`Installing dependencies (${mode === 'requirements' ? 'requirements.txt' : 'pyproject.toml'}) into ${venvDir}`);
          await pipInstall({
            python: venv.python,
            venv: venvDir,
            sourceDir: sourcePath,
            mode,
            appEnv,
            pipEnv: settings.pipEnv,
            logFile,
            timeoutMs: settings.pipTimeoutMs,
            onLine: (line) => this.runtime.log.progress?.(line),
          });
        }
        // Written last: from here on the venv is finished and never changed again.
        await writeBuildState(venvDir, { requirementsHash: hash.hash, pythonVersion: venv.version });
      } catch (error) {
        // A failed build leaves no half-built venv behind (no release uses this one: it was new).
        await rm(venvDir, { recursive: true, force: true });
        throw error;
      }
    }
    const durationMs = Math.round(performance.now() - started);
    await appendBuildLog(logFile, `Build finished in ${durationMs} ms`);
    return {
      kind: 'virtualenv',
      location: venvDir,
      metadata: {
        pythonVersion: version,
        requirementsHash: hash.hash,
        reused: upToDate,
        durationMs,
        python,
        systemSitePackages,
        // What the app's processes and hooks get first on PATH (kit's toolchainOf).
        binDirs: [join(venvDir, 'bin')],
      },
    };
  }

  /** `[build] python-version` must match the server's interpreter: uWSGI embeds only that one. */
  private checkRequestedVersion(actual: string, python: string): void {
    const wanted = this.context.appConfig.build.pythonVersion;
    if (wanted === undefined || wanted === '') return;
    const matches = actual === wanted || actual.startsWith(`${wanted}.`);
    if (!matches) {
      throw pythonError({
        message: `"${this.context.appName}" asks for Python ${wanted}, but ${python} is Python ${actual} (the version uWSGI's python3 plugin embeds). Remove python-version or set it to ${actual.split('.').slice(0, 2).join('.')}.`,
        code: PythonBuildErrorCodes.pythonVersionMismatch,
      });
    }
  }
}
