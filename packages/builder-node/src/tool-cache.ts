import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { withLock, writeJsonAtomic } from '@hop3/kit';
import { runStep } from './run-step.js';
import type { NodeBuildSettings } from './settings.js';
import type { SystemTools } from './system-node.js';

/** One tool installed from the npm registry into `<tools>/<kind>/<key>/node_modules/<package>`. */
export interface InstalledTool {
  dir: string;
  /** The installed package's own dir. */
  packageDir: string;
  /** The version npm installed (the key may be a range such as "10"). */
  version: string;
}

const MARKER = '.hop3-tool.json';

/** What a build passes to the tool cache: where to log, and how to show progress. */
export interface ToolContext {
  settings: NodeBuildSettings;
  system: SystemTools;
  logFile: string;
  onLine?: (line: string) => void;
  note: (line: string) => Promise<void>;
}

/** The env npm runs with to fetch tools: the host's npm settings, the system node first on PATH. */
export function npmToolEnv(context: Pick<ToolContext, 'settings' | 'system'>): Record<string, string> {
  const { settings, system } = context;
  return { ...settings.hostEnv, PATH: `${dirname(system.node.bin)}:${settings.hostEnv.PATH}`, CI: 'true', npm_config_update_notifier: 'false' };
}

async function readMarker(dir: string): Promise<{ package: string; version: string } | null> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, MARKER), 'utf8')) as { package?: unknown; version?: unknown };
    return typeof parsed.package === 'string' && typeof parsed.version === 'string' ? { package: parsed.package, version: parsed.version } : null;
  } catch {
    return null;
  }
}

/** The keys of a kind's installed (complete) tools. */
export async function installedKeys(toolsDir: string, kind: string): Promise<string[]> {
  const base = join(toolsDir, kind);
  const entries = await readdir(base).catch(() => [] as string[]);
  const complete: string[] = [];
  for (const entry of entries) if (!entry.startsWith('.') && existsSync(join(base, entry, MARKER))) complete.push(entry);
  return complete;
}

/**
 * `<package>@<spec>` installed with npm into `<tools>/<kind>/<key>`, once per server. It is
 * installed into a temporary dir and renamed into place complete, under a lock: a failed or
 * interrupted download leaves nothing in the cache, and two builds never install it twice.
 */
export async function ensureTool(context: ToolContext, kind: string, key: string, packageName: string, spec: string): Promise<InstalledTool> {
  const base = join(context.settings.toolsDir, kind);
  const dir = join(base, key);
  const found = async (): Promise<InstalledTool | null> => {
    const marker = await readMarker(dir);
    return marker === null ? null : { dir, packageDir: join(dir, 'node_modules', packageName), version: marker.version };
  };
  const ready = await found();
  if (ready !== null) return ready;
  await mkdir(base, { recursive: true });
  return withLock(join(base, `.${key}.lock`), async () => {
    const again = await found();
    if (again !== null) return again;
    await context.note(`Installing ${packageName}@${spec} into the tool cache (${dir})`);
    const temp = await mkdtemp(join(base, `.tmp-${key}-`));
    try {
      // A project of its own (not `--prefix`, which would also move npm's global config and lose
      // settings such as `cafile` from <npm prefix>/etc/npmrc).
      await writeFile(join(temp, 'package.json'), '{ "private": true }\n');
      await runStep({
        step: `install ${packageName}@${spec}`,
        kind: 'tool',
        command: context.system.node.bin,
        args: [context.system.npmCli, 'install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', '--cache', context.settings.npmCache, `${packageName}@${spec}`],
        cwd: temp,
        env: npmToolEnv(context),
        logFile: context.logFile,
        timeoutMs: context.settings.stepTimeoutMs,
        ...(context.onLine ? { onLine: context.onLine } : {}),
      });
      const installed = JSON.parse(await readFile(join(temp, 'node_modules', packageName, 'package.json'), 'utf8')) as { version: string };
      await writeJsonAtomic(join(temp, MARKER), { package: packageName, version: installed.version, spec, installedAt: new Date().toISOString() });
      await rm(dir, { recursive: true, force: true }); // an incomplete dir of an older hop3
      await rename(temp, dir);
      return { dir, packageDir: join(dir, 'node_modules', packageName), version: installed.version };
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }, { timeoutMs: context.settings.stepTimeoutMs });
}
