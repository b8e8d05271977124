import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCommand } from '@hop3/kit';
import { NodeBuildErrorCodes, nodeError } from './errors.js';
import type { NodeBuildSettings } from './settings.js';

/** A node binary the build or the app runs with. */
export interface NodeRuntime {
  /** `22.23.5` (no "v"). */
  version: string;
  /** Absolute path of the binary. */
  bin: string;
  /** True for the server's own node, false for an official build from the tool cache. */
  system: boolean;
}

/** The system node and the npm that comes with it: they run every package manager. */
export interface SystemTools {
  node: NodeRuntime;
  arch: string;
  /** npm's CLI script, run as `<system node> <npmCli> …` so npm never runs under an app's older node. */
  npmCli: string;
}

function onPath(program: string, path: string): string | undefined {
  for (const dir of path.split(':')) {
    if (dir === '') continue;
    const candidate = join(dir, program);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Find the system node (HOP3_NODE or `node` on PATH) and its npm; a missing one is an error saying what to install. */
export async function probeSystemTools(settings: NodeBuildSettings): Promise<SystemTools> {
  const path = settings.hostEnv.PATH ?? '';
  const node = settings.systemNode.includes('/') ? settings.systemNode : onPath(settings.systemNode, path);
  let facts: { version: string; execPath: string; arch: string } | undefined;
  if (node !== undefined) {
    const probe = await runCommand(node, ['-p', 'JSON.stringify({ version: process.version, execPath: process.execPath, arch: process.arch })'], { allowFailure: true, timeoutMs: 30_000 }).catch(() => null);
    if (probe?.exitCode === 0) facts = JSON.parse(probe.stdout) as typeof facts;
  }
  if (facts === undefined) {
    throw nodeError({
      code: NodeBuildErrorCodes.nodeNotFound,
      message: `The system node (${settings.systemNode}) does not run: install Node.js 20 or later with npm (hop3 setup), or point HOP3_NODE at a node binary.`,
      details: { node: settings.systemNode },
    });
  }
  const besideNode = join(dirname(dirname(realpathSync(facts.execPath))), 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  const npmOnPath = onPath('npm', path);
  const npmCli = settings.npmCli ?? (existsSync(besideNode) ? besideNode : npmOnPath === undefined ? undefined : realpathSync(npmOnPath));
  if (npmCli === undefined || !existsSync(npmCli)) {
    throw nodeError({
      code: NodeBuildErrorCodes.nodeNotFound,
      message: `npm was not found beside the system node (${facts.execPath}) nor on PATH: install npm, or set HOP3_NPM_CLI to its npm-cli.js.`,
      details: { node: facts.execPath },
    });
  }
  return { node: { version: facts.version.replace(/^v/, ''), bin: facts.execPath, system: true }, arch: facts.arch, npmCli };
}
